/**
 * @module
 * What reaches the gateway host outside Node's 'request' event: CONNECT (a bare socket),
 * `Expect: 100-continue` and other expectations, and the parser's refusals.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { RequestRejected } from '../gateway/errors.ts'
import { type ResponseSink, runApp } from '../gateway/handler.ts'
import type { Header } from '../gateway/types.ts'
import { endWithJson, replyTooLarge } from './json-reply.ts'
import { type GatewayHostOptions, requestFacts } from './node-http.ts'

const EMPTY = new Uint8Array(0)

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
      endWithJson(socket, 'Error', {
        error: error.message,
        status: error.status,
        profile: options.profile,
      })
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
  endWithJson(socket, statusText, {
    error: error.reason ?? error.message,
    status,
    code: error.code ?? 'ERR_UNKNOWN',
  })
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
