/**
 * @module
 * Live capture settings: what the history keeps and how the access log is written, with
 * the defaults the CLI uses and the parsers behind `--history`, `--redact` and
 * `--log-format`. Parsers throw `RangeError` with a one-line reason; the CLI turns it into
 * a usage error.
 */
import { isToken } from '../contract/http.ts'

export interface HistoryOptions {
  /** How many requests the ring keeps; 0 turns live capture off. */
  readonly limit: number
  /** How many bytes of each body are kept; the size and SHA-256 always cover all of it. */
  readonly bodyLimit: number
  /** Header names whose values are replaced in the history (never in the echo). */
  readonly redact: readonly string[]
}

export type LogFormat = 'text' | 'json'

export interface AccessLogOptions {
  readonly format: LogFormat
  /** Where the lines go (several lines per call under load). Default: process.stdout. */
  readonly write?: (text: string) => void
  /** Keep each write within PIPE_BUF, so processes sharing a pipe never split a line. */
  readonly atomicWrites?: boolean
}

export const HISTORY_DEFAULTS: HistoryOptions = { limit: 500, bodyLimit: 64 * 1024, redact: [] }

/** Event streams served at once (`--max-subscribers`), per process. */
export const MAX_SUBSCRIBERS_DEFAULT = 100
const MAX_SUBSCRIBERS_MAX = 100_000

/** Parse `--max-subscribers N`: event streams served at once, at least 1. */
export function parseMaxSubscribers(text: string): number {
  const max = Number(text)
  if (!DIGITS.test(text) || max < 1 || max > MAX_SUBSCRIBERS_MAX) {
    throw new RangeError(
      `--max-subscribers: expected a number of event streams from 1 to ${MAX_SUBSCRIBERS_MAX}, got ${JSON.stringify(text)}`
    )
  }
  return max
}

/** More would let `--history` alone promise gigabytes (each record keeps up to a body). */
export const HISTORY_MAX = 100_000

export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json']

/** The value that replaces a redacted header everywhere in a record. */
export const REDACTED = '[redacted]'

const DIGITS = /^\d+$/

/** Parse `--history N`: how many requests to keep, 0 for none. */
export function parseHistoryLimit(text: string): number {
  const limit = Number(text)
  if (!DIGITS.test(text) || limit > HISTORY_MAX) {
    throw new RangeError(
      `--history: expected a number of requests from 0 (capture off) to ${HISTORY_MAX}, got ${JSON.stringify(text)}`
    )
  }
  return limit
}

/** Parse `--redact a,b`: header names, compared case-insensitively. */
export function parseRedactList(text: string): string[] {
  const names = text.split(',').map((name) => name.trim())
  const bad = names.find((name) => !isToken(name))
  if (bad !== undefined) {
    throw new RangeError(
      `--redact: expected header names separated by commas, e.g. authorization,cookie; got ${JSON.stringify(bad)}`
    )
  }
  return [...new Set(names.map((name) => name.toLowerCase()))]
}

/** Parse `--log-format text|json`. */
export function parseLogFormat(text: string): LogFormat {
  const format = LOG_FORMATS.find((f) => f === text)
  if (format === undefined) {
    throw new RangeError(
      `--log-format: expected one of ${LOG_FORMATS.join(', ')}, got ${JSON.stringify(text)}`
    )
  }
  return format
}

/** One line for the banner: what the history keeps. */
export function describeHistory(history: HistoryOptions): string {
  if (history.limit === 0) return 'off (--history 0)'
  const redact = history.redact.length > 0 ? `; redacting ${history.redact.join(', ')}` : ''
  return `last ${history.limit} requests, up to ${formatBytes(history.bodyLimit)} of each body${redact}`
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`
  return `${bytes} bytes`
}
