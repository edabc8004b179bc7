/**
 * @module
 * The gateway host over `node:http`: the only module that reads Node request objects.
 *
 * It turns an IncomingMessage into `RequestFacts` (raw target, `rawHeaders`, socket
 * addresses, the de-chunked body), runs the app through the sans-io handler and writes the
 * result to the ServerResponse. CONNECT requests arrive on their own event with a bare
 * socket, so they get a sink that writes the HTTP response by hand. Parser errors become a
 * JSON 4xx with Node's reason, and the connection is closed.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { EnvironBuilder, RequestFacts } from '../gateway/environ.ts'
import { RequestRejected } from '../gateway/errors.ts'
import { type ResponseSink, runApp } from '../gateway/handler.ts'
import type { App, Environ, Header } from '../gateway/types.ts'
import { ChunkAccumulator } from '../host/chunk-accumulator.ts'

export interface GatewayHostOptions {
  readonly app: App
  readonly buildEnviron: EnvironBuilder
  /** Largest request body accepted, in bytes; more is a 413. */
  readonly maxBody: number
  /** Put stack traces in 500 bodies. */
  readonly debug?: boolean
  /** Where app exceptions and `wsgi.errors` go. */
  readonly logError?: (error: unknown) => void
  /** Profile name, repeated in error bodies so a refusal says whose rule it was. */
  readonly profile: string
  /** Told about every request the gateway answered (live capture, access log). */
  readonly onExchange?: (exchange: Exchange) => void
}

/** One request the gateway answered, as the live capture and the access log see it. */
export interface Exchange {
  /** When the request arrived (epoch ms). */
  readonly startedAt: number
  readonly durationMs: number
  /** The raw request facts, body included (de-chunked, at most --max-body). */
  readonly request: RequestFacts
  /** The environ the app saw; absent when the profile refused the request. */
  readonly environ?: Environ
  readonly status: number
  /** Response body bytes sent. */
  readonly responseBytes: number
  /** Why the request was refused (413, a profile's 4xx), if it was. */
  readonly refusal?: string
}

type ErrorBody = { error: string; status: number; [extra: string]: unknown }

const EMPTY = new Uint8Array(0)

/** Return the request handler that runs the gateway for every request it is given. */
export function createGatewayHandler(options: GatewayHostOptions) {
  return function handleGatewayRequest(req: IncomingMessage, res: ServerResponse): void {
    const startedAt = Date.now()
    const { declared, chunked, upgrade } = framing(req.rawHeaders)
    // Node (20.x) stops reporting parse errors on a connection once a request on it asked
    // for an Upgrade nobody accepted: a bad request after it would get no answer at all
    if (upgrade) res.shouldKeepAlive = false
    if (declared > options.maxBody) {
      // keep the connection and drop the body as it comes, as for a chunked one (readBody)
      replyTooLarge(res, options.maxBody, false)
      req.resume()
      return
    }
    if (declared === 0 && !chunked) {
      serve(req, res, EMPTY, options, startedAt) // no body to wait for
      return
    }
    readBody(req, res, options, startedAt)
  }
}

/**
 * How the body is framed, from the raw headers: reading `req.headers` would make Node build
 * a whole header object per request just to find two values.
 */
function framing(rawHeaders: readonly string[]): {
  declared: number
  chunked: boolean
  upgrade: boolean
} {
  let declared = 0
  let chunked = false
  let upgrade = false
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      declared = Number(rawHeaders[i + 1])
    } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
      chunked = true // Node has validated it; any Transfer-Encoding means a body may follow
    } else if (name.length === 7 && name.toLowerCase() === 'upgrade') {
      upgrade = true
    }
  }
  return { declared, chunked, upgrade }
}

/** Collect the body up to --max-body, then serve; over the limit, answer 413. */
function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  options: GatewayHostOptions,
  startedAt: number
): void {
  // coalesced as it arrives: one-byte chunks must not cost a Buffer each
  const body = new ChunkAccumulator()
  let refused = false
  const listeners = {
    data(chunk: Buffer) {
      if (refused) return
      if (body.size + chunk.length > options.maxBody) {
        refused = true
        // Keep the connection and drop the rest of the body as it comes (--request-timeout
        // bounds it): closing with unread bytes makes the kernel send a reset, which can
        // reach the client before the 413 does.
        replyTooLarge(res, options.maxBody, false)
        return
      }
      body.push(chunk)
    },
    end() {
      if (refused) return
      // kept in pieces: joined only if the app reads wsgi.input (the echo does not)
      const pieces = body.pieces()
      serve(req, res, pieces.length === 1 ? (pieces[0] as Buffer) : pieces, options, startedAt)
    },
    error() {
      res.destroy()
    },
  }
  req.on('data', listeners.data)
  req.on('end', listeners.end)
  req.on('error', listeners.error)
}

function serve(
  req: IncomingMessage,
  res: ServerResponse,
  body: Uint8Array | readonly Buffer[],
  options: GatewayHostOptions,
  startedAt: number
): void {
  const facts = requestFacts(req, body)
  let environ: ReturnType<EnvironBuilder>
  try {
    environ = options.buildEnviron(facts)
  } catch (error) {
    if (!(error instanceof RequestRejected)) throw error
    const sent = replyJson(res, {
      error: error.message,
      status: error.status,
      profile: options.profile,
    })
    options.onExchange?.({
      startedAt,
      durationMs: Date.now() - startedAt,
      request: facts,
      status: error.status,
      responseBytes: sent,
      refusal: error.message,
    })
    return
  }
  const sink = responseSink(res)
  const result = runApp(options.app, environ, sink, {
    onError: options.logError,
    debug: options.debug,
  })
  if (result) result.catch((error: unknown) => res.destroy(error as Error))
  const report = options.onExchange
  if (report) {
    // a synchronous app (the echo) has handed the whole response to the socket already;
    // no closure then: tsx's keepNames makes each one cost a defineProperty
    if (res.writableEnded) report(answered(startedAt, facts, environ, res, sink.bytes))
    else res.once('finish', () => report(answered(startedAt, facts, environ, res, sink.bytes)))
  }
}

function answered(
  startedAt: number,
  request: RequestFacts,
  environ: Environ,
  res: ServerResponse,
  responseBytes: number
): Exchange {
  const durationMs = Date.now() - startedAt
  return { startedAt, durationMs, request, environ, status: res.statusCode, responseBytes }
}

/** Read what the gateway needs from Node's raw views: never the parsed/normalised ones. */
export function requestFacts(
  req: IncomingMessage,
  body: Uint8Array | readonly Buffer[]
): RequestFacts {
  if (!(body instanceof Uint8Array)) return inPieces(requestFacts(req, EMPTY), body)
  const socket = req.socket
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '',
    httpVersion: req.httpVersion,
    rawHeaders: req.rawHeaders,
    remoteAddress: socket.remoteAddress ?? '',
    remotePort: socket.remotePort ?? 0,
    localAddress: socket.localAddress ?? '',
    localPort: socket.localPort ?? 0,
    socketFd: socketFd(socket),
    body,
  }
}

/** The facts with a body kept as it arrived, joined into one buffer on first read of `body`. */
function inPieces(facts: RequestFacts, chunks: readonly Buffer[]): RequestFacts {
  let joined: Uint8Array | undefined
  return {
    ...facts,
    bodyChunks: chunks,
    get body() {
      joined ??= Buffer.concat(chunks)
      return joined
    },
  }
}

/** The accepted socket's fd, which Python prints in `wsgi.input`'s repr. Not public API in Node. */
function socketFd(socket: object): number | undefined {
  const handle = (socket as { _handle?: { fd?: unknown } })._handle
  return typeof handle?.fd === 'number' && handle.fd >= 0 ? handle.fd : undefined
}

function responseSink(res: ServerResponse): ResponseSink & { bytes: number } {
  return {
    bytes: 0,
    start(status, reason, headers) {
      res.writeHead(status, reason, headers.flat() as string[])
    },
    write(chunk) {
      this.bytes += chunk.length
      res.write(chunk)
    },
    end(last) {
      if (last) {
        this.bytes += last.length
        res.end(last)
      } else res.end()
    },
    abort(error) {
      res.destroy(error instanceof Error ? error : undefined)
    },
  }
}

function replyTooLarge(res: ServerResponse, maxBody: number, close = true): void {
  replyJson(
    res,
    { error: `Request body is larger than the limit of ${maxBody} bytes`, status: 413, maxBody },
    close
  )
}

/**
 * Answer with a small JSON error; `close` drops the connection after it (unread body).
 * Returns the body's size in bytes.
 */
export function replyJson(res: ServerResponse, body: ErrorBody, close = false): number {
  if (res.headersSent) {
    res.destroy()
    return 0
  }
  const text = JSON.stringify(body)
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  }
  if (close) headers.Connection = 'close'
  res.writeHead(body.status, headers)
  res.end(text)
  return Buffer.byteLength(text)
}

/**
 * Serve CONNECT requests, which Node hands over as a bare socket: the echo answers them
 * like any other request and closes (it is not a proxy).
 */
export function handleConnect(options: GatewayHostOptions) {
  return function handleGatewayConnect(req: IncomingMessage, socket: Duplex): void {
    socket.on('error', () => socket.destroy())
    const sink = socketSink(socket)
    try {
      runApp(options.app, options.buildEnviron(requestFacts(req, EMPTY)), sink, {
        onError: options.logError,
        debug: options.debug,
      })
    } catch (error) {
      if (!(error instanceof RequestRejected)) throw error
      const text = JSON.stringify({
        error: error.message,
        status: error.status,
        profile: options.profile,
      })
      sink.start(error.status, 'Error', [
        ['Content-Type', 'application/json'],
        ['Content-Length', String(Buffer.byteLength(text))],
      ])
      sink.write(Buffer.from(text))
      sink.end()
    }
  }
}

function socketSink(socket: Duplex): ResponseSink {
  return {
    start(status, reason, headers: readonly Header[]) {
      const lines = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')
      socket.write(`HTTP/1.1 ${status} ${reason}\r\n${lines}Connection: close\r\n\r\n`, 'latin1')
    },
    write(chunk) {
      socket.write(chunk)
    },
    end(last) {
      socket.end(last)
    },
    abort() {
      socket.destroy()
    },
  }
}

const PARSER_STATUS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  HPE_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  // --headers-timeout / --request-timeout ran out (Node's own handler answers 408 too)
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
}

/**
 * Answer what Node's HTTP parser refused with a JSON 4xx that says why, then close.
 * Install as Fastify's `clientErrorHandler` (Fastify owns the 'clientError' event).
 */
export function handleClientError(
  error: Error & { code?: string; reason?: string },
  socket: Duplex
): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy()
    return
  }
  const [status, statusText] = PARSER_STATUS[error.code ?? ''] ?? [400, 'Bad Request']
  const text = JSON.stringify({
    error: error.reason ?? error.message,
    status,
    code: error.code ?? 'ERR_UNKNOWN',
  })
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`
  )
  lingerThenClose(socket)
}

/** How long a refused client may go on sending before its connection is dropped. */
const LINGER_MS = 2000

/**
 * Read and drop what the client still sends, then close (nginx's lingering close).
 *
 * The client may be in the middle of a body or a long head when the parser refuses it.
 * Closing with unread bytes makes the kernel answer them with a reset, which can wipe the
 * error response out of the client's buffer before it is read. The parser is detached
 * first: fed more bytes, it would only report the same error again.
 */
function lingerThenClose(socket: Duplex): void {
  socket.removeAllListeners('data')
  socket.on('data', () => {})
  socket.resume()
  const timer = setTimeout(() => socket.destroy(), LINGER_MS)
  timer.unref()
  socket.once('close', () => clearTimeout(timer))
}

/**
 * Wire CONNECT and Expect handling onto a server that runs the gateway. Parser errors are
 * `handleClientError`'s job, installed through Fastify's `clientErrorHandler` option.
 */
export function attachGatewayEvents(
  server: Server,
  options: GatewayHostOptions,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void
): void {
  server.on('connect', handleConnect(options))
  // Answer 100 Continue ourselves so an oversized body can be refused before it is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers['content-length'] ?? 0) > options.maxBody) {
      replyTooLarge(res, options.maxBody)
      return
    }
    res.writeContinue()
    onRequest(req, res)
  })
  // Other expectations are the profile's business (gunicorn answers 417), not Node's.
  server.on('checkExpectation', onRequest)
}
