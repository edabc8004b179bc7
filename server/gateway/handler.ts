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
import { GatewayError } from './errors.ts'
import type { App, Environ, Header } from './types.ts'

/** Where a response goes. The host adapts it to a real connection. */
export interface ResponseSink {
  /** Called exactly once, before any `write`. */
  start(status: number, reason: string, headers: readonly Header[]): void
  write(chunk: Uint8Array): void
  end(): void
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
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailers',
  'transfer-encoding',
  'upgrade',
])

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
  let pending: { status: number; reason: string; headers: readonly Header[] } | undefined
  let headersSent = false

  function sendHeaders(): void {
    if (headersSent) return
    if (!pending)
      throw new GatewayError('EI_ERR_WRITE_BEFORE_START', 'write() before start_response()')
    sink.start(pending.status, pending.reason, pending.headers)
    headersSent = true
  }

  function write(chunk: Uint8Array): void {
    if (!(chunk instanceof Uint8Array)) {
      throw new GatewayError('EI_ERR_APP_RETURNED_NON_BYTES', 'write() argument must be bytes')
    }
    if (chunk.length === 0) return
    sendHeaders()
    sink.write(chunk)
  }

  function startResponse(status: string, headers: readonly Header[], excInfo?: unknown) {
    if (excInfo !== undefined && excInfo !== null) {
      if (headersSent) reraise(excInfo) // too late to change the status
    } else if (pending) {
      throw new GatewayError('EI_ERR_HEADERS_ALREADY_SET', 'Headers already set!')
    }
    pending = { ...parseStatus(status), headers: checkHeaders(headers) }
    return write
  }

  function fail(error: unknown): void {
    options.onError?.(error)
    if (headersSent) {
      sink.abort(error)
      return
    }
    pending = undefined
    const body = new TextEncoder().encode(errorBody(error, options.debug === true))
    sink.start(500, 'Internal Server Error', [
      ['Content-Type', 'application/json'],
      ['Content-Length', String(body.length)],
    ])
    sink.write(body)
    sink.end()
  }

  function finish(): void {
    sendHeaders()
    sink.end()
  }

  let result: Iterable<Uint8Array> | AsyncIterable<Uint8Array>
  try {
    result = app(environ, startResponse)
    if (Symbol.asyncIterator in result) {
      return drainAsync(result as AsyncIterable<Uint8Array>, write).then(finish, fail)
    }
    for (const chunk of result as Iterable<Uint8Array>) write(chunk)
    finish()
  } catch (error) {
    fail(error)
  }
}

async function drainAsync(body: AsyncIterable<Uint8Array>, write: (chunk: Uint8Array) => void) {
  for await (const chunk of body) write(chunk)
}

/** Check a PEP 3333 status string (`'200 OK'`) and split it. */
export function parseStatus(status: string): { status: number; reason: string } {
  const match = typeof status === 'string' ? STATUS_LINE.exec(status) : null
  if (!match) {
    throw new GatewayError(
      'EI_ERR_STATUS_INVALID',
      `Status must be a 3-digit code, a space and a reason: ${JSON.stringify(status)}`
    )
  }
  return { status: Number(match[1]), reason: match[2] as string }
}

/** Check response headers: token names, no CR/LF/NUL in values, no hop-by-hop headers. */
export function checkHeaders(headers: readonly Header[]): readonly Header[] {
  for (const [name, value] of headers) {
    if (typeof name !== 'string' || !TOKEN.test(name)) {
      throw new GatewayError(
        'EI_ERR_HEADER_INVALID',
        `Invalid header name: ${JSON.stringify(name)}`
      )
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new GatewayError('EI_ERR_HEADER_INVALID', `Invalid value for header ${name}`)
    }
    if (HOP_BY_HOP.has(name.toLowerCase())) {
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
