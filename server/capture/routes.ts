/**
 * @module
 * The live capture API, a Fastify route plugin registered under `/_inspector/api`:
 *
 * - `GET /requests?limit=50&before=<id>`: summaries, newest first, with a `next` cursor;
 * - `GET /requests/:id`: one full record (raw request, body as base64, environ);
 * - `GET /requests/:id/profiles?profiles=a,b`: the environ each server profile builds from
 *   that record, and where they differ (profiles.ts);
 * - `DELETE /requests`: empty the history (ids keep counting up);
 * - `GET /events`: Server-Sent Events (`@fastify/sse`), one `request` event per new
 *   request with `id:` = its record id; reconnecting with `Last-Event-ID` (or `?after=<id>`
 *   on a first connect) replays what the history still holds after that id.
 *
 * With `--history 0` the list is empty and says why, and the rest answer 404.
 *
 * Security: the history shows every request, including other people's `Authorization` and
 * `Cookie` headers, to anyone who can reach the port. `--redact` replaces chosen values.
 */
import fastifySSE, { type SSEReplyInterface } from '@fastify/sse'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { RequestListJson, RequestProfilesJson } from '../contract/api/requests.ts'
import type { ProfileId } from '../contract/profiles.ts'
import { sendApiError } from '../host/api-errors.ts'
import { EventFeed, feedStart } from './feed.ts'
import type { Capture } from './index.ts'
import { MAX_SUBSCRIBERS_DEFAULT } from './options.ts'
import { ProfileListError, readProfileList, recordUnderProfiles } from './profiles.ts'
import type { CapturedRequest } from './record.ts'
import { toRecordJson, toSummary } from './views.ts'

export interface CaptureRoutesOptions {
  readonly capture: Capture
  /** The profile this server runs with (`--profile`): the one its records were built with. */
  readonly profile: ProfileId
  /** Event streams served at once; more get a 503 (`--max-subscribers`). */
  readonly maxSubscribers?: number
}

export const PAGE_MAX = 500

const OFF = 'live capture is off: the server runs with --history 0'
const DIGITS = /^\d{1,15}$/

const LIST_SCHEMA = {
  querystring: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: PAGE_MAX, default: 50 },
      before: { type: 'integer', minimum: 1 },
    },
  },
} as const

const PROFILES_SCHEMA = {
  querystring: {
    type: 'object',
    properties: { profiles: { type: 'string', maxLength: 1000 } },
  },
} as const

const EVENTS_SCHEMA = {
  querystring: {
    type: 'object',
    properties: { after: { type: 'string', pattern: DIGITS.source } },
  },
} as const

/** `request` event data is pre-serialised JSON (see feed.ts); everything else is an object. */
function serializeData(data: unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data)
}

export const captureRoutes: FastifyPluginAsync<CaptureRoutesOptions> = async (fastify, opts) => {
  const { capture, maxSubscribers = MAX_SUBSCRIBERS_DEFAULT } = opts
  const history = capture.history
  // in a cluster worker, the merged history is asked for when read (capture/cluster.ts)
  const read = async (limit: number, before?: number) =>
    history && capture.read ? capture.read(limit, before) : history
  const streams = new Set<SSEReplyInterface>()

  await fastify.register(fastifySSE)

  // open streams never go idle: end them, or close() would wait for the clients forever
  fastify.addHook('preClose', async () => {
    for (const stream of streams) stream.close()
  })
  fastify.addHook('onClose', async () => capture.flush())

  fastify.get<{ Querystring: { limit: number; before?: number } }>(
    '/requests',
    { schema: LIST_SCHEMA },
    async function listRequests(request): Promise<RequestListJson> {
      const history = await read(request.query.limit, request.query.before)
      if (!history) {
        return {
          items: [],
          next: null,
          total: 0,
          enabled: false,
          capacity: 0,
          bodyLimit: 0,
          keptBodyBytes: 0,
          redact: [],
          notice: OFF,
        }
      }
      const page = history.page(request.query.limit, request.query.before)
      return {
        items: page.items.map(toSummary),
        next: page.next === null ? null : String(page.next),
        total: history.size,
        enabled: true,
        capacity: history.limit,
        bodyLimit: history.bodyLimit,
        keptBodyBytes: history.keptBodyBytes,
        redact: [...history.redact],
      }
    }
  )

  /** The record `id` names, or the error answered for it (`undefined` then). */
  async function findRecord(id: string, reply: FastifyReply): Promise<CapturedRequest | undefined> {
    const wanted = DIGITS.test(id) ? Number(id) : undefined
    const history = await read(wanted === undefined ? 0 : 1, wanted && wanted + 1)
    const record = history && DIGITS.test(id) ? history.get(Number(id)) : undefined
    if (record) return record
    const why = !history
      ? OFF
      : `no request ${JSON.stringify(id)} in the history: ${
          history.size === 0
            ? 'it is empty'
            : `it holds ids ${history.oldestId} to ${history.lastId}, the last ${history.limit} requests at most`
        }`
    sendApiError(reply, history ? 'EI_ERR_CAPTURE_NOT_FOUND' : 'EI_ERR_CAPTURE_OFF', why)
    return undefined
  }

  fastify.get<{ Params: { id: string } }>(
    '/requests/:id',
    async function getRequest(request, reply) {
      const record = await findRecord(request.params.id, reply)
      return record ? toRecordJson(record) : reply
    }
  )

  fastify.get<{ Params: { id: string }; Querystring: { profiles?: string } }>(
    '/requests/:id/profiles',
    { schema: PROFILES_SCHEMA },
    async function getRequestProfiles(request, reply): Promise<RequestProfilesJson | unknown> {
      let profiles: ProfileId[]
      try {
        profiles = readProfileList(request.query.profiles)
      } catch (error) {
        if (!(error instanceof ProfileListError)) throw error
        return sendApiError(reply, 'EI_ERR_CAPTURE_INPUT', error.message, 'profiles')
      }
      const record = await findRecord(request.params.id, reply)
      if (!record) return reply
      const running = fastify.gateway.running()
      if (!running) {
        const why = 'the server is not listening yet'
        return sendApiError(reply, 'EI_ERR_RELAY_UNAVAILABLE', why)
      }
      return recordUnderProfiles(record, running.facts, opts.profile, profiles)
    }
  )

  fastify.delete('/requests', async function clearRequests(_request, reply) {
    if (!history) return sendApiError(reply, 'EI_ERR_CAPTURE_OFF', OFF)
    return { cleared: await capture.clear() }
  })

  fastify.get<{ Querystring: { after?: string } }>(
    '/events',
    { sse: { kind: 'only', serializer: serializeData }, schema: EVENTS_SCHEMA },
    async function streamEvents(request, reply) {
      if (!history) return sendApiError(reply, 'EI_ERR_CAPTURE_OFF', OFF)
      if (streams.size >= maxSubscribers) {
        // each stream may replay the whole history: their number is what bounds that work
        reply.header('retry-after', '5')
        return sendApiError(
          reply,
          'EI_ERR_CAPTURE_BUSY',
          `too many event streams: this server serves ${maxSubscribers} at once ` +
            `(--max-subscribers ${maxSubscribers}); close one, or start it with a higher --max-subscribers`
        )
      }
      const sse = reply.sse
      let feed: EventFeed | undefined
      let closed = false
      sse.keepAlive()
      streams.add(sse)
      sse.onClose(() => {
        closed = true
        feed?.stop()
        streams.delete(sse)
        capture.unfollow?.()
      })
      const live = capture.follow ? await capture.follow() : history
      if (closed) return
      // a reconnecting EventSource sends Last-Event-ID; a first connect can say ?after=
      const start = feedStart(live, sse.lastEventId ?? request.query.after ?? null)
      feed = new EventFeed(live, start, (message) => sse.send(message))
      feed.start(start.missed)
    }
  )
}
