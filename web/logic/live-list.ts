/**
 * @module
 * The Live page's list of captured requests, as one immutable value: the rows shown
 * (newest first, deduplicated by id, capped), and what arrived while paused.
 *
 * Requests reach the page twice over (the history page loaded on open, then the event
 * stream, which can replay on reconnect), so every addition deduplicates by id.
 */
import type { CapturedSummary } from './live-record.ts'

export interface LiveList {
  /** Newest first, at most `cap`. */
  readonly rows: readonly CapturedSummary[]
  /** Arrived while paused, newest first, at most `cap`; shown on resume. */
  readonly held: readonly CapturedSummary[]
  readonly paused: boolean
  /** The most rows kept in memory (the server's `--history`, bounded by the UI). */
  readonly cap: number
}

export function emptyList(cap: number): LiveList {
  return { rows: [], held: [], paused: false, cap }
}

/** Merge `incoming` into `rows`: newest first, one row per id, at most `cap`. */
function merge(
  rows: readonly CapturedSummary[],
  incoming: readonly CapturedSummary[],
  cap: number
): CapturedSummary[] {
  const newest = rows[0]?.id ?? 0
  const [only] = incoming
  // the common case, one new request newer than all: no sort
  if (incoming.length === 1 && only && only.id > newest) return [only, ...rows.slice(0, cap - 1)]
  const byId = new Map<number, CapturedSummary>()
  for (const row of rows) byId.set(row.id, row)
  for (const row of incoming) byId.set(row.id, row)
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, cap)
}

/** Add requests: to the rows, or to the held ones while paused. */
export function addRequests(list: LiveList, incoming: readonly CapturedSummary[]): LiveList {
  if (incoming.length === 0) return list
  if (!list.paused) return { ...list, rows: merge(list.rows, incoming, list.cap) }
  const shown = new Set(list.rows.map((row) => row.id))
  const fresh = incoming.filter((row) => !shown.has(row.id))
  return fresh.length === 0 ? list : { ...list, held: merge(list.held, fresh, list.cap) }
}

export function pause(list: LiveList): LiveList {
  return list.paused ? list : { ...list, paused: true }
}

/** Stop holding: what arrived meanwhile joins the rows. */
export function resume(list: LiveList): LiveList {
  if (!list.paused) return list
  return { ...list, paused: false, held: [], rows: merge(list.rows, list.held, list.cap) }
}

/**
 * Start again from what the server holds now (after a reconnect it may have been cleared,
 * restarted or have moved on). While paused, requests newer than the rows shown are held,
 * not shown.
 */
export function reload(list: LiveList, items: readonly CapturedSummary[], cap: number): LiveList {
  const fresh = emptyList(cap)
  if (!list.paused) return addRequests(fresh, items)
  const shownUpTo = list.rows[0]?.id ?? 0
  const shown = addRequests(
    fresh,
    items.filter((row) => row.id <= shownUpTo)
  )
  return addRequests(
    pause(shown),
    items.filter((row) => row.id > shownUpTo)
  )
}

/** Remove every request up to and including `lastId` (all of them when left out). */
export function clearUpTo(list: LiveList, lastId = Number.POSITIVE_INFINITY): LiveList {
  const keep = (row: CapturedSummary) => row.id > lastId
  return { ...list, rows: list.rows.filter(keep), held: list.held.filter(keep) }
}

/** The largest id the list has seen (0 when empty): where the event stream continues. */
export function newestId(list: LiveList): number {
  return Math.max(list.rows[0]?.id ?? 0, list.held[0]?.id ?? 0)
}
