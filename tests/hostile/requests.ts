/**
 * @module
 * Hostile raw requests, as fast-check arbitraries: generated ones whose framing is right
 * (so they can share a keep-alive connection) and everything in between the bytes is odd,
 * and mutations of the tricky-request corpus, where nothing is right.
 *
 * Strings here are latin-1: one code unit per byte, so `Buffer.from(s, 'latin1')` is the wire.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'

/** A request ready to send, and what the fuzzer must know to judge its answer. */
export interface HostileRequest {
  readonly kind: 'generated' | 'mutated'
  readonly bytes: Buffer
  /** The response to a HEAD has no body. */
  readonly head: boolean
  /** Sent as `X-Fuzz-Id`: the echo must give back this request's own id, not another's. */
  readonly id?: string
}

const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const latin1 = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((code) => String.fromCharCode(code))

const token = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength })

/** A byte a field value may hold (RFC 9110 field-vchar, SP, HTAB, obs-text). */
const valueByte = fc.oneof(
  { weight: 6, arbitrary: latin1(0x20, 0x7e) },
  { weight: 2, arbitrary: latin1(0x80, 0xff) },
  { weight: 1, arbitrary: fc.constant('\t') }
)

/** A control byte no field value may hold: the parser must refuse it, not pass it on. */
const controlByte = fc.constantFrom('\0', '\x7f', '\x01', '\x1b', '\x0b', '\x0c')

const METHODS = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'TRACE',
      'PURGE',
      'PROPFIND',
      'M-SEARCH',
      'get',
      'SOURCE',
      'CONNECT'
    ),
  },
  { weight: 1, arbitrary: token(24) }
)

/** One piece of a request-target: plain text, percent-escapes (valid or not), dot segments. */
const targetPiece = fc.oneof(
  { weight: 12, arbitrary: fc.string({ unit: latin1(0x21, 0x7e), maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: 0, max: 255 })
      .map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('%', '%z', '%zz', '%%', '%u2028', '%C0%AF', '%00') },
  { weight: 1, arbitrary: fc.constantFrom('/', '//', '/./', '/../', '?', '??', '#', ';', '&') },
  { weight: 1, arbitrary: fc.string({ unit: latin1(0x80, 0xff), maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom('<script>alert(1)</script>', '"><img src=x>', '{{7*7}}') }
)

const TARGETS = fc.oneof(
  { weight: 8, arbitrary: fc.array(targetPiece, { maxLength: 10 }).map((p) => `/${p.join('')}`) },
  {
    weight: 1,
    arbitrary: fc
      .array(targetPiece, { maxLength: 6 })
      .map((p) => `http://example.test:8080/${p.join('')}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('*', 'example.test:443', 'noslash', '/_inspectorx/y') },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1024, max: 20_000 }).map((n) => `/${'a'.repeat(n)}`),
  }
)

const VERSIONS = fc.oneof(
  { weight: 16, arbitrary: fc.constant('HTTP/1.1') },
  { weight: 4, arbitrary: fc.constant('HTTP/1.0') },
  { weight: 1, arbitrary: fc.constantFrom('HTTP/1.2', 'HTTP/2.0', 'HTTP/0.9', 'http/1.1') }
)

const HEADER_NAMES = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'Host',
      'Content-Type',
      'Cookie',
      'Authorization',
      'X-Forwarded-For',
      'X_Forwarded_For',
      'X-Forwarded-Proto',
      'X-Forwarded-Host',
      'Forwarded',
      'Script-Name',
      'Script_Name',
      'Path-Info',
      'Expect',
      'Connection',
      'Upgrade',
      'Referer',
      'User-Agent',
      'Accept-Encoding',
      'Proxy',
      'Http-Host'
    ),
  },
  { weight: 2, arbitrary: token(40) }
)

const HEADER_VALUES = fc.oneof(
  { weight: 24, arbitrary: fc.string({ unit: valueByte, maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: valueByte, maxLength: 10 }), controlByte)
      .map(([text, control]) => `${text}${control}${text}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '100-continue',
      'close',
      'keep-alive, Upgrade',
      'h2c',
      '1.2.3.4, 5.6.7.8, unknown',
      'for="[::1]:80";proto=https;host=evil.test',
      '<script>alert(document.domain)</script>',
      'javascript:alert(1)'
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 500, max: 9000 }).map((n) => 'v'.repeat(n)) }
)

/** Framing the fuzzer controls itself, so the random headers may not set it. */
const FRAMING = /^(content-length|transfer-encoding)$/i

const BODIES = fc.oneof(
  { weight: 5, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 3000, maxLength: 6000 }) }
)

/** A request whose framing is correct: Content-Length or chunked, computed from the body. */
export function generatedRequest(id: () => string): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      method: METHODS,
      target: TARGETS,
      version: VERSIONS,
      headers: fc.array(fc.tuple(HEADER_NAMES, HEADER_VALUES), { maxLength: 8 }),
      body: BODIES,
      chunked: fc.boolean(),
      chunkSizes: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 6 }),
      chunkExtension: fc.constantFrom('', ';ext=1', ';a="b"'),
      trailer: fc.option(fc.tuple(token(20), fc.string({ unit: latin1(0x20, 0x7e) })), {
        nil: undefined,
      }),
    })
    .map((r) => {
      const fuzzId = id()
      const lines = [`${r.method} ${r.target} ${r.version}`, `X-Fuzz-Id: ${fuzzId}`]
      for (const [name, value] of r.headers) {
        if (!FRAMING.test(name)) lines.push(`${name}: ${value}`)
      }
      const body = Buffer.from(r.body)
      let payload: Buffer = body
      if (r.chunked && r.version === 'HTTP/1.1') {
        lines.push('Transfer-Encoding: chunked')
        payload = chunk(body, r.chunkSizes, r.chunkExtension, r.trailer)
      } else if (body.length > 0 || r.method === 'POST') {
        lines.push(`Content-Length: ${body.length}`)
      }
      const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
      return {
        kind: 'generated' as const,
        bytes: Buffer.concat([head, payload]),
        head: r.method === 'HEAD',
        id: fuzzId,
      }
    })
}

function chunk(
  body: Buffer,
  sizes: readonly number[],
  extension: string,
  trailer: readonly [string, string] | undefined
): Buffer {
  const parts: Buffer[] = []
  let offset = 0
  for (let i = 0; offset < body.length; i++) {
    const size = Math.min(sizes[i % sizes.length] ?? 1, body.length - offset)
    parts.push(Buffer.from(`${size.toString(16)}${extension}\r\n`, 'latin1'))
    parts.push(body.subarray(offset, offset + size), Buffer.from('\r\n'))
    offset += size
  }
  const trailerText = trailer && !FRAMING.test(trailer[0]) ? `${trailer[0]}: ${trailer[1]}\r\n` : ''
  parts.push(Buffer.from(`0\r\n${trailerText}\r\n`, 'latin1'))
  return Buffer.concat(parts)
}

interface CorpusEntry {
  request: string
}

/** The raw requests of tests/corpus/spec-corpus.json: every odd case the spec observed. */
export function corpusRequests(): Buffer[] {
  const path = new URL('../corpus/spec-corpus.json', import.meta.url)
  const cases = JSON.parse(readFileSync(path, 'utf8')) as CorpusEntry[]
  return cases.map((c) => Buffer.from(c.request, 'base64'))
}

const INTERESTING_BYTES = [0x0d, 0x0a, 0x00, 0x20, 0x09, 0x3a, 0x25, 0x3f, 0x2f, 0x7f, 0x80, 0xff]

type Mutation = (bytes: Buffer) => Buffer

const at = (bytes: Buffer, fraction: number) => Math.floor(fraction * (bytes.length + 1))

/** Byte-level edits: the kinds of damage a proxy, a fuzzer or a bad client does. */
const MUTATION = fc.oneof(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })).map(
    ([where, byte]): Mutation =>
      (b) => {
        const copy = Buffer.from(b)
        if (copy.length > 0) copy[Math.min(at(b, where), copy.length - 1)] = byte
        return copy
      }
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...INTERESTING_BYTES)).map(
    ([where, byte]): Mutation =>
      (b) =>
        Buffer.concat([b.subarray(0, at(b, where)), Buffer.of(byte), b.subarray(at(b, where))])
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(
    ([where, length]): Mutation =>
      (b) =>
        Buffer.concat([b.subarray(0, at(b, where)), b.subarray(at(b, where) + length)])
  ),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 80 })).map(
    ([where, length]): Mutation =>
      (b) => {
        const start = at(b, where)
        const piece = b.subarray(start, start + length)
        return Buffer.concat([b.subarray(0, start), piece, piece, b.subarray(start)])
      }
  ),
  fc.double({ min: 0, max: 1, noNaN: true }).map(
    (where): Mutation =>
      (b) =>
        b.subarray(0, at(b, where))
  ),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom(0x41, 0x20, 0x25, 0x0d),
      fc.integer({ min: 100, max: 40_000 })
    )
    .map(
      ([where, byte, count]): Mutation =>
        (b) =>
          Buffer.concat([
            b.subarray(0, at(b, where)),
            Buffer.alloc(count, byte),
            b.subarray(at(b, where)),
          ])
    ),
  fc.constant<Mutation>((b) =>
    Buffer.from(b.toString('latin1').replaceAll('\r\n', '\n'), 'latin1')
  ),
  fc.constantFrom<Mutation>(
    (b) => Buffer.concat([b, Buffer.from('GET /second HTTP/1.1\r\nHost: x\r\n\r\n')]),
    (b) =>
      Buffer.from(
        b.toString('latin1').replace('\r\n', '\r\nContent-Length: 5\r\nContent-Length: 6\r\n'),
        'latin1'
      ),
    (b) =>
      Buffer.from(
        b
          .toString('latin1')
          .replace('\r\n', '\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n'),
        'latin1'
      ),
    (b) =>
      Buffer.from(b.toString('latin1').replace('\r\n', '\r\nExpect: 100-continue\r\n'), 'latin1')
  )
)

/** A corpus request (or a generated one) with one to four mutations applied in turn. */
export function mutatedRequest(seeds: readonly Buffer[]): fc.Arbitrary<HostileRequest> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(MUTATION, { minLength: 1, maxLength: 4 }))
    .map(([seed, mutations]) => {
      const bytes = mutations.reduce((b, mutate) => mutate(b), seed)
      // the parser skips empty lines before a request line (RFC 9112 §2.2), any number
      let start = 0
      while (bytes[start] === 0x0d || bytes[start] === 0x0a) start++
      const head = bytes.subarray(start, start + 5).toString('latin1') === 'HEAD '
      return { kind: 'mutated' as const, bytes, head }
    })
}
