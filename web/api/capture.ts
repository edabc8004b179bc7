/**
 * @module
 * The capture API as the Live page uses it: list, one record, clear, and the event stream
 * of new requests. Like the rest of web/api/, nothing here throws; a failure comes back as
 * a message a person can act on.
 */

import type { RequestProfilesJson } from '../../server/contract/api/requests.ts'
import {
  type CapturedRecord,
  type CapturedSummary,
  parseRecord,
  parseSummary,
} from '../logic/live-record.ts'
import { unreachableMessage } from './json.ts'

const API = '/_inspector/api'

/** What the server's history keeps, from `GET /requests`. */
export interface CaptureSettings {
  /** False when the server runs with `--history 0`. */
  readonly enabled: boolean
  /** `--history`: how many requests the server keeps. */
  readonly capacity: number
  /** `--history-body`: body bytes kept per request. */
  readonly bodyLimit: number
  /** `--redact`: header names whose values are replaced. */
  readonly redact: readonly string[]
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string }

export interface RequestPage {
  readonly settings: CaptureSettings
  readonly items: readonly CapturedSummary[]
}

async function call(path: string, init?: RequestInit): Promise<Result<unknown>> {
  let response: Response
  try {
    response = await fetch(`${API}${path}`, { headers: { accept: 'application/json' }, ...init })
  } catch (error) {
    return { ok: false, message: unreachableMessage(error) }
  }
  const json: unknown = await response.json().catch(() => undefined)
  if (response.ok && json !== undefined) return { ok: true, value: json }
  const error =
    typeof json === 'object' && json !== null && 'error' in json ? String(json.error) : ''
  return {
    ok: false,
    message: `The server answered ${response.status}${error ? `: ${error}` : ''}`,
  }
}

function readSettings(json: Record<string, unknown>): CaptureSettings {
  const number = (value: unknown) => (typeof value === 'number' ? value : 0)
  return {
    enabled: json.enabled === true,
    capacity: number(json.capacity),
    bodyLimit: number(json.bodyLimit),
    redact: Array.isArray(json.redact)
      ? json.redact.filter((name): name is string => typeof name === 'string')
      : [],
  }
}

/** The newest `limit` requests and the capture settings. */
export async function fetchRequests(limit: number): Promise<Result<RequestPage>> {
  const result = await call(`/requests?limit=${limit}`)
  if (!result.ok) return result
  const json = result.value
  if (
    typeof json !== 'object' ||
    json === null ||
    !('items' in json) ||
    !Array.isArray(json.items)
  ) {
    return { ok: false, message: 'The server sent a request list this page cannot read.' }
  }
  const items = json.items.map(parseSummary).filter((row) => row !== undefined)
  return { ok: true, value: { settings: readSettings(json as Record<string, unknown>), items } }
}

export async function fetchRecord(id: number): Promise<Result<CapturedRecord>> {
  const result = await call(`/requests/${id}`)
  if (!result.ok) return result
  const record = parseRecord(result.value)
  return record
    ? { ok: true, value: record }
    : { ok: false, message: 'The server sent a record this page cannot read.' }
}

/** The captured request `id` rebuilt under every server profile, with where they differ. */
export async function fetchRecordProfiles(id: number): Promise<Result<RequestProfilesJson>> {
  const result = await call(`/requests/${id}/profiles`)
  if (!result.ok) return result
  const json = result.value
  return typeof json === 'object' && json !== null && 'profiles' in json
    ? { ok: true, value: json as RequestProfilesJson }
    : { ok: false, message: 'The server sent profiles this page cannot read.' }
}

/** Empty the server's history; resolves to how many requests it removed. */
export async function clearRequests(): Promise<Result<number>> {
  const result = await call('/requests', { method: 'DELETE' })
  if (!result.ok) return result
  const json = result.value
  const cleared = typeof json === 'object' && json !== null && 'cleared' in json ? json.cleared : 0
  return { ok: true, value: typeof cleared === 'number' ? cleared : 0 }
}

/** What the event stream reports; see server/capture/routes.ts for the events. */
export interface CaptureEvents {
  /** The stream is open: new requests will arrive. */
  open(): void
  /** The stream dropped; `closed` when the browser will not retry by itself (an error status). */
  error(closed: boolean): void
  /** The server's newest id when the stream opened. */
  ready(lastId: number): void
  request(summary: CapturedSummary): void
  /** The history was emptied up to `lastId` (everything, when undefined). */
  cleared(lastId: number | undefined): void
  /** The server's ring evicted `missed` requests before this stream could send them. */
  gap(missed: number): void
}

/**
 * Follow `GET /_inspector/api/events` from request `after` on; returns what closes it.
 *
 * The browser's EventSource reconnects by itself and sends `Last-Event-ID`; the server then
 * replays what was missed.
 */
export function followEvents(after: number, on: CaptureEvents): () => void {
  const events = new EventSource(`${API}/events?after=${after}`)
  events.addEventListener('open', () => on.open())
  events.addEventListener('error', () => on.error(events.readyState === EventSource.CLOSED))
  events.addEventListener('ready', (event) => on.ready(Number(readData(event).lastId)))
  events.addEventListener('request', (event) => {
    const request = parseSummary(readData(event))
    if (request) on.request(request)
  })
  events.addEventListener('cleared', (event) => {
    const lastId = Number(readData(event).lastId)
    on.cleared(Number.isFinite(lastId) ? lastId : undefined)
  })
  events.addEventListener('gap', (event) => {
    const count = Number(readData(event).missed)
    if (Number.isFinite(count)) on.gap(count)
  })
  return () => events.close()
}

function readData(event: Event): Record<string, unknown> {
  if (!(event instanceof MessageEvent) || typeof event.data !== 'string') return {}
  try {
    const data: unknown = JSON.parse(event.data)
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
