/**
 * @module
 * Exact requests, a Fastify route plugin registered under `/_inspector/api`:
 *
 * - `POST /_inspector/api/send` writes a request (structured, or raw bytes) to this server's
 *   own echo listener, reads the answer and returns the bytes sent, what was added, the
 *   response, the echo's environ with the provenance of every key, the timing, and with
 *   `profiles` the environ each server profile builds from the same request;
 * - `GET /_inspector/api/send` describes the limits, profiles and provenance steps.
 *
 * Security: the relay has no host, port or URL input (unknown fields are a 400); it
 * connects only to the server's own listening address (client.ts). The API call itself is
 * under `/_inspector/`, so it is never echoed or reported as an exchange; the relayed
 * request is a real request to the echo, flagged by `isRelayExchange`. A send that arrives
 * through the relay is refused (508), so the relay cannot call itself in a loop. Only
 * `application/json` is accepted, which a cross-site page cannot send without a preflight.
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Exchange } from '../contract/exchange.ts'
import { PROFILE_IDS, type ProfileId } from '../contract/profiles.ts'
import { hostHeaderFor, serializeRequest } from '../contract/serialize.ts'
import { STEPS } from '../contract/steps.ts'
import { buildAnswer, isParserAnswer, type RelayOutcome } from './answer.ts'
import { relay, relayTarget } from './client.ts'
import { type ConnectionEnds, isRelayConnection } from './connections.ts'
import { rangeText, tokenizeHead } from './head.ts'
import { LIMITS, RelayInputError, readSendRequest } from './input.ts'

export interface RelayRoutesOptions {
  /** The profile the server runs with: the one that builds the echo's environ. */
  readonly profile: ProfileId
  /** Whether a request-target is answered by the inspector rather than the echo. */
  readonly isInspectorTarget: (target: string) => boolean
  /** How long to wait for the echo's answer (default 3000 ms). */
  readonly timeoutMs?: number
}

/** Relays in flight at once, at most; more get a 503. */
const MAX_IN_FLIGHT = 16
/** Read no more of a response than this. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024
/** After the answer, how long to wait for the gateway's report of the same request. */
const EXCHANGE_GRACE_MS = 500
const JSON_ONLY = 'send the request as Content-Type: application/json'

export const relayRoutes: FastifyPluginAsync<RelayRoutesOptions> = async (fastify, options) => {
  const timeoutMs = options.timeoutMs ?? 3000
  let inFlight = 0

  // Parse JSON here: Fastify's messages for a bad body do not say where it went wrong
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: LIMITS.jsonBytes },
    function parseSendJson(_request, body, done) {
      try {
        done(null, JSON.parse(body as string))
      } catch (error) {
        done(new RelayInputError('body', `not valid JSON: ${(error as Error).message}`), undefined)
      }
    }
  )
  fastify.setErrorHandler(function replyRelayError(error: FastifyError, _request, reply) {
    if (error instanceof RelayInputError) {
      return fail(reply, 400, 'EI_ERR_RELAY_INPUT', error.message, error.field)
    }
    if (error.statusCode === 413) {
      return fail(
        reply,
        413,
        'EI_ERR_RELAY_TOO_LARGE',
        `the JSON body is larger than ${LIMITS.jsonBytes} bytes`
      )
    }
    if (error.statusCode === 415) {
      return fail(reply, 415, 'EI_ERR_RELAY_MEDIA_TYPE', JSON_ONLY)
    }
    if (error.statusCode && error.statusCode < 500) {
      return fail(reply, error.statusCode, error.code ?? 'EI_ERR_RELAY_INPUT', error.message)
    }
    return fail(reply, 500, 'EI_ERR_RELAY', `the relay failed: ${error.message}`)
  })

  fastify.get('/send', async function describeSend() {
    return {
      limits: LIMITS,
      profiles: PROFILE_IDS,
      serverProfile: options.profile,
      encodings: ['utf8', 'latin1', 'base64'],
      steps: STEPS,
    }
  })

  const post = {
    // before any parser runs: text/plain, which a cross-site form may send, never gets in
    onRequest: async function requireJson(request: FastifyRequest, reply: FastifyReply) {
      const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
      if (type !== 'application/json') {
        return fail(reply, 415, 'EI_ERR_RELAY_MEDIA_TYPE', JSON_ONLY)
      }
    },
  }
  fastify.post('/send', post, async function sendExactRequest(request, reply) {
    const socket = request.raw.socket
    const caller: ConnectionEnds = {
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      localAddress: socket.localAddress ?? '',
      localPort: socket.localPort ?? 0,
    }
    if (isRelayConnection(caller)) {
      return fail(reply, 508, 'EI_ERR_RELAY_LOOP', 'the relay cannot send to its own API')
    }
    const input = readSendRequest(request.body)
    const target = relayTarget(fastify.server.address())
    const facts = fastify.gateway.facts()
    if (!target || !facts) {
      return fail(reply, 503, 'EI_ERR_RELAY_UNAVAILABLE', 'the server is not listening on TCP')
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      return fail(reply, 503, 'EI_ERR_RELAY_BUSY', `${MAX_IN_FLIGHT} relays are already in flight`)
    }
    const { bytes, added } =
      input.mode === 'raw'
        ? { bytes: input.raw, added: [] }
        : serializeRequest(input, hostHeaderFor(target.host, target.port))
    const line = tokenizeHead(bytes).requestLine
    const method = line?.method ? rangeText(bytes, line.method) : ''
    const requestTarget = line?.target ? rangeText(bytes, line.target) : ''

    inFlight++
    const watch = watchExchange(fastify.gateway.subscribe)
    try {
      const result = await relay(target, bytes, {
        timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        head: method === 'HEAD',
        onConnect: watch.expect,
      })
      const inspector = options.isInspectorTarget(requestTarget)
      const exchange =
        result.response &&
        !inspector &&
        method !== 'CONNECT' &&
        !isParserAnswer(result.response.body)
          ? await watch.wait(EXCHANGE_GRACE_MS)
          : watch.found()
      const outcome: RelayOutcome = { input, bytes, added, result, exchange, method, inspector }
      return buildAnswer(outcome, { facts, serverProfile: options.profile })
    } finally {
      watch.stop()
      inFlight--
    }
  })
}

function fail(reply: FastifyReply, status: number, code: string, message: string, field?: string) {
  const error =
    {
      400: 'Bad Request',
      413: 'Payload Too Large',
      415: 'Unsupported Media Type',
      503: 'Service Unavailable',
      508: 'Loop Detected',
    }[status] ?? 'Error'
  return reply
    .code(status)
    .send({ statusCode: status, code, error, message, ...(field && { field }) })
}

/** Wait for the gateway's report of the relay's own connection. */
function watchExchange(subscribe: (listener: (exchange: Exchange) => void) => () => void) {
  let expected: ConnectionEnds | undefined
  let found: Exchange | undefined
  let wake: (() => void) | undefined
  const stop = subscribe(function matchRelayExchange(exchange) {
    if (found || !expected) return
    const { remoteAddress, remotePort, localAddress, localPort } = exchange.request
    if (
      remoteAddress === expected.remoteAddress &&
      remotePort === expected.remotePort &&
      localAddress === expected.localAddress &&
      localPort === expected.localPort
    ) {
      found = exchange
      wake?.()
    }
  })
  return {
    expect(ends: ConnectionEnds) {
      expected = ends
    },
    found: () => found,
    async wait(ms: number): Promise<Exchange | undefined> {
      if (!found) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
      return found
    },
    stop,
  }
}
