/**
 * @module
 * The composer's history as plain data: one entry per sent request, newest first, capped.
 *
 * Entries hold the draft (to reopen it) and a one-line summary; environs are not stored.
 */
import { isDraft } from './guards.ts'
import type { Draft } from './request.ts'

export const HISTORY_LIMIT = 50

export interface HistoryEntry {
  readonly id: string
  /** Epoch milliseconds. */
  readonly at: number
  readonly draft: Draft
  readonly method: string
  readonly target: string
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number
  readonly timeMs: number
}

function isEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return (
    typeof entry.id === 'string' &&
    typeof entry.at === 'number' &&
    isDraft(entry.draft) &&
    typeof entry.method === 'string' &&
    typeof entry.target === 'string' &&
    typeof entry.status === 'number' &&
    typeof entry.timeMs === 'number'
  )
}

/** Return true when `value` is a stored history list. */
export function isEntryList(value: unknown): value is HistoryEntry[] {
  return Array.isArray(value) && value.every(isEntry)
}

/** Return `entry` added in front of `entries`, capped at {@link HISTORY_LIMIT}. */
export function addEntry(entries: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  return [entry, ...entries.filter((e) => e.id !== entry.id)].slice(0, HISTORY_LIMIT)
}
