/**
 * @module
 * Run an app with PEP 3333 `start_response` semantics: the protocol state machine.
 *
 * Mirrors wsgiref's BaseHandler: the status line and headers are checked when the app
 * calls `start_response`; they are sent once, just before the first non-empty body chunk
 * (or at the end for an empty body); a second `start_response` is allowed only with
 * `exc_info` and only before anything was sent; an exception before the headers went out
 * becomes the error app's 500, an exception after can only abort the response.
 * The transport is a `ResponseSink`, so this module never touches a socket.
 */

import { isHopByHop, isToken } from '../contract/http.ts'
import { boundedMemo } from '../contract/memo.ts'
import type { Environ } from '../contract/python.ts'
import { GatewayError } from './errors.ts'
import type { App, Header } from './types.ts'

/** Where a response goes. The host adapts it to a real connection. */
export interface ResponseSink {
  /** Called exactly once, before any `write`. */
  start(status: number, reason: string, headers: readonly Header[]): void
  write(chunk: Uint8Array): void
  /** The response is complete; `last`, if given, is its final body chunk. */
  end(last?: Uint8Array): void
  /** Called when the app failed after the headers were sent: drop the connection. */
  abort(error: unknown): void
}

export interface RunOptions {
  /** Receives every exception the app raised (wsgiref's `log_exception`). */
  onError?: (error: unknown) => void
  /** Put the stack trace in the 500 body. Off by default: it is not for "any old user". */
  debug?: boolean
}

const STATUS_LINE = /^(\d{3}) ([^\r\n]+)$/

/** The exception an app passes back as `exc_info` to re-raise it (PEP 3333). */
function reraise(excInfo: unknown): never {
  throw excInfo
}

/**
 * Run `app` over `environ` and stream its response to `sink`.
 *
 * Returns a promise only when the app's body is async, so the common synchronous case
 * never waits for a tick.
 */
export function runApp(
  app: App,
  environ: Environ,
  sink: ResponseSink,
  options: RunOptions = {}
): void | Promise<void> {
  const run = new AppRun(sink, options)
  try {
    const result = app(environ, run.startResponse)
    if (Array.isArray(result)) {
      // the whole body is already here: hand the last chunk over with end(), one write
      const last = result.length - 1
      for (let i = 0; i < last; i++) run.write(result[i])
      run.finish(last >= 0 ? result[last] : undefined)
    } else if (Symbol.asyncIterator in result) {
      return run.drain(result as AsyncIterable<Uint8Array>)
    } else {
      for (const chunk of result as Iterable<Uint8Array>) run.write(chunk)
      run.finish()
    }
  } catch (error) {
    run.fail(error)
  }
}

/** The state of one app call: what start_response set, and whether it went out. */
class AppRun {
  readonly #sink: ResponseSink
  readonly #options: RunOptions
  #pending: { status: number; reason: string; headers: readonly Header[] } | undefined
  #headersSent = false

  constructor(sink: ResponseSink, options: RunOptions) {
    this.#sink = sink
    this.#options = options
    // handed to the app as plain functions
    this.startResponse = this.startResponse.bind(this)
    this.write = this.write.bind(this)
  }

  startResponse(status: string, headers: readonly Header[], excInfo?: unknown) {
    if (excInfo !== undefined && excInfo !== null) {
      if (this.#headersSent) reraise(excInfo) // too late to change the status
    } else if (this.#pending) {
      throw new GatewayError('EI_ERR_HEADERS_ALREADY_SET', 'Headers already set!')
    }
    const parsed = parseStatus(status)
    this.#pending = { status: parsed.status, reason: parsed.reason, headers: checkHeaders(headers) }
    return this.write
  }

  write(chunk: Uint8Array | undefined): void {
    if (!(chunk instanceof Uint8Array)) {
      throw new GatewayError('EI_ERR_APP_RETURNED_NON_BYTES', 'write() argument must be bytes')
    }
    if (chunk.length === 0) return
    this.#sendHeaders()
    this.#sink.write(chunk)
  }

  finish(last?: Uint8Array): void {
    if (last !== undefined && !(last instanceof Uint8Array)) this.write(last) // throws
    this.#sendHeaders()
    this.#sink.end(last !== undefined && last.length > 0 ? last : undefined)
  }

  async drain(body: AsyncIterable<Uint8Array>): Promise<void> {
    try {
      for await (const chunk of body) this.write(chunk)
      this.finish()
    } catch (error) {
      this.fail(error)
    }
  }

  fail(error: unknown): void {
    this.#options.onError?.(error)
    if (this.#headersSent) {
      this.#sink.abort(error)
      return
    }
    const body = new TextEncoder().encode(errorBody(error, this.#options.debug === true))
    this.#sink.start(500, 'Internal Server Error', [
      ['Content-Type', 'application/json'],
      ['Content-Length', String(body.length)],
    ])
    this.#sink.end(body)
  }

  #sendHeaders(): void {
    if (this.#headersSent) return
    const pending = this.#pending
    if (!pending) {
      throw new GatewayError('EI_ERR_WRITE_BEFORE_START', 'write() before start_response()')
    }
    this.#sink.start(pending.status, pending.reason, pending.headers)
    this.#headersSent = true
  }
}

// apps send the same few statuses and header names again and again: memoised

/** Check a PEP 3333 status string (`'200 OK'`) and split it. */
export const parseStatus = boundedMemo(function parseStatusLine(status: string): {
  readonly status: number
  readonly reason: string
} {
  const match = typeof status === 'string' ? STATUS_LINE.exec(status) : null
  if (!match) {
    throw new GatewayError(
      'EI_ERR_STATUS_INVALID',
      `Status must be a 3-digit code, a space and a reason: ${JSON.stringify(status)}`
    )
  }
  return { status: Number(match[1]), reason: match[2] as string }
}, 256)

/** Whether a response header name is a token and not hop-by-hop. */
const isGoodName = boundedMemo(
  (name: unknown) => typeof name === 'string' && isToken(name) && !isHopByHop(name),
  256
)

/** Check response headers: token names, no CR/LF/NUL in values, no hop-by-hop headers. */
export function checkHeaders(headers: readonly Header[]): readonly Header[] {
  for (const [name, value] of headers) {
    const known = isGoodName(name)
    if (!known && (typeof name !== 'string' || !isToken(name))) {
      throw new GatewayError(
        'EI_ERR_HEADER_INVALID',
        `Invalid header name: ${JSON.stringify(name)}`
      )
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new GatewayError('EI_ERR_HEADER_INVALID', `Invalid value for header ${name}`)
    }
    if (!known && isHopByHop(name)) {
      throw new GatewayError(
        'EI_ERR_HOP_BY_HOP_HEADER',
        `Hop-by-hop header, '${name}: ${value}', not allowed`
      )
    }
  }
  return headers
}

function errorBody(error: unknown, debug: boolean): string {
  const detail = debug && error instanceof Error ? { traceback: error.stack ?? String(error) } : {}
  return JSON.stringify({
    error: 'A server error occurred. Please contact the administrator.',
    status: 500,
    ...detail,
  })
}
