/**
 * @module
 * A Server-Sent Events client for tests, over `node:http`: connects (optionally with a
 * `Last-Event-ID` header), parses the stream the way the HTML spec's event-stream
 * interpretation does (`id:`, `event:`, `data:`, comments, CRLF/LF/CR line ends) and hands
 * the events out in order.
 *
 * It never hangs: waiting for an event rejects after `timeoutMs` with what arrived so far.
 * Streams close when the current test finishes.
 */
import { type IncomingHttpHeaders, request } from 'node:http'
import { onTestFinished } from 'vitest'

export interface SseEvent {
  /** The `event:` field, `message` when there was none. */
  event: string
  /** The `data:` lines joined with `\n`. */
  data: string
  /** This event's own `id:` field, null when it had none. */
  id: string | null
  /** The stream's last event id when the event was dispatched (what a reconnect sends). */
  lastEventId: string
}

export interface EventStream {
  status: number
  headers: IncomingHttpHeaders
  /** The body, for a response that is not an event stream (a 404, a 406). */
  text(): Promise<string>
  /** Every event dispatched so far. */
  readonly events: readonly SseEvent[]
  /** What a reconnecting client would send as Last-Event-ID. */
  readonly lastEventId: string
  /** Comment lines seen (`: heartbeat`). */
  readonly comments: readonly string[]
  /** The next event not yet handed out by next()/take(). */
  next(timeoutMs?: number): Promise<SseEvent>
  /** The next `count` events (optionally only those named `event`), skipping others. */
  take(count: number, event?: string, timeoutMs?: number): Promise<SseEvent[]>
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>
  close(): void
}

export interface OpenOptions {
  lastEventId?: string
  headers?: Record<string, string>
  /** Close when the current test finishes (default true). */
  autoClose?: boolean
}

const DEFAULT_TIMEOUT_MS = 5000

/** Connect to an event stream; resolves once the response head arrived. */
export function openEventStream(url: string, opts: OpenOptions = {}): Promise<EventStream> {
  const headers: Record<string, string> = { Accept: 'text/event-stream', ...opts.headers }
  if (opts.lastEventId !== undefined) headers['Last-Event-ID'] = opts.lastEventId
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const events: SseEvent[] = []
      const comments: string[] = []
      const waiters: Array<() => void> = []
      let consumed = 0
      let lastEventId = ''
      let buffer = ''
      let data: string[] = []
      let eventType = ''
      let ownId: string | null = null
      let body = ''
      let endedResolve: () => void = () => {}
      const ended = new Promise<void>((r) => {
        endedResolve = r
      })
      const isStream = (res.headers['content-type'] ?? '').startsWith('text/event-stream')

      const wake = () => {
        for (const waiter of waiters.splice(0)) waiter()
      }
      const dispatch = () => {
        if (data.length > 0) {
          events.push({
            event: eventType || 'message',
            data: data.join('\n'),
            id: ownId,
            lastEventId,
          })
          wake()
        }
        data = []
        eventType = ''
        ownId = null
      }
      const line = (text: string) => {
        if (text === '') return dispatch()
        if (text.startsWith(':')) {
          comments.push(text.slice(1).trim())
          return
        }
        const colon = text.indexOf(':')
        const field = colon === -1 ? text : text.slice(0, colon)
        let value = colon === -1 ? '' : text.slice(colon + 1)
        if (value.startsWith(' ')) value = value.slice(1)
        if (field === 'data') data.push(value)
        else if (field === 'event') eventType = value
        else if (field === 'id' && !value.includes('\0')) {
          lastEventId = value
          ownId = value
        }
      }

      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        if (!isStream) {
          body += chunk
          return
        }
        buffer += chunk
        for (;;) {
          const match = /\r\n|\r|\n/.exec(buffer)
          // a lone CR at the end may be the first half of CRLF: wait for more
          if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) break
          line(buffer.slice(0, match.index))
          buffer = buffer.slice(match.index + match[0].length)
        }
      })
      let done = false
      const finish = () => {
        done = true
        endedResolve()
        wake()
      }
      res.on('end', finish)
      res.on('close', finish)
      res.on('error', finish)

      const next = (timeoutMs = DEFAULT_TIMEOUT_MS): Promise<SseEvent> =>
        new Promise((resolveNext, rejectNext) => {
          const check = () => {
            const event = events[consumed]
            if (event) {
              consumed++
              clearTimeout(timer)
              resolveNext(event)
              return
            }
            if (done) {
              clearTimeout(timer)
              rejectNext(new Error(`event stream ended after ${events.length} events`))
              return
            }
            waiters.push(check)
          }
          const timer = setTimeout(() => {
            const index = waiters.indexOf(check)
            if (index !== -1) waiters.splice(index, 1)
            rejectNext(
              new Error(
                `no event within ${timeoutMs} ms; ${events.length} so far: ` +
                  JSON.stringify(events.slice(-3).map((e) => `${e.event} ${e.id ?? ''}`))
              )
            )
          }, timeoutMs)
          check()
        })

      const stream: EventStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: async () => {
          await ended
          return body
        },
        events,
        get lastEventId() {
          return lastEventId
        },
        comments,
        next,
        async take(count, event, timeoutMs = DEFAULT_TIMEOUT_MS) {
          const taken: SseEvent[] = []
          const deadline = Date.now() + timeoutMs
          while (taken.length < count) {
            const got = await next(Math.max(1, deadline - Date.now()))
            if (event === undefined || got.event === event) taken.push(got)
          }
          return taken
        },
        ended,
        close() {
          req.destroy()
          res.destroy()
        },
      }
      if (opts.autoClose ?? true) onTestFinished(() => stream.close())
      resolve(stream)
    })
    req.on('error', reject)
    req.end()
  })
}
