/**
 * @module
 * Captured requests as the Live page holds them: the shapes of the capture API's JSON
 * (list rows, events, full records), checked at runtime because they come off the network,
 * plus the body preview and the conversion to a replayable request.
 *
 * The UI may not import server modules (tests/unit/layering.test.ts), so these types mirror
 * `server/capture/record.ts` rather than importing it.
 */
import { receivedBody } from './body.ts'
import type { ReplayRequest } from './replay.ts'

export interface Peer {
  readonly address: string
  readonly port: number
}

export type HeaderPair = readonly [name: string, value: string]

/** A list row: one request without its body or environ. */
export interface CapturedSummary {
  /** Positive and increasing while the server runs; newer requests have larger ids. */
  readonly id: number
  /** Arrival, ISO 8601 UTC. */
  readonly time: string
  readonly durationMs: number
  readonly peer: Peer
  readonly method: string
  /** The request-target as sent (path and query, undecoded). */
  readonly target: string
  /** `1.1`, `1.0`, `0.9`. */
  readonly httpVersion: string
  readonly status: number
  readonly bodySize: number
  readonly contentType: string | null
  /** Why the server profile refused the request (then there is no environ). */
  readonly refusal: string | null
  /** In wire order, names as sent, redacted values replaced. */
  readonly headers: readonly HeaderPair[]
}

/** `GET /requests/:id`: everything the history keeps of one request. */
export interface CapturedRecord extends CapturedSummary {
  readonly local: Peer
  readonly requestLine: string
  readonly body: {
    readonly size: number
    readonly sha256: string
    /** The kept bytes: the first `--history-body` bytes of the body. */
    readonly bytes: Uint8Array
    readonly truncated: boolean
  }
  readonly environ: Readonly<Record<string, string>> | null
  /** Header names (as sent) whose values `--redact` replaced. */
  readonly redacted: readonly string[]
}

/** The value the server puts in place of a redacted header (server/capture/options.ts). */
export const REDACTED = '[redacted]'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPeer(value: unknown): value is Peer {
  return isObject(value) && typeof value.address === 'string' && typeof value.port === 'number'
}

function isHeaderPair(value: unknown): value is HeaderPair {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string'
  )
}

function isStringMap(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string')
}

const ID = /^[1-9]\d{0,14}$/

/** Read a list row or an event's data; undefined when it is not one. */
export function parseSummary(value: unknown): CapturedSummary | undefined {
  if (!isObject(value)) return undefined
  const { id, time, durationMs, peer, method, target, httpVersion, status, bodySize } = value
  if (
    typeof id !== 'string' ||
    !ID.test(id) ||
    typeof time !== 'string' ||
    typeof durationMs !== 'number' ||
    !isPeer(peer) ||
    typeof method !== 'string' ||
    typeof target !== 'string' ||
    typeof httpVersion !== 'string' ||
    typeof status !== 'number' ||
    typeof bodySize !== 'number'
  ) {
    return undefined
  }
  const headers = Array.isArray(value.headers) ? value.headers.filter(isHeaderPair) : []
  return {
    id: Number(id),
    time,
    durationMs,
    peer: { address: peer.address, port: peer.port },
    method,
    target,
    httpVersion,
    status,
    bodySize,
    contentType: typeof value.contentType === 'string' ? value.contentType : null,
    refusal: typeof value.refusal === 'string' ? value.refusal : null,
    headers,
  }
}

/** Read a full record; undefined when it is not one. */
export function parseRecord(value: unknown): CapturedRecord | undefined {
  const summary = parseSummary(value)
  if (!summary || !isObject(value)) return undefined
  const { local, request, environ, redacted } = value
  if (!isPeer(local) || !isObject(request) || !isObject(request.body)) return undefined
  const { size, sha256, truncated, base64 } = request.body
  if (
    typeof size !== 'number' ||
    typeof sha256 !== 'string' ||
    typeof truncated !== 'boolean' ||
    typeof base64 !== 'string' ||
    typeof request.requestLine !== 'string' ||
    !Array.isArray(request.headers)
  ) {
    return undefined
  }
  return {
    ...summary,
    // the record's own header list is the authoritative one
    headers: request.headers.filter(isHeaderPair),
    local: { address: local.address, port: local.port },
    requestLine: request.requestLine,
    body: { size, sha256, bytes: decodeBase64(base64), truncated },
    environ: isStringMap(environ) ? environ : null,
    redacted: Array.isArray(redacted)
      ? redacted.filter((name): name is string => typeof name === 'string')
      : [],
  }
}

function decodeBase64(text: string): Uint8Array {
  try {
    const binary = atob(text)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return new Uint8Array(0)
  }
}

/** Whether `--redact` replaced this header's value (the server lists the names it replaced). */
export function isRedacted(record: CapturedRecord, [name, value]: HeaderPair): boolean {
  const lower = name.toLowerCase()
  return value === REDACTED && record.redacted.some((n) => n.toLowerCase() === lower)
}

/**
 * The environ keys whose values `--redact` replaced: the keys the redacted headers became
 * (`HTTP_*`, and CONTENT_TYPE / CONTENT_LENGTH, which have no prefix).
 */
export function redactedEnvironKeys(record: CapturedRecord): ReadonlySet<string> {
  const keys = new Set<string>()
  for (const name of record.redacted) {
    const key = name.toUpperCase().replaceAll('-', '_')
    keys.add(key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH' ? key : `HTTP_${key}`)
  }
  const environ = record.environ ?? {}
  return new Set([...keys].filter((key) => environ[key] === REDACTED))
}

/** How the kept body bytes are shown: as text when they are UTF-8, else as hex. */
export type BodyPreview =
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'binary'; readonly hex: string; readonly shownBytes: number }

const HEX_PREVIEW_BYTES = 512

/** Preview the kept bytes; a UTF-8 character cut in two by truncation still reads as text. */
export function bodyPreview(bytes: Uint8Array): BodyPreview {
  if (bytes.length === 0) return { kind: 'empty' }
  try {
    // stream: true holds back an incomplete sequence at the end instead of failing on it
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return { kind: 'text', text }
  } catch {
    const shown = bytes.subarray(0, HEX_PREVIEW_BYTES)
    const hex = Array.from(shown, (byte) => byte.toString(16).padStart(2, '0'))
      .join(' ')
      .replace(/((?:[0-9a-f]{2} ){16})/g, '$1\n')
      .trim()
    return { kind: 'binary', hex, shownBytes: shown.length }
  }
}

/** The captured request as the composer takes it: method, target, version, headers, body. */
export function toReplayRequest(record: CapturedRecord): ReplayRequest {
  return {
    method: record.method,
    target: record.target,
    httpVersion: `HTTP/${record.httpVersion}`,
    headers: record.headers.map(([name, value]) => [name, value] as const),
    // bytes stay bytes: a binary upload must replay byte for byte
    body: receivedBody(record.body.bytes, record.contentType ?? undefined),
  }
}

/** `127.0.0.1:5000`, `[::1]:5000`. */
export function formatPeer(peer: Peer): string {
  return peer.address.includes(':')
    ? `[${peer.address}]:${peer.port}`
    : `${peer.address}:${peer.port}`
}

/** Arrival time as local `HH:MM:SS.mmm`: requests often arrive within the same second. */
export function formatTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}

/** `1 byte`, `1,234 bytes`, `64 KiB` (whole KiB and MiB only, as the CLI prints sizes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`
}
