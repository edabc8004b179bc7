/**
 * @module
 * Exact requests, a Fastify route plugin registered under `/_inspector/api`:
 *
 * - `POST /_inspector/api/send` hands a request (structured, or raw bytes) to this server
 *   over a connection in memory, so the same parser and gateway read the same bytes, reads
 *   the answer and returns the bytes sent, what was added, the response, the echo's environ
 *   with the provenance of every key, the timing, and with `profiles` the environ each
 *   server profile builds from the same request;
 * - `GET /_inspector/api/send` describes the limits, profiles and provenance steps.
 *
 * Security: the relay has no host, port or URL input (unknown fields are a 400) and opens
 * no socket: its connection is in memory, to this server, in this process (so under
 * `--workers` it never reaches another worker). The API call itself is under `/_inspector/`,
 * so it is never echoed or reported as an exchange; the relayed request is a real request to
 * the echo, flagged by `isRelayExchange`. A send that arrives over the relay's connection is
 * refused (508), so the relay cannot call itself. Only `application/json` is accepted, which
 * a cross-site page cannot send without a preflight.
 */
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { hostPort } from '../contract/http.ts'
import { PROFILE_IDS, type ProfileId } from '../contract/profiles.ts'
import { serializeRequest } from '../contract/serialize.ts'
import { STEPS } from '../contract/steps.ts'
import { sendApiError } from '../host/api-errors.ts'
import { buildAnswer, type RelayOutcome } from './answer.ts'
import { relay, relayTarget } from './client.ts'
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
      return sendApiError(reply, 'EI_ERR_RELAY_INPUT', error.message, error.field)
    }
    if (error.statusCode === 413) {
      const message = `the JSON body is larger than ${LIMITS.jsonBytes} bytes`
      return sendApiError(reply, 'EI_ERR_RELAY_TOO_LARGE', message)
    }
    if (error.statusCode === 415) return sendApiError(reply, 'EI_ERR_RELAY_MEDIA_TYPE', JSON_ONLY)
    if (error.statusCode && error.statusCode < 500) {
      return sendApiError(reply, 'EI_ERR_RELAY_INPUT', error.message)
    }
    return sendApiError(reply, 'EI_ERR_RELAY', `the relay failed: ${error.message}`)
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
        return sendApiError(reply, 'EI_ERR_RELAY_MEDIA_TYPE', JSON_ONLY)
      }
    },
  }
  fastify.post('/send', post, async function sendExactRequest(request, reply) {
    if (fastify.gateway.isInProcess(request.raw)) {
      return sendApiError(reply, 'EI_ERR_RELAY_LOOP', 'the relay cannot send to its own API')
    }
    const input = readSendRequest(request.body)
    const target = relayTarget(fastify.server.address())
    const running = fastify.gateway.running()
    if (!target || !running) {
      return sendApiError(reply, 'EI_ERR_RELAY_UNAVAILABLE', 'the server is not listening on TCP')
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      return sendApiError(
        reply,
        'EI_ERR_RELAY_BUSY',
        `${MAX_IN_FLIGHT} relays are already in flight`
      )
    }
    const { bytes, added } =
      input.mode === 'raw'
        ? { bytes: input.raw, added: [] }
        : serializeRequest(input, hostPort(target.host, target.port))
    // tokenized once: the method and target here, the answer's head and every provenance
    const head = tokenizeHead(bytes)
    const line = head.requestLine
    const method = line?.method ? rangeText(bytes, line.method) : ''
    const requestTarget = line?.target ? rangeText(bytes, line.target) : ''

    inFlight++
    try {
      const result = await relay(() => running.connect(request.raw), bytes, {
        timeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        head: method === 'HEAD',
      })
      const inspector = options.isInspectorTarget(requestTarget)
      const outcome: RelayOutcome = { input, bytes, head, added, result, method, inspector }
      return buildAnswer(outcome, { facts: running.facts, serverProfile: options.profile })
    } finally {
      inFlight--
    }
  })
}
