/**
 * @module
 * Live capture across cluster workers (`--workers N`): one history, numbered by the primary,
 * held by every worker, so any worker answers the capture API the same way.
 *
 * - A worker builds the record of each of its requests (body cut to `--history-body`,
 *   `--redact` applied) and sends the records of up to 2 ms to the primary as one JSON
 *   string of facts (capture/wire.ts): a worker that reads another's record rebuilds its
 *   environ with its own builder, so no worker renders an environ nobody reads.
 * - The primary gives the batch the next ids (ids stay global, consecutive and in arrival
 *   order), keeps the string for workers that start later, and passes it on to every worker
 *   without parsing it. Each worker appends the batch to its replica ring; it parses the
 *   batch only when someone reads one of its records (the list, one record, an event
 *   stream), and never parses its own: it still has those records.
 * - `DELETE` goes through the primary: it forgets its batches, tells every worker to empty
 *   its ring, and answers the worker that asked with the count.
 * - A worker that (re)starts says `hello` and gets the primary's batches before it serves.
 * - Access log: a worker writes its own requests' lines; in the JSON format, which carries
 *   the history id, once the primary has numbered them.
 *
 * What differs from one process: a request shows up in the history after up to 2 ms and two
 * IPC hops, not when the response is written. A worker that
 * cannot hand batches to the primary fast enough (`MAX_UNSENT_BATCHES` not yet written to
 * the channel) drops records rather than queue without bound, and says so on stderr.
 */
import { type Exchange, isRelayExchange } from '../contract/exchange.ts'
import { createAccessLog } from './access-log.ts'
import { type PendingRecord, RequestHistory } from './history.ts'
import { type Capture, type CaptureOptions, createCapture } from './index.ts'
import { HISTORY_DEFAULTS } from './options.ts'
import { type CapturedRequest, renumbered } from './record.ts'
import { decodeRecords, type EnvironRebuilder, encodeRecords } from './wire.ts'

/** A numbered batch as the primary keeps and sends it. */
export interface NumberedBatch {
  /** The id of the batch's first record; the others follow. */
  readonly base: number
  /** The records, encoded by `encodeRecords`. */
  readonly json: string
  /** Each record's kept body size, so a replica counts bytes without parsing. */
  readonly bodyBytes: readonly number[]
}

/** Worker → primary. */
export type ToPrimary =
  | { readonly ei: 'hello' }
  | {
      readonly ei: 'records'
      readonly json: string
      readonly bodyBytes: readonly number[]
      /** The sending worker's pid: the primary says whose batch it numbered. */
      readonly from: number
    }
  | { readonly ei: 'clear'; readonly tag: number }

/** Primary → worker. */
export type ToWorker =
  | {
      readonly ei: 'snapshot'
      readonly batches: readonly NumberedBatch[]
      readonly oldestId: number
      readonly lastId: number
    }
  | (NumberedBatch & { readonly ei: 'records'; readonly from: number })
  | { readonly ei: 'cleared' }
  | { readonly ei: 'clear-done'; readonly tag: number; readonly cleared: number }

/** One end of an IPC channel, as this module uses it. */
export interface CaptureLink<Out, In> {
  /** Send a message; `done` runs once it is written to the channel (or failed). */
  send(message: Out, done?: () => void): void
  onMessage(listener: (message: In) => void): void
}

const KINDS = new Set(['hello', 'records', 'clear', 'snapshot', 'cleared', 'clear-done'])

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

/** The records of one batch, built on first read: parsed, or the worker's own with ids. */
class BatchRecords {
  readonly #base: number
  #json: string | undefined
  #records: CapturedRequest[] | undefined
  readonly #own: readonly CapturedRequest[] | undefined
  readonly #rebuilder: () => EnvironRebuilder

  constructor(
    batch: NumberedBatch,
    rebuilder: () => EnvironRebuilder,
    own?: readonly CapturedRequest[]
  ) {
    this.#base = batch.base
    this.#own = own
    this.#rebuilder = rebuilder
    if (!own) this.#json = batch.json
  }

  record(index: number): CapturedRequest {
    if (this.#own) return renumbered(this.#own[index] as CapturedRequest, this.#base + index)
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
  own?: readonly CapturedRequest[],
  fromId = batch.base
): void {
  const records = new BatchRecords(batch, rebuilder, own)
  batch.bodyBytes.forEach((bytes, index) => {
    const id = batch.base + index
    if (id >= fromId) history.append(id, new BatchRecord(records, index, bytes))
  })
}

export interface WorkerCapture extends Capture {
  /** Resolves once the primary's copy of the history arrived: listen only after it. */
  readonly ready: Promise<void>
}

/** A worker's side: share its requests' records, keep the replica, clear through the primary. */
export function createWorkerCapture(
  options: CaptureOptions,
  link: CaptureLink<ToPrimary, ToWorker>,
  self: number,
  warn: (text: string) => void
): WorkerCapture {
  const settings = options.history ?? HISTORY_DEFAULTS
  // several processes write the same stdout: a line must never be split by another's
  const accessLog = options.accessLog && { ...options.accessLog, atomicWrites: true }
  if (settings.limit === 0) {
    return { ...createCapture({ ...options, accessLog }), ready: Promise.resolve() }
  }
  const history = new RequestHistory(settings)
  // other workers' records come without their environ: this worker's builder rebuilds them
  let rebuild: EnvironRebuilder | undefined
  const rebuilder = (): EnvironRebuilder => {
    if (!rebuild) throw new Error('a shared record was read before this worker was listening')
    return rebuild
  }
  const log = accessLog && createAccessLog(accessLog)
  const logLater = accessLog?.format === 'json' // its lines carry the id the primary gives
  const extra = options.onExchange
  let batch: CapturedRequest[] = []
  const sentBatches: CapturedRequest[][] = []
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
    sentBatches.push(records)
    const bodyBytes = records.map((record) => record.body.length)
    link.send({ ei: 'records', json: encodeRecords(records), bodyBytes, from: self }, written)
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

  let nextTag = 0
  const clears = new Map<number, (cleared: number) => void>()
  let ready: () => void = () => {}
  const snapshot = new Promise<void>((resolve) => {
    ready = resolve
  })
  link.onMessage((message) => {
    if (message.ei === 'records') {
      const own = message.from === self ? sentBatches.shift() : undefined
      appendBatch(history, message, rebuilder, own)
      if (own && log && logLater) {
        own.forEach((record, index) => {
          log.record(record, message.base + index)
        })
      }
    } else if (message.ei === 'snapshot') {
      history.reset(message.oldestId - 1)
      for (const held of message.batches) {
        appendBatch(history, held, rebuilder, undefined, message.oldestId)
      }
      ready()
    } else if (message.ei === 'cleared') history.clear()
    else if (message.ei === 'clear-done') {
      clears.get(message.tag)?.(message.cleared)
      clears.delete(message.tag)
    }
  })
  link.send({ ei: 'hello' })
  return {
    history,
    onExchange,
    ready: snapshot,
    flush: () => log?.flush(),
    rebuildWith: (build) => {
      rebuild = build
    },
    clear: () =>
      new Promise<number>((resolve) => {
        const tag = ++nextTag
        clears.set(tag, resolve)
        link.send({ ei: 'clear', tag })
      }),
  }
}

export interface PrimaryCapture {
  /** Serve one worker's channel; returns the function to call when the worker is gone. */
  attach(link: CaptureLink<ToWorker, ToPrimary>): () => void
}

/** The primary's side: number every worker's batches, keep them, fan them out unparsed. */
export function createPrimaryCapture(options: CaptureOptions): PrimaryCapture {
  const limit = (options.history ?? HISTORY_DEFAULTS).limit
  const batches: NumberedBatch[] = []
  let lastId = 0
  let oldestId = 1
  const members = new Set<CaptureLink<ToWorker, ToPrimary>>()
  const broadcast = (message: ToWorker): void => {
    for (const member of members) member.send(message)
  }
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
          broadcast({ ei: 'records', ...numbered, from: message.from })
        } else if (message.ei === 'hello') {
          // everything so far in the snapshot, everything after it as broadcasts: no gap
          link.send({ ei: 'snapshot', batches: [...batches], oldestId, lastId })
          members.add(link)
        } else if (message.ei === 'clear') {
          const cleared = lastId - oldestId + 1
          oldestId = lastId + 1
          batches.length = 0
          broadcast({ ei: 'cleared' })
          link.send({ ei: 'clear-done', tag: message.tag, cleared })
        }
      })
      return () => {
        members.delete(link)
      }
    },
  }
}
