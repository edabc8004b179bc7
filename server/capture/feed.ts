/**
 * @module
 * One event stream's feed: sends each new record in id order, starting after a cursor
 * (the client's `Last-Event-ID`), independent of how the messages reach the client.
 *
 * The history is the only buffer. A feed keeps a cursor, not a queue: it sends one message
 * at a time, waits until the transport took it, then reads the next record from the ring.
 * A client too slow to keep up therefore costs no memory; when the ring has evicted records
 * it had not been sent yet, it gets a `gap` event saying how many it missed and goes on
 * from the oldest record still held. A replay shares the event loop with everything else
 * (turns.ts): after a few milliseconds of sending, a feed waits for the next turn.
 *
 * Events (the `event:` field), in the order they are sent:
 * - `ready` (no id): `{ after, lastId, replay, missed }`, first on every stream;
 * - `request` (id = record id): the summary and the environ of one request;
 * - `gap` (no id): `{ missed, next }`, records evicted before this stream got them;
 * - `cleared` (no id): `{ cleared, lastId }`, the history was emptied (`DELETE`).
 */
import type { HistoryListener, RequestHistory } from './history.ts'
import type { CapturedRequest } from './record.ts'
import { mustYield, nextTurn } from './turns.ts'
import { toEvent } from './views.ts'

export interface FeedMessage {
  /** Set on `request` events only, so `Last-Event-ID` always names a request. */
  readonly id?: string
  readonly event: 'ready' | 'request' | 'gap' | 'cleared'
  /** Pre-serialised JSON for `request` events (shared by every stream), an object otherwise. */
  readonly data: string | object
}

/** Deliver one message; resolves once the transport can take the next. Rejects when closed. */
export type FeedSend = (message: FeedMessage) => Promise<void>

export interface FeedStart {
  /** The stream continues after this id. */
  readonly cursor: number
  /** Requests after the client's last id that the ring no longer holds. */
  readonly missed: number
}

const DIGITS = /^\d{1,15}$/

/**
 * Where a stream starts, from the client's last event id (`Last-Event-ID` or `?after=`).
 *
 * No id (or one that is not ours): only new requests. An id older than the ring: replay what
 * is held and report the rest as missed. An id newer than any this process gave out comes
 * from before a restart: replay everything held.
 */
export function feedStart(history: RequestHistory, lastEventId: string | null): FeedStart {
  if (lastEventId === null || !DIGITS.test(lastEventId)) {
    return { cursor: history.lastId, missed: 0 }
  }
  const id = Number(lastEventId)
  const beforeOldest = history.oldestId - 1
  if (id > history.lastId) return { cursor: beforeOldest, missed: 0 }
  if (id < beforeOldest) return { cursor: beforeOldest, missed: beforeOldest - id }
  return { cursor: id, missed: 0 }
}

export class EventFeed implements HistoryListener {
  readonly #history: RequestHistory
  readonly #send: FeedSend
  #cursor: number
  #pumping = false
  #stopped = false
  #unsubscribe: (() => void) | undefined

  constructor(history: RequestHistory, start: FeedStart, send: FeedSend) {
    this.#history = history
    this.#cursor = start.cursor
    this.#send = send
  }

  /** Send `ready`, replay what the client missed, then follow the history until `stop()`. */
  start(missed: number): void {
    const history = this.#history
    this.#unsubscribe = history.subscribe(this)
    const replay = Math.max(0, history.lastId - this.#cursor)
    this.#deliver({
      event: 'ready',
      data: {
        after: String(this.#cursor),
        lastId: String(history.lastId),
        replay,
        missed,
      },
    })
    this.#pump()
  }

  stop(): void {
    this.#stopped = true
    this.#unsubscribe?.()
  }

  onRecord(): void {
    this.#pump()
  }

  onClear(cleared: number, lastId: number): void {
    this.#cursor = Math.max(this.#cursor, lastId)
    // written after whatever the pump already handed to the transport, before its next one
    this.#deliver({ event: 'cleared', data: { cleared, lastId: String(lastId) } })
  }

  #deliver(message: FeedMessage): void {
    if (this.#stopped) return
    this.#send(message).catch(() => this.stop())
  }

  async #pump(): Promise<void> {
    if (this.#pumping || this.#stopped) return
    this.#pumping = true
    try {
      const history = this.#history
      while (!this.#stopped && this.#cursor < history.lastId) {
        if (mustYield()) {
          await nextTurn()
          continue
        }
        const next = this.#cursor + 1
        const oldest = history.oldestId
        if (next < oldest) {
          // evicted before this stream got them (or cleared: onClear moved the cursor)
          this.#cursor = oldest - 1
          this.#deliver({ event: 'gap', data: { missed: oldest - next, next: String(oldest) } })
          continue
        }
        const record = history.get(next) as CapturedRequest
        await this.#send({ id: String(next), event: 'request', data: serializeEvent(record) })
        this.#cursor = Math.max(this.#cursor, next)
      }
    } catch {
      this.stop()
    } finally {
      this.#pumping = false
    }
  }
}

/**
 * Events serialised lately: every stream sends the same new record, and streams that replay
 * the history send the same old ones, so each is serialised once, not once per stream.
 * Bounded: the last 256, by record id, holding the records weakly (an evicted record's body
 * must not stay pinned here); an entry for another history's record of the same id is
 * replaced.
 */
const SERIALIZED_KEPT = 256
const serialized = new Map<number, { record: WeakRef<CapturedRequest>; json: string }>()

/** The `request` event's data as JSON, cached for the records most recently serialised. */
export function serializeEvent(record: CapturedRequest): string {
  const cached = serialized.get(record.id)
  if (cached?.record.deref() === record) return cached.json
  const json = JSON.stringify(toEvent(record))
  serialized.delete(record.id)
  if (serialized.size >= SERIALIZED_KEPT) {
    serialized.delete(serialized.keys().next().value as number)
  }
  serialized.set(record.id, { record: new WeakRef(record), json })
  return json
}
