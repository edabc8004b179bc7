/**
 * @module
 * The gateway host over `node:http`: the only module that reads Node request objects.
 *
 * It turns an IncomingMessage into `RequestFacts` (raw target, `rawHeaders`, socket
 * addresses, the de-chunked body), runs the app through the sans-io handler and writes the
 * result to the ServerResponse. What arrives outside the request event (CONNECT, parser
 * errors, Expect) is connection-events.ts's; the JSON error answers are json-reply.ts's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Exchange } from '../contract/exchange.ts'
import type { Environ } from '../contract/python.ts'
import type { RequestFacts } from '../contract/request.ts'
import type { EnvironBuilder } from '../gateway/environ.ts'
import { RequestRejected } from '../gateway/errors.ts'
import { type ResponseSink, runApp } from '../gateway/handler.ts'
import type { App } from '../gateway/types.ts'
import { ChunkAccumulator } from '../host/chunk-accumulator.ts'
import { isInProcessSocket } from './in-process.ts'
import { replyJson, replyTooLarge } from './json-reply.ts'

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
  /**
   * The echo's fast path (gateway/echo-fast-path.ts): its JSON text for a request, or
   * `undefined` to build the environ and run the app. Set only when the app is the echo
   * itself, with no middleware.
   */
  readonly renderEcho?: (request: RequestFacts) => string | undefined
}

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
  const echoed = options.renderEcho?.(facts)
  if (echoed !== undefined) {
    serveEcho(req, res, facts, echoed, options, startedAt)
    return
  }
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
    reporter(
      req,
      options.onExchange
    )?.({
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
  const report = reporter(req, options.onExchange)
  if (result) {
    // an async body: report once the app has handed its last chunk to the response, as a
    // synchronous one has by now (reported when the socket flushed, it could reach the
    // relay after the response's last byte)
    result.then(
      () => {
        if (report && res.writableEnded)
          report(answered(startedAt, facts, environ, res, sink.bytes))
      },
      (error: unknown) => res.destroy(error as Error)
    )
  } else if (report && res.writableEnded) {
    // a synchronous app (the echo) has handed the whole response to the socket already;
    // no closure then: tsx's keepNames makes each one cost a defineProperty
    report(answered(startedAt, facts, environ, res, sink.bytes))
  }
}

/**
 * Answer with the echo's text as the echo app would: the same status, headers and bytes.
 * The text is ASCII (json.dumps escapes the rest), so it goes out as latin-1 with its
 * length, head and body in one write. The environ is built only if someone reads it.
 */
function serveEcho(
  req: IncomingMessage,
  res: ServerResponse,
  facts: RequestFacts,
  text: string,
  options: GatewayHostOptions,
  startedAt: number
): void {
  res.writeHead(200, 'OK', ['Content-Type', 'application/json', 'Content-Length', `${text.length}`])
  res.end(text, 'latin1')
  const report = reporter(req, options.onExchange)
  if (!report) return
  report(
    new EchoExchange(startedAt, Date.now() - startedAt, facts, options.buildEnviron, text.length)
  )
}

/**
 * The exchange of a request the fast path answered: its environ is built only if read.
 *
 * A class with the getter on its prototype, not an object literal with a `get environ()`:
 * V8 gives each such literal a map of its own, allocated where the collector scans it at
 * every young-generation collection. With the history on, that made those collections cost
 * 4 µs per request with 9 headers and 18 µs with 90 (`node --trace-gc`, wrk).
 */
class EchoExchange implements Exchange {
  readonly status = 200
  readonly startedAt: number
  readonly durationMs: number
  readonly request: RequestFacts
  readonly rebuildEnviron: (request: RequestFacts) => Environ
  readonly responseBytes: number
  #environ: Environ | undefined

  constructor(
    startedAt: number,
    durationMs: number,
    request: RequestFacts,
    rebuildEnviron: (request: RequestFacts) => Environ,
    responseBytes: number
  ) {
    this.startedAt = startedAt
    this.durationMs = durationMs
    this.request = request
    this.rebuildEnviron = rebuildEnviron
    this.responseBytes = responseBytes
  }

  get environ(): Environ {
    this.#environ ??= this.rebuildEnviron(this.request)
    return this.#environ
  }
}

/**
 * Who hears of an exchange on this request's connection: the host's listener and, on an
 * in-process connection, the relay that opened it (the exchange marked as relayed).
 */
function reporter(
  req: IncomingMessage,
  onExchange: ((exchange: Exchange) => void) | undefined
): ((exchange: Exchange) => void) | undefined {
  const socket = req.socket
  if (!isInProcessSocket(socket)) return onExchange
  return function reportRelayedExchange(exchange) {
    const relayed: Exchange = { ...exchange, relayed: true }
    onExchange?.(relayed)
    socket.reportExchange(relayed)
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
  if (!(body instanceof Uint8Array)) return new FactsInPieces(requestFacts(req, EMPTY), body)
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

/**
 * The facts with a body kept as it arrived, joined into one buffer on first read of `body`.
 * A class, not a literal with `get body()`, for the reason given at EchoExchange.
 */
class FactsInPieces implements RequestFacts {
  readonly method: string
  readonly target: string
  readonly httpVersion: string
  readonly rawHeaders: readonly string[]
  readonly remoteAddress: string
  readonly remotePort: number
  readonly localAddress: string
  readonly localPort: number
  readonly socketFd: number | undefined
  readonly bodyChunks: readonly Buffer[]
  #joined: Uint8Array | undefined

  // `facts` come from requestFacts(), which sets no socketPeer
  constructor(facts: RequestFacts, bodyChunks: readonly Buffer[]) {
    this.bodyChunks = bodyChunks
    this.method = facts.method
    this.target = facts.target
    this.httpVersion = facts.httpVersion
    this.rawHeaders = facts.rawHeaders
    this.remoteAddress = facts.remoteAddress
    this.remotePort = facts.remotePort
    this.localAddress = facts.localAddress
    this.localPort = facts.localPort
    this.socketFd = facts.socketFd
  }

  get body(): Uint8Array {
    this.#joined ??= Buffer.concat(this.bodyChunks)
    return this.#joined
  }
}

/** The accepted socket's fd, which Python prints in `wsgi.input`'s repr. Not public API in Node. */
export function socketFd(socket: object): number | undefined {
  if (isInProcessSocket(socket)) return socket.fd // the API call's own connection
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
