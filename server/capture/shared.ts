/**
 * @module
 * Live capture across cluster workers (`--workers N`): one history, numbered by the primary,
 * held by every worker, so any worker answers the capture API the same way.
 *
 * - A worker builds the record of each of its requests (body cut to `--history-body`,
 *   `--redact` applied) and sends it to the primary, in batches of one event-loop turn.
 * - The primary gives each record the next id (ids stay global, consecutive and in arrival
 *   order), keeps it in its own ring, writes the access-log line, and sends the numbered
 *   records to every worker, which insert them into their replica rings: the list, one
 *   record, and the event streams (with `Last-Event-ID` replay) read the replica.
 * - `DELETE` goes through the primary too: it empties its ring, tells every worker to empty
 *   theirs, and answers the worker that asked with the count.
 * - A worker that (re)starts says `hello` and gets the primary's whole ring before it serves.
 *
 * What differs from one process: a request shows up in the history after two IPC hops
 * (well under a millisecond when idle), not when the response is written. A worker that
 * cannot hand records to the primary fast enough (more than `MAX_UNSENT_BATCHES` batches not
 * yet written to the channel) drops records rather than queue without bound, and says so.
 */
import type { Exchange } from '../adapters/node-http.ts'
import { createAccessLog } from './access-log.ts'
import { RequestHistory } from './history.ts'
import { type Capture, type CaptureOptions, createCapture } from './index.ts'
import { HISTORY_DEFAULTS } from './options.ts'
import type { CapturedRequest } from './record.ts'

/** Worker → primary. */
export type ToPrimary =
  | { readonly ei: 'hello' }
  | { readonly ei: 'records'; readonly records: readonly CapturedRequest[] }
  | { readonly ei: 'clear'; readonly tag: number }

/** Primary → worker. */
export type ToWorker =
  | {
      readonly ei: 'snapshot'
      readonly records: readonly CapturedRequest[]
      readonly lastId: number
    }
  | { readonly ei: 'records'; readonly records: readonly CapturedRequest[] }
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

export interface WorkerCapture extends Capture {
  /** Resolves once the primary's copy of the history arrived: listen only after it. */
  readonly ready: Promise<void>
}

/** A worker's side: share its requests' records, keep the replica, clear through the primary. */
export function createWorkerCapture(
  options: CaptureOptions,
  link: CaptureLink<ToPrimary, ToWorker>,
  warn: (text: string) => void
): WorkerCapture {
  const settings = options.history ?? HISTORY_DEFAULTS
  if (settings.limit === 0) {
    // nothing to share: each worker logs its own requests, a line never split by another's
    const accessLog = options.accessLog && { ...options.accessLog, atomicWrites: true }
    return { ...createCapture({ ...options, accessLog }), ready: Promise.resolve() }
  }
  const history = new RequestHistory(settings)
  const extra = options.onExchange
  let batch: CapturedRequest[] = []
  let unsent = 0
  let dropped = 0
  let warnedAt = 0
  const sent = (): void => {
    unsent--
  }
  const sendBatch = (): void => {
    const records = batch
    batch = []
    unsent++
    link.send({ ei: 'records', records }, sent)
  }
  const onExchange = function shareExchange(exchange: Exchange): void {
    if (unsent < MAX_UNSENT_BATCHES) {
      if (batch.length === 0) setImmediate(sendBatch)
      batch.push(history.capture(exchange, 0)) // the primary numbers it
    } else {
      dropped++
      if (Date.now() - warnedAt > 10_000) {
        warnedAt = Date.now()
        warn(
          `warning: live capture is behind: ${dropped} requests not recorded so far (the primary is not keeping up)\n`
        )
      }
    }
    extra?.(exchange)
  }

  let nextTag = 0
  const clears = new Map<number, (cleared: number) => void>()
  let ready: () => void = () => {}
  const snapshot = new Promise<void>((resolve) => {
    ready = resolve
  })
  link.onMessage((message) => {
    if (message.ei === 'records') for (const record of message.records) history.insert(record)
    else if (message.ei === 'snapshot') {
      history.restore(message.records, message.lastId)
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
    flush: () => {},
    clear: () =>
      new Promise<number>((resolve) => {
        const tag = ++nextTag
        clears.set(tag, resolve)
        link.send({ ei: 'clear', tag })
      }),
  }
}

export interface PrimaryCapture {
  /** The authoritative history; undefined when capture is off. */
  readonly history: RequestHistory | undefined
  /** Serve one worker's channel; returns the function to call when the worker is gone. */
  attach(link: CaptureLink<ToWorker, ToPrimary>): () => void
  flush(): void
}

/** The primary's side: number every worker's records, keep them, log them, fan them out. */
export function createPrimaryCapture(options: CaptureOptions): PrimaryCapture {
  const settings = options.history ?? HISTORY_DEFAULTS
  // the workers redact before they send
  const history = settings.limit > 0 ? new RequestHistory({ ...settings, redact: [] }) : undefined
  const log = history && options.accessLog ? createAccessLog(options.accessLog) : undefined
  const members = new Set<CaptureLink<ToWorker, ToPrimary>>()
  const broadcast = (message: ToWorker): void => {
    for (const member of members) member.send(message)
  }
  return {
    history,
    flush: () => log?.flush(),
    attach(link) {
      link.onMessage((message) => {
        if (!history) return
        if (message.ei === 'records') {
          const numbered = message.records.map((record) =>
            history.insert({ ...record, id: history.lastId + 1 })
          )
          if (log) for (const record of numbered) log.record(record)
          broadcast({ ei: 'records', records: numbered })
        } else if (message.ei === 'hello') {
          // everything so far in the snapshot, everything after it as broadcasts: no gap
          const records = history.page(history.limit).items.toReversed()
          link.send({ ei: 'snapshot', records, lastId: history.lastId })
          members.add(link)
        } else if (message.ei === 'clear') {
          const cleared = history.clear()
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
