/**
 * @module
 * One captured request: what the history keeps of an exchange. The JSON views the API and
 * the event stream send are views.ts's.
 *
 * A record keeps what a person needs to read the request and replay it: the request line
 * parts, the headers as sent (original case, order and duplicates), at most `bodyLimit`
 * bytes of the body plus the full size and a SHA-256 of all of it, the environ rendered with
 * Python's `str()` (strings in the server's key order; the views make it a plain map) and
 * the response status.
 * It never keeps the environ object itself: `wsgi.input` would pin the whole body. When the
 * echo answered without building it (its fast path), the record builds and renders it the
 * first time someone reads it (the API, the event stream, a worker's batch), from the record's
 * own facts: the environ does not depend on the body's bytes, only on its headers.
 */
import { createHash } from 'node:crypto'
import type { Exchange } from '../contract/exchange.ts'
import { type Environ, type RenderedEnviron, renderEnviron } from '../contract/python.ts'
import type { RequestFacts } from '../contract/request.ts'
import type { Redactor } from './redact.ts'

/** One captured request: the transport's facts (headers redacted), plus what the history adds. */
export interface CapturedRequest extends Omit<RequestFacts, 'body' | 'bodyChunks'> {
  /** Positive, increasing, never reused while the process runs. */
  readonly id: number
  /** When the request arrived (epoch ms). */
  readonly startedAt: number
  readonly durationMs: number
  /** The first `bodyLimit` bytes of the (de-chunked) body, in memory of its own. */
  readonly body: Uint8Array
  /** The whole body's size in bytes. */
  readonly bodySize: number
  /** SHA-256 of the whole body, lower-case hex. */
  readonly bodySha256: string
  /** The environ: its keys in the server's order (shared between records while they repeat)... */
  readonly environKeys: readonly string[] | null
  /** ...and `str(v)` of each value; both null if the profile refused the request. */
  readonly environValues: readonly string[] | null
  readonly status: number
  readonly responseBytes: number
  readonly refusal: string | null
  /** Header names whose values `--redact` replaced in this record. */
  readonly redacted: readonly string[]
}

export interface CaptureSettings {
  readonly bodyLimit: number
  readonly redactor?: Redactor
}

const EMPTY = new Uint8Array(0)
const NOTHING_REDACTED: readonly string[] = []
const EMPTY_SHA256 = createHash('sha256').digest('hex')

/** Keep what the history needs of one exchange. */
export function captureExchange(
  exchange: Exchange,
  id: number,
  settings: CaptureSettings
): CapturedRequest {
  const { request } = exchange
  // the pieces as they arrived when the host kept them: reading `body` would join them
  const chunks = request.bodyChunks ?? [request.body]
  let size = 0
  for (const chunk of chunks) size += chunk.length
  const kept = Math.min(size, settings.bodyLimit)
  let body = EMPTY
  if (kept > 0) {
    // a copy of its own: a view would pin the whole body (and a shared pool slab)
    body = new Uint8Array(kept)
    let at = 0
    for (const chunk of chunks) {
      if (at === kept) break
      const part = chunk.subarray(0, kept - at)
      body.set(part, at)
      at += part.length
    }
  }
  const { redactor } = settings
  const headers = redactor
    ? redactor.headers(request.rawHeaders)
    : { rawHeaders: request.rawHeaders, redacted: NOTHING_REDACTED }
  // the facts the record keeps; never `...request`: reading its `body` would join the pieces
  const facts: RequestFacts = {
    method: request.method,
    target: request.target,
    httpVersion: request.httpVersion,
    rawHeaders: request.rawHeaders,
    remoteAddress: request.remoteAddress,
    remotePort: request.remotePort,
    localAddress: request.localAddress,
    localPort: request.localPort,
    socketFd: request.socketFd,
    body,
  }
  const { rebuildEnviron } = exchange
  if (rebuildEnviron && headers.redacted.length === 0) {
    return new OnDemandRecord(
      record(exchange, id, facts, size, chunks, headers, null),
      rebuildEnviron
    )
  }
  let environ: RenderedEnviron | null = null
  if (exchange.environ) {
    // the echo rendered this environ already: the same strings, rendered once
    environ = renderEnviron(exchange.environ)
    if (redactor && headers.redacted.length > 0) {
      const values = [...environ.values] // the rendering is shared; redact a copy
      redactor.environ(environ.keys, values)
      environ = { keys: environ.keys, values }
    }
  }
  return record(exchange, id, facts, size, chunks, headers, environ)
}

/**
 * A record whose environ is rendered from its own facts on first read, then kept.
 *
 * A class with the getters on its prototype, not an object given accessors of its own: per
 * record closures and `defineProperties` put each record into a map of its own, which the
 * old generation held, and through it every record's strings, until a full collection. The
 * history then cost more in garbage collection than all the rest of a request together.
 */
class OnDemandRecord implements CapturedRequest {
  readonly id: number
  readonly startedAt: number
  readonly durationMs: number
  readonly method: string
  readonly target: string
  readonly httpVersion: string
  readonly remoteAddress: string
  readonly remotePort: number
  readonly localAddress: string
  readonly localPort: number
  readonly socketFd: number | undefined
  readonly body: Uint8Array
  readonly bodySize: number
  readonly bodySha256: string
  readonly status: number
  readonly responseBytes: number
  readonly refusal: string | null
  readonly redacted: readonly string[]
  // The header lines as latin-1 bytes outside the JavaScript heap: as one string (the
  // earlier way) each record's 0.4–4 KB were copied by every young-generation collection it
  // lived through, 12 µs of collection per request with 90 headers (`node --trace-gc`, wrk)
  readonly #head: Uint8Array
  readonly #build: EnvironRebuilder
  #rendered: RenderedEnviron | undefined

  constructor(
    base: Omit<CapturedRequest, 'environKeys' | 'environValues'>,
    build: EnvironRebuilder
  ) {
    this.id = base.id
    this.startedAt = base.startedAt
    this.durationMs = base.durationMs
    this.method = base.method
    this.target = base.target
    this.httpVersion = base.httpVersion
    this.#head = joinHead(base.rawHeaders)
    this.remoteAddress = base.remoteAddress
    this.remotePort = base.remotePort
    this.localAddress = base.localAddress
    this.localPort = base.localPort
    this.socketFd = base.socketFd
    this.body = base.body
    this.bodySize = base.bodySize
    this.bodySha256 = base.bodySha256
    this.status = base.status
    this.responseBytes = base.responseBytes
    this.refusal = base.refusal
    this.redacted = base.redacted
    this.#build = build
  }

  get rawHeaders(): readonly string[] {
    return headLines(this.headText)
  }

  /** The header lines as one latin-1 string, `\n` between them: how a cluster batch carries them. */
  get headText(): string {
    const head = this.#head
    return Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1')
  }

  get environKeys(): readonly string[] {
    return this.#environ().keys
  }

  get environValues(): readonly string[] {
    return this.#environ().values
  }

  /** Whether the environ was rendered yet. */
  get rendered(): boolean {
    return this.#rendered !== undefined
  }

  #environ(): RenderedEnviron {
    this.#rendered ??= renderEnviron(this.#build(recordFacts(this)))
    return this.#rendered
  }
}

// Node's parser refuses a line feed inside a header name or value, so it cannot be in one
const HEAD_SEPARATOR = '\n'

/**
 * The header lines as bytes: Node's parser makes each header a latin-1 string, one char per
 * byte. Small heads share Node's buffer pool, which is fine as the records die in order.
 */
function joinHead(rawHeaders: readonly string[]): Uint8Array {
  const text = rawHeaders.join(HEAD_SEPARATOR)
  const bytes = Buffer.allocUnsafe(text.length)
  bytes.write(text, 'latin1')
  return bytes
}

/** Builds the environ of a request's facts, exactly as the gateway built (or would have built) it. */
export type EnvironRebuilder = (request: RequestFacts) => Environ

/** The record with its environ rendered from its facts by `build` on first read, then kept. */
export function environOnDemand(
  base: Omit<CapturedRequest, 'environKeys' | 'environValues'>,
  build: EnvironRebuilder
): CapturedRequest {
  return new OnDemandRecord(base, build)
}

/** `headText` of a record whose environ is rebuilt from its facts; undefined for the others. */
export function onDemandHead(record: CapturedRequest): string | undefined {
  return record instanceof OnDemandRecord ? record.headText : undefined
}

/** `headText` back into header lines. */
export function headLines(text: string): string[] {
  return text === '' ? [] : text.split(HEAD_SEPARATOR)
}

/** The request a record keeps, as the gateway saw it; the body is the kept part. */
export function recordFacts(record: CapturedRequest): RequestFacts {
  return {
    method: record.method,
    target: record.target,
    httpVersion: record.httpVersion,
    rawHeaders: record.rawHeaders,
    remoteAddress: record.remoteAddress,
    remotePort: record.remotePort,
    localAddress: record.localAddress,
    localPort: record.localPort,
    socketFd: record.socketFd,
    body: record.body,
  }
}

/** Everything a record holds but its environ, read without rendering it. */
export function withoutEnviron(
  record: CapturedRequest
): Omit<CapturedRequest, 'environKeys' | 'environValues'> {
  return {
    ...recordFacts(record),
    id: record.id,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    bodySize: record.bodySize,
    bodySha256: record.bodySha256,
    status: record.status,
    responseBytes: record.responseBytes,
    refusal: record.refusal,
    redacted: record.redacted,
  }
}

function record(
  exchange: Exchange,
  id: number,
  request: RequestFacts,
  size: number,
  chunks: readonly Uint8Array[],
  headers: { rawHeaders: readonly string[]; redacted: readonly string[] },
  environ: RenderedEnviron | null
): CapturedRequest {
  const { body } = request
  return {
    id,
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    method: request.method,
    target: request.target,
    httpVersion: request.httpVersion,
    rawHeaders: headers.rawHeaders,
    remoteAddress: request.remoteAddress,
    remotePort: request.remotePort,
    localAddress: request.localAddress,
    localPort: request.localPort,
    socketFd: request.socketFd,
    body,
    bodySize: size,
    bodySha256: size === 0 ? EMPTY_SHA256 : sha256(chunks),
    environKeys: environ?.keys ?? null,
    environValues: environ?.values ?? null,
    status: exchange.status,
    responseBytes: exchange.responseBytes,
    refusal: exchange.refusal ?? null,
    redacted: headers.redacted,
  }
}

function sha256(chunks: readonly Uint8Array[]): string {
  const hash = createHash('sha256')
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest('hex')
}
