/**
 * @module
 * Live capture across cluster workers (`--workers N`): one history, numbered and kept by the
 * primary; a worker pays for its own requests only, and for the others' only while someone
 * reads them.
 *
 * - A worker builds the record of each of its requests (body cut to `--history-body`,
 *   `--redact` applied) and sends the records of up to 2 ms to the primary as one JSON
 *   string of facts (capture/wire.ts).
 * - The primary gives the batch the next ids (ids stay global, consecutive and in arrival
 *   order) and keeps the string, unparsed: its copy is the history, so a worker that dies
 *   loses none of it. It passes a batch on only to workers that follow the history live (an
 *   event stream is open on them), never to the others.
 * - A read (the list, one record, the profiles view) on a worker that does not follow asks
 *   the primary for its batches and reads them as a history of its own, parsing only the
 *   batches it touches; the worker rebuilds their environs with its own builder.
 * - A worker's first event stream makes it follow: it gets the primary's batches, then every
 *   new batch, in id order, until its last stream closes and it forgets them.
 * - `DELETE` goes through the primary: it forgets its batches, tells the followers to empty
 *   their copy, and answers the worker that asked with the count.
 * - Access log: a worker writes its own requests' lines; in the JSON format, which carries
 *   the history id, once the primary has told it the ids.
 *
 * What differs from one process: a request shows up in the history after up to 2 ms and an
 * IPC hop, not when the response is written. A worker that cannot hand batches to the
 * primary fast enough (`MAX_UNSENT_BATCHES` not yet written to the channel) drops records
 * rather than queue without bound, and says so on stderr.
 */
import { type Exchange, isRelayExchange } from '../contract/exchange.ts'
import { createAccessLog } from './access-log.ts'
import { type HistoryReader, type PendingRecord, pageRange, RequestHistory } from './history.ts'
import { type Capture, type CaptureOptions, createCapture } from './index.ts'
import { HISTORY_DEFAULTS, type HistoryOptions } from './options.ts'
import { RangeView } from './range-view.ts'
import type { CapturedRequest } from './record.ts'
import { decodeRecords, type EnvironRebuilder, encodeRecords } from './wire.ts'

/** A numbered batch as the primary keeps and sends it. */
export interface NumberedBatch {
  /** The id of the batch's first record; the others follow. */
  readonly base: number
  /** The records, encoded by `encodeRecords`. */
  readonly json: string
  /** Each record's kept body size, so a reader counts bytes without parsing. */
  readonly bodyBytes: readonly number[]
}

/** The primary's batches, as a reader or a new follower gets them. */
export interface HeldBatches {
  readonly batches: readonly NumberedBatch[]
  readonly oldestId: number
  readonly lastId: number
}

/** Worker → primary. */
export type ToPrimary =
  | {
      readonly ei: 'records'
      readonly json: string
      readonly bodyBytes: readonly number[]
      /** Whether the sender needs the ids back (its access log prints them). */
      readonly ids: boolean
    }
  | { readonly ei: 'clear'; readonly tag: number }
  | {
      readonly ei: 'read'
      readonly tag: number
      /** The page the reader wants, as `RequestHistory.page` takes it. */
      readonly limit: number
      readonly before?: number
    }
  | { readonly ei: 'follow'; readonly tag: number }
  | { readonly ei: 'unfollow' }

/** Primary → worker. */
export type ToWorker =
  | (HeldBatches & { readonly ei: 'snapshot'; readonly tag: number })
  | (HeldBatches & {
      readonly ei: 'view'
      readonly tag: number
      /** The page's oldest id: `batches` may begin before it. */
      readonly firstId: number
      readonly keptBodyBytes: number
    })
  | (NumberedBatch & { readonly ei: 'records' })
  | { readonly ei: 'numbered'; readonly base: number }
  | { readonly ei: 'cleared' }
  | { readonly ei: 'clear-done'; readonly tag: number; readonly cleared: number }

/** One end of an IPC channel, as this module uses it. */
export interface CaptureLink<Out, In> {
  /** Send a message; `done` runs once it is written to the channel (or failed). */
  send(message: Out, done?: () => void): void
  onMessage(listener: (message: In) => void): void
}

const KINDS = new Set([
  'records',
  'clear',
  'read',
  'follow',
  'unfollow',
  'view',
  'snapshot',
  'numbered',
  'cleared',
  'clear-done',
])

/** Whether an IPC message is one of ours (cluster sends its own messages on the same channel). */
export function isCaptureMessage(message: unknown): message is ToPrimary | ToWorker {
  return (
    typeof message === 'object' &&
    message !== null &&
    KINDS.has((message as { ei?: unknown }).ei as string)
  )
}

/** Batches a worker may have handed to the channel and not yet written, before it drops. */
export const MAX_UNSENT_BATCHES = 64

/**
 * How long a worker gathers records before sending them, and the most in one batch. Each
 * message costs the primary about as much as its records: under load, fewer and fuller
 * batches; when idle, a record waits this long at most.
 */
const BATCH_MS = 2
const BATCH_MAX = 256

/** The records of one batch, parsed on first read. */
class BatchRecords {
  readonly #base: number
  #json: string | undefined
  #records: CapturedRequest[] | undefined
  readonly #rebuilder: () => EnvironRebuilder

  constructor(batch: NumberedBatch, rebuilder: () => EnvironRebuilder) {
    this.#base = batch.base
    this.#json = batch.json
    this.#rebuilder = rebuilder
  }

  record(index: number): CapturedRequest {
    if (!this.#records) {
      this.#records = decodeRecords(this.#json as string, this.#base, this.#rebuilder)
      this.#json = undefined
    }
    return this.#records[index] as CapturedRequest
  }
}

class BatchRecord implements PendingRecord {
  readonly #batch: BatchRecords
  readonly #index: number
  readonly keptBodyBytes: number

  constructor(batch: BatchRecords, index: number, keptBodyBytes: number) {
    this.#batch = batch
    this.#index = index
    this.keptBodyBytes = keptBodyBytes
  }

  materialize(): CapturedRequest {
    return this.#batch.record(this.#index)
  }
}

/** Append a numbered batch's records from `fromId` on (earlier ones were evicted). */
function appendBatch(
  history: RequestHistory,
  batch: NumberedBatch,
  rebuilder: () => EnvironRebuilder,
  fromId = batch.base
): void {
  const records = new BatchRecords(batch, rebuilder)
  batch.bodyBytes.forEach((bytes, index) => {
    const id = batch.base + index
    if (id >= fromId) history.append(id, new BatchRecord(records, index, bytes))
  })
}

/** Make `history` hold the batches' records from `fromId` on, telling no listener. */
function load(
  history: RequestHistory,
  batches: readonly NumberedBatch[],
  fromId: number,
  rebuilder: () => EnvironRebuilder
): void {
  history.reset(fromId - 1)
  for (const batch of batches) appendBatch(history, batch, rebuilder, fromId)
}

export interface WorkerCapture extends Capture {
  /** Resolves once the worker may serve. */
  readonly ready: Promise<void>
}

/** A worker's side: send its requests' records, read and follow the primary's. */
export function createWorkerCapture(
  options: CaptureOptions,
  link: CaptureLink<ToPrimary, ToWorker>,
  warn: (text: string) => void
): WorkerCapture {
  const settings = options.history ?? HISTORY_DEFAULTS
  // several processes write the same stdout: a line must never be split by another's
  const accessLog = options.accessLog && { ...options.accessLog, atomicWrites: true }
  if (settings.limit === 0) {
    return { ...createCapture({ ...options, accessLog }), ready: Promise.resolve() }
  }
  // other workers' records come without their environ: this worker's builder rebuilds them
  let rebuild: EnvironRebuilder | undefined
  const rebuilder = (): EnvironRebuilder => {
    if (!rebuild) throw new Error('a shared record was read before this worker was listening')
    return rebuild
  }
  const sender = createBatchSender(settings, { ...options, accessLog }, link, warn)
  const follower = createFollower(settings, link, rebuilder)
  let nextTag = 0
  const clears = new Map<number, (cleared: number) => void>()
  const reads = new Map<number, (view: ToWorker & { ei: 'view' }) => void>()
  link.onMessage((message) => {
    if (message.ei === 'numbered') sender.numbered(message.base)
    else if (message.ei === 'view') {
      reads.get(message.tag)?.(message)
      reads.delete(message.tag)
    } else if (message.ei === 'clear-done') {
      clears.get(message.tag)?.(message.cleared)
      clears.delete(message.tag)
    } else follower.receive(message)
  })
  return {
    history: follower.history,
    onExchange: sender.onExchange,
    ready: Promise.resolve(),
    flush: sender.flush,
    rebuildWith: (build) => {
      rebuild = build
    },
    read: async (limit, before): Promise<HistoryReader> => {
      if (follower.live) return follower.history
      const tag = ++nextTag
      const view = await new Promise<ToWorker & { ei: 'view' }>((resolve) => {
        reads.set(tag, resolve)
        link.send(
          before === undefined ? { ei: 'read', tag, limit } : { ei: 'read', tag, limit, before }
        )
      })
      // read once and dropped: only a follower keeps a copy
      const part = new RequestHistory(settings)
      load(part, view.batches, view.firstId, rebuilder)
      return new RangeView(part, view)
    },
    follow: follower.follow,
    unfollow: follower.unfollow,
    clear: () =>
      new Promise<number>((resolve) => {
        const tag = ++nextTag
        clears.set(tag, resolve)
        link.send({ ei: 'clear', tag })
      }),
  }
}

/** Gathers a worker's records into batches for the primary; logs them. */
function createBatchSender(
  settings: HistoryOptions,
  options: CaptureOptions,
  link: CaptureLink<ToPrimary, ToWorker>,
  warn: (text: string) => void
) {
  const history = new RequestHistory(settings) // builds records; holds none
  const log = options.accessLog && createAccessLog(options.accessLog)
  const logLater = options.accessLog?.format === 'json' // its lines carry the id the primary gives
  const extra = options.onExchange
  let batch: CapturedRequest[] = []
  /** Batches whose ids the access log waits for. */
  const unnumbered: CapturedRequest[][] = []
  let unsent = 0
  let dropped = 0
  let warnedAt = 0
  const written = (): void => {
    unsent--
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const sendBatch = (): void => {
    clearTimeout(timer)
    timer = undefined
    const records = batch
    if (records.length === 0) return
    batch = []
    unsent++
    if (logLater) unnumbered.push(records)
    const bodyBytes = records.map((record) => record.body.length)
    link.send({ ei: 'records', json: encodeRecords(records), bodyBytes, ids: logLater }, written)
  }
  const onExchange = function shareExchange(exchange: Exchange): void {
    // the relay's own requests (in memory, never another worker's): not user traffic
    const relayed = isRelayExchange(exchange)
    if (relayed) {
      // logged below, without a history id
    } else if (unsent < MAX_UNSENT_BATCHES) {
      batch.push(history.capture(exchange, 0)) // the primary numbers it
      if (batch.length >= BATCH_MAX) sendBatch()
      else timer ??= setTimeout(sendBatch, BATCH_MS)
    } else {
      dropped++
      if (Date.now() - warnedAt > 10_000) {
        warnedAt = Date.now()
        warn(
          `warning: live capture is behind: ${dropped} requests not recorded so far (the primary is not keeping up)\n`
        )
      }
    }
    if (log && (!logLater || relayed)) log(exchange)
    extra?.(exchange)
  }
  return {
    onExchange,
    flush: () => log?.flush(),
    numbered(base: number): void {
      const records = unnumbered.shift()
      records?.forEach((record, index) => {
        log?.record(record, base + index)
      })
    },
  }
}

/**
 * A worker's live copy of the history, held only while an event stream is open on it:
 * the first stream asks the primary for its batches and every new one; the last one to
 * close lets them go.
 */
function createFollower(
  settings: HistoryOptions,
  link: CaptureLink<ToPrimary, ToWorker>,
  rebuilder: () => EnvironRebuilder
) {
  const history = new RequestHistory(settings)
  let streams = 0
  /** Which follow the next snapshot must answer; older ones are stale. */
  let tag = 0
  let live = false
  let waiting: Promise<RequestHistory> | undefined
  let arrived: ((history: RequestHistory) => void) | undefined
  return {
    history,
    get live() {
      return live
    },
    follow(): Promise<RequestHistory> {
      streams++
      if (live) return Promise.resolve(history)
      if (!waiting) {
        waiting = new Promise((resolve) => {
          arrived = resolve
        })
        link.send({ ei: 'follow', tag: ++tag })
      }
      return waiting
    },
    unfollow(): void {
      if (streams === 0 || --streams > 0) return
      link.send({ ei: 'unfollow' })
      tag++ // a snapshot still on its way is stale now
      live = false
      arrived?.(history) // its stream is closed already
      arrived = undefined
      waiting = undefined
      history.reset(0)
    },
    receive(message: ToWorker): void {
      if (message.ei === 'snapshot') {
        if (message.tag !== tag) return
        load(history, message.batches, message.oldestId, rebuilder)
        live = true
        arrived?.(history)
        arrived = undefined
        waiting = undefined
      } else if (!live) {
        // a batch or clear sent before the primary read our unfollow
      } else if (message.ei === 'records') appendBatch(history, message, rebuilder)
      else if (message.ei === 'cleared') history.clear()
    },
  }
}

/** Body bytes of the records from `oldestId` on. */
function keptBodyBytes(batches: readonly NumberedBatch[], oldestId: number): number {
  let sum = 0
  for (const batch of batches) {
    batch.bodyBytes.forEach((bytes, index) => {
      if (batch.base + index >= oldestId) sum += bytes
    })
  }
  return sum
}

export interface PrimaryCapture {
  /** Serve one worker's channel; returns the function to call when the worker is gone. */
  attach(link: CaptureLink<ToWorker, ToPrimary>): () => void
}

/** The primary's side: number every worker's batches, keep them, pass them to followers. */
export function createPrimaryCapture(options: CaptureOptions): PrimaryCapture {
  const limit = (options.history ?? HISTORY_DEFAULTS).limit
  const batches: NumberedBatch[] = []
  let lastId = 0
  let oldestId = 1
  const followers = new Set<CaptureLink<ToWorker, ToPrimary>>()
  const held = (): HeldBatches => ({ batches: [...batches], oldestId, lastId })
  return {
    attach(link) {
      link.onMessage((message) => {
        if (limit === 0) return
        if (message.ei === 'records') {
          const numbered: NumberedBatch = {
            base: lastId + 1,
            json: message.json,
            bodyBytes: message.bodyBytes,
          }
          lastId += message.bodyBytes.length
          batches.push(numbered)
          oldestId = Math.max(oldestId, lastId - limit + 1)
          // forget batches the ring has evicted entirely
          while (batches.length > 0) {
            const first = batches[0] as NumberedBatch
            if (first.base + first.bodyBytes.length > oldestId) break
            batches.shift()
          }
          if (message.ids) link.send({ ei: 'numbered', base: numbered.base })
          for (const follower of followers) follower.send({ ei: 'records', ...numbered })
        } else if (message.ei === 'read') {
          const { from, to } = pageRange(oldestId, lastId, message.limit, message.before)
          const wanted = batches.filter(
            (batch) => batch.base <= from && batch.base + batch.bodyBytes.length > to
          )
          link.send({
            ei: 'view',
            tag: message.tag,
            batches: wanted,
            oldestId,
            lastId,
            firstId: wanted.length > 0 ? to : lastId + 1,
            keptBodyBytes: keptBodyBytes(batches, oldestId),
          })
        } else if (message.ei === 'follow') {
          // everything so far in the snapshot, everything after it as batches: no gap
          link.send({ ei: 'snapshot', tag: message.tag, ...held() })
          followers.add(link)
        } else if (message.ei === 'unfollow') {
          followers.delete(link)
        } else if (message.ei === 'clear') {
          const cleared = lastId - oldestId + 1
          oldestId = lastId + 1
          batches.length = 0
          for (const follower of followers) follower.send({ ei: 'cleared' })
          link.send({ ei: 'clear-done', tag: message.tag, cleared })
        }
      })
      return () => {
        followers.delete(link)
      }
    },
  }
}
