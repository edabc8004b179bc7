import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { captureExchange } from '../../../server/capture/record.ts'
import { compileRedactor } from '../../../server/capture/redact.ts'
import {
  environOf,
  reconstructHead,
  toEvent,
  toRecordJson,
  toSummary,
} from '../../../server/capture/views.ts'
import type { Environ } from '../../../server/contract/python.ts'
import type { RequestFacts } from '../../../server/contract/request.ts'
import { prepareEnvironBuilder } from '../../../server/gateway/environ.ts'
import { exchange } from '../../helpers/exchange.ts'
import { SERVER } from '../../helpers/request.ts'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function bytes(size: number): Uint8Array {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) out[i] = (i * 7) & 0xff
  return out
}

describe('body: truncation and hash', () => {
  const cases = [
    { name: 'keeps a body under the limit whole', size: 100, bodyLimit: 1024, kept: 100 },
    { name: 'keeps a body of exactly the limit whole', size: 1024, bodyLimit: 1024, kept: 1024 },
    {
      name: 'keeps the first bodyLimit bytes of a larger body',
      size: 100_000,
      bodyLimit: 65_536,
      kept: 65_536,
    },
    { name: 'keeps no bytes with a body limit of 0', size: 10, bodyLimit: 0, kept: 0 },
    { name: 'an empty body', size: 0, bodyLimit: 1024, kept: 0 },
  ]
  test.each(cases)('$name', ({ size, bodyLimit, kept }) => {
    const body = bytes(size)
    const record = captureExchange(exchange({ request: { body } }), 1, { bodyLimit })
    expect(record.bodySize).toBe(size)
    expect(record.body.length).toBe(kept)
    expect(record.bodySha256).toBe(sha256(body)) // always of the whole body
    const json = toRecordJson(record).request.body
    expect(json).toMatchObject({ size, kept, truncated: kept < size, sha256: sha256(body) })
    expect(Buffer.from(json.base64, 'base64').equals(Buffer.from(body.subarray(0, kept)))).toBe(
      true
    )
  })

  test.each([
    { name: 'cut inside the second piece', pieces: [1000, 1000, 1000], bodyLimit: 1500 },
    { name: 'cut at a piece boundary', pieces: [1000, 1000], bodyLimit: 1000 },
    { name: 'kept whole', pieces: [10, 20, 30], bodyLimit: 1024 },
  ])('a body kept in pieces, $name: same bytes and hash, never joined', ({ pieces, bodyLimit }) => {
    const whole = bytes(pieces.reduce((a, b) => a + b, 0))
    const bodyChunks: Uint8Array[] = []
    let at = 0
    for (const length of pieces) {
      bodyChunks.push(whole.subarray(at, at + length))
      at += length
    }
    const base = exchange()
    const request = Object.defineProperty({ ...base.request, bodyChunks }, 'body', {
      get() {
        throw new Error('joined the pieces')
      },
    })
    const record = captureExchange({ ...base, request }, 1, { bodyLimit })
    const expected = captureExchange(exchange({ request: { body: whole } }), 1, { bodyLimit })
    expect(record.bodySize).toBe(whole.length)
    expect(record.bodySha256).toBe(sha256(whole))
    expect(Buffer.from(record.body).equals(Buffer.from(expected.body))).toBe(true)
  })

  test('copies the kept bytes: the record neither changes with nor pins the request buffer', () => {
    const body = Buffer.alloc(4096, 'a')
    const record = captureExchange(exchange({ request: { body } }), 1, { bodyLimit: 100 })
    body.fill('b')
    expect(Buffer.from(record.body).toString()).toBe('a'.repeat(100))
    expect(record.body.buffer.byteLength).toBe(100)
  })
})

describe('environ', () => {
  test("is stored as Python's str() of each value, in the server's key order", () => {
    const record = captureExchange(
      exchange({
        environ: {
          REQUEST_METHOD: 'GET',
          'wsgi.version': { pyTuple: [1, 0] },
          'wsgi.multithread': false,
          'wsgi.input': { pyRepr: '<_io.BufferedReader name=7>' },
          REMOTE_PORT: 50000,
        },
      }),
      1,
      { bodyLimit: 0 }
    )
    expect(Object.entries(environOf(record) ?? {})).toEqual([
      ['REQUEST_METHOD', 'GET'],
      ['wsgi.version', '(1, 0)'],
      ['wsgi.multithread', 'False'],
      ['wsgi.input', '<_io.BufferedReader name=7>'],
      ['REMOTE_PORT', '50000'],
    ])
  })

  test('shares the key list between records while it repeats, never changing a shared one', () => {
    const capture = (environ: Record<string, string>) =>
      captureExchange(exchange({ environ }), 1, { bodyLimit: 0 })
    const a = capture({ A: '1', B: '2' })
    const b = capture({ A: '3', B: '4' })
    const c = capture({ A: '5', C: '6', D: '7' })
    const d = capture({ A: '8' })
    expect(b.environKeys).toBe(a.environKeys)
    expect([a, b, c, d].map((r) => environOf(r))).toEqual([
      { A: '1', B: '2' },
      { A: '3', B: '4' },
      { A: '5', C: '6', D: '7' },
      { A: '8' },
    ])
  })

  test('is null, with the reason, when the profile refused the request', () => {
    const record = captureExchange(
      exchange({ environ: undefined, status: 400, refusal: 'duplicate Host header' }),
      1,
      { bodyLimit: 0 }
    )
    expect([record.environKeys, record.environValues, environOf(record)]).toEqual([
      null,
      null,
      null,
    ])
    expect(toSummary(record)).toMatchObject({ status: 400, refusal: 'duplicate Host header' })
  })
})

describe('the raw request', () => {
  test('keeps header names as sent, in order, duplicates included', () => {
    const rawHeaders = ['host', 'h', 'X-Dup', 'one', 'x-dup', 'two', 'X_Under', 'u']
    const json = toRecordJson(
      captureExchange(exchange({ request: { rawHeaders } }), 1, { bodyLimit: 0 })
    )
    expect(json.request.headers).toEqual([
      ['host', 'h'],
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['X_Under', 'u'],
    ])
  })

  const heads = [
    {
      name: 'an HTTP/1.1 request line and its headers',
      given: {
        method: 'POST',
        target: '/a?b=1',
        httpVersion: '1.1',
        rawHeaders: ['Host', 'x', 'X-A', '1'],
      },
      want: 'POST /a?b=1 HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n\r\n',
    },
    {
      name: 'an HTTP/0.9 request line has no version',
      given: { method: 'GET', target: '/nine', httpVersion: '0.9', rawHeaders: [] },
      want: 'GET /nine\r\n\r\n',
    },
    {
      name: 'latin-1 header bytes stay one character per byte',
      given: {
        method: 'GET',
        target: '*',
        httpVersion: '1.0',
        rawHeaders: ['X-Caf\u00e9', '\u00ff'],
      },
      want: 'GET * HTTP/1.0\r\nX-Caf\u00e9: \u00ff\r\n\r\n',
    },
  ]
  test.each(heads)('reconstructs the head: $name', ({ given, want }) => {
    expect(reconstructHead(given)).toBe(want)
    const json = toRecordJson(captureExchange(exchange({ request: given }), 1, { bodyLimit: 0 }))
    expect(json.request.head).toEqual({ text: want, bytes: want.length, reconstructed: true })
  })
})

describe('JSON views', () => {
  const record = captureExchange(
    exchange({
      request: {
        method: 'PUT',
        target: '/x',
        rawHeaders: ['Host', 'h', 'content-type', 'application/json'],
        body: new TextEncoder().encode('{}'),
        remoteAddress: '::1',
        remotePort: 4242,
      },
      status: 201,
      responseBytes: 99,
      durationMs: 3,
    }),
    42,
    { bodyLimit: 1024 }
  )

  test('the summary names the request without its body or environ', () => {
    expect(toSummary(record)).toEqual({
      id: '42',
      time: '2026-01-02T03:04:05.678Z',
      durationMs: 3,
      peer: { address: '::1', port: 4242 },
      method: 'PUT',
      target: '/x',
      httpVersion: '1.1',
      status: 201,
      responseBytes: 99,
      bodySize: 2,
      contentType: 'application/json',
      refusal: null,
      headers: [
        ['Host', 'h'],
        ['content-type', 'application/json'],
      ],
    })
  })

  test('the event adds the environ; the full record adds the raw request and local address', () => {
    expect(toEvent(record)).toEqual({ ...toSummary(record), environ: environOf(record) })
    const json = toRecordJson(record)
    expect(Object.keys(json).slice(-4)).toEqual(['local', 'request', 'environ', 'redacted'])
    expect(json.local).toEqual({ address: '127.0.0.1', port: 8000 })
    expect(json.request.requestLine).toBe('PUT /x HTTP/1.1')
    expect(JSON.parse(JSON.stringify(json))).toEqual(json) // plain JSON
  })

  test('lists the header names it redacted', () => {
    const redacted = captureExchange(
      exchange({ request: { rawHeaders: ['Authorization', 'Bearer s3cret', 'Host', 'h'] } }),
      1,
      { bodyLimit: 0, redactor: compileRedactor(['authorization']) }
    )
    expect(toRecordJson(redacted).redacted).toEqual(['Authorization'])
    expect(JSON.stringify(toRecordJson(redacted))).not.toContain('s3cret')
  })
})

describe('capture on demand: an environ the echo never built', () => {
  const request = {
    target: '/a%20b?x=1',
    rawHeaders: ['Host', 'example.test', 'User-Agent', 'curl/8', 'X-Token', 'secret'],
  }
  const built = prepareEnvironBuilder(SERVER, 'wsgiref')

  function lazyExchange(counter: { builds: number }) {
    const base = exchange({ request })
    const { environ: _built, ...rest } = base
    return {
      ...rest,
      get environ(): Environ {
        throw new Error('the capture must not read the exchange’s environ')
      },
      rebuildEnviron: (facts: RequestFacts) => {
        counter.builds++
        return built(facts)
      },
    }
  }

  test('is built on first read, once, and equals the one built up front', () => {
    const counter = { builds: 0 }
    const record = captureExchange(lazyExchange(counter), 1, { bodyLimit: 1024 })
    expect(counter.builds).toBe(0)
    const eager = captureExchange(
      { ...exchange({ request }), environ: built(exchange({ request }).request) },
      1,
      { bodyLimit: 1024 }
    )
    expect(toRecordJson(record)).toEqual(toRecordJson(eager))
    expect(counter.builds).toBe(1)
    toEvent(record)
    expect(counter.builds).toBe(1)
  })

  test('with --redact it is built at once, so the secret is never kept', () => {
    const counter = { builds: 0 }
    const redactor = compileRedactor(['X-Token'])
    const exchangeWithEnviron = {
      ...exchange({ request }),
      environ: built(exchange({ request }).request),
      rebuildEnviron: (facts: RequestFacts) => {
        counter.builds++
        return built(facts)
      },
    }
    const record = captureExchange(exchangeWithEnviron, 1, { bodyLimit: 1024, redactor })
    expect(counter.builds).toBe(0)
    expect(environOf(record)?.HTTP_X_TOKEN).not.toContain('secret')
  })
})
