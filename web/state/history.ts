/**
 * @module
 * The last 50 sent requests, kept in this browser (localStorage), newest first.
 */
import { signal } from '@preact/signals'
import { readJson, removeKey, writeJson } from '../lib/storage.ts'
import { addEntry, type HistoryEntry, isEntryList } from '../logic/history.ts'

export const HISTORY_KEY = 'environ-inspector.history.v1'

/** Sent requests, newest first. */
export const history = signal<readonly HistoryEntry[]>(readJson(HISTORY_KEY, isEntryList) ?? [])

/** Record a sent request and persist the list. */
export function recordHistory(entry: HistoryEntry): void {
  history.value = addEntry(history.value, entry)
  writeJson(HISTORY_KEY, history.value)
}

/** Forget every entry. */
export function clearHistory(): void {
  history.value = []
  removeKey(HISTORY_KEY)
}
