/**
 * @module
 * The Live page's model: the captured requests (loaded from the history, then followed
 * over the event stream), the connection state, pause, filter, selection and the pinned
 * request for Compare.
 *
 * It connects the first time the Live page opens and stays connected while the app is
 * open, so going to the composer (Replay) and back keeps the list and the selection.
 * The stream itself (an EventSource) is web/api/capture.ts's.
 */
import { batch, computed, signal } from '@preact/signals'
import {
  type CaptureSettings,
  clearRequests,
  fetchRecord,
  fetchRequests,
  followEvents,
} from '../api/capture.ts'
import { filterRows, type LiveFilter, NO_FILTER } from '../logic/live-filter.ts'
import {
  addRequests,
  clearUpTo,
  emptyList,
  type LiveList,
  newestId,
  pause,
  reload,
  resume,
} from '../logic/live-list.ts'
import type { CapturedRecord } from '../logic/live-record.ts'
import { type RequestPart, samePart } from '../logic/trace.ts'
import { notice } from './inspector.ts'

/**
 * `connecting`: loading the history; `live`: following new requests; `reconnecting`: the
 * stream dropped and the browser is retrying; `off`: the server runs with `--history 0`;
 * `down`: the server cannot be reached (retried every few seconds).
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'off' | 'down'

/** The most rows the page holds, whatever `--history` says (the server's page limit too). */
export const UI_CAP = 500
const RETRY_MS = 3000

export type Selected =
  | { readonly id: number; readonly state: 'loading' }
  | { readonly id: number; readonly state: 'ready'; readonly record: CapturedRecord }
  | { readonly id: number; readonly state: 'missing'; readonly message: string }

export const liveList = signal<LiveList>(emptyList(UI_CAP))
export const connection = signal<ConnectionState>('connecting')
/** Why the page is `down` (or empty when it is not). */
export const connectionProblem = signal('')
export const captureSettings = signal<CaptureSettings | undefined>(undefined)
export const liveFilter = signal<LiveFilter>(NO_FILTER)
export const selected = signal<Selected | undefined>(undefined)
/** Request A of Compare. */
export const pinnedRecord = signal<CapturedRecord | undefined>(undefined)
/**
 * Inside the selected request: a key (its explanation, and the lines it came from lit) or
 * a part of the request (the keys it produced lit).
 */
export type DetailSelection =
  | { readonly kind: 'none' }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'part'; readonly part: RequestPart }

export const detailSelection = signal<DetailSelection>({ kind: 'none' })

/** Select a key of the selected request's environ, or clear it when it already is. */
export function toggleDetailKey(key: string): void {
  const sel = detailSelection.value
  detailSelection.value =
    sel.kind === 'key' && sel.key === key ? { kind: 'none' } : { kind: 'key', key }
}

/** Select a part of the selected request, or clear it when it already is. */
export function toggleDetailPart(part: RequestPart): void {
  const sel = detailSelection.value
  const same = sel.kind === 'part' && samePart(sel.part, part)
  detailSelection.value = same ? { kind: 'none' } : { kind: 'part', part }
}

/** Requests the stream skipped because the server's ring evicted them first. */
export const missed = signal(0)

export const visibleRows = computed(() => filterRows(liveList.value.rows, liveFilter.value))

let closeStream: (() => void) | undefined
let retryTimer: ReturnType<typeof setTimeout> | undefined
let started = false

/** Connect once; later calls do nothing (the connection outlives the page). */
export function startLive(): void {
  if (started) return
  started = true
  void connect()
}

function retryLater(): void {
  clearTimeout(retryTimer)
  retryTimer = setTimeout(() => void connect(), RETRY_MS)
}

/** Load the history, then follow the event stream from the newest request loaded. */
async function connect(): Promise<void> {
  closeStream?.()
  closeStream = undefined
  const page = await fetchRequests(UI_CAP)
  if (!page.ok) {
    batch(() => {
      connection.value = 'down'
      connectionProblem.value = page.message
    })
    retryLater()
    return
  }
  const { settings, items } = page.value
  batch(() => {
    captureSettings.value = settings
    connectionProblem.value = ''
    connection.value = settings.enabled ? 'connecting' : 'off'
    if (!settings.enabled) return
    liveList.value = reload(liveList.value, items, Math.min(settings.capacity, UI_CAP))
  })
  if (settings.enabled) follow(newestId(liveList.value))
}

function follow(after: number): void {
  closeStream = followEvents(after, {
    open() {
      connection.value = 'live'
    },
    error(closed) {
      connection.value = 'reconnecting'
      // an error status (capture turned off by a restart, say): start over from the list
      if (closed) retryLater()
    },
    ready(lastId) {
      // fewer requests than this page has seen: the server restarted and ids began again
      if (lastId < newestId(liveList.value)) liveList.value = clearUpTo(liveList.value)
    },
    request(request) {
      liveList.value = addRequests(liveList.value, [request])
    },
    cleared(lastId) {
      liveList.value = clearUpTo(liveList.value, lastId)
    },
    gap(count) {
      missed.value += count
    },
  })
}

export function togglePause(): void {
  liveList.value = liveList.value.paused ? resume(liveList.value) : pause(liveList.value)
}

/** Empty the server's history (for every viewer) and this list. */
export async function clearHistory(): Promise<void> {
  const result = await clearRequests()
  if (!result.ok) {
    notice.value = `Could not clear the history. ${result.message}`
    return
  }
  batch(() => {
    liveList.value = clearUpTo(liveList.value)
    selected.value = undefined
    missed.value = 0
    notice.value = `Cleared ${result.value} ${result.value === 1 ? 'request' : 'requests'} from the server’s history.`
  })
}

/** Show request `id`: its full record is fetched from the server. */
export async function selectRequest(id: number): Promise<void> {
  if (selected.value?.id === id && selected.value.state !== 'missing') return
  batch(() => {
    selected.value = { id, state: 'loading' }
    detailSelection.value = { kind: 'none' }
  })
  const result = await fetchRecord(id)
  // a later selection wins over a slow answer
  if (selected.value?.id !== id) return
  batch(() => {
    selected.value = result.ok
      ? { id, state: 'ready', record: result.value }
      : { id, state: 'missing', message: result.message }
    // the list row only looks selected: say it, for screen readers
    notice.value = result.ok
      ? `Showing request #${id}: ${result.value.method} ${result.value.target}`
      : `Request #${id} is no longer available.`
  })
}

/** Pin the selected request as A for Compare, or unpin it when it already is. */
export function togglePin(record: CapturedRecord): void {
  const same = pinnedRecord.value?.id === record.id
  pinnedRecord.value = same ? undefined : record
  notice.value = same ? '' : `Pinned #${record.id} as A. Select another request to compare.`
}
