/**
 * @module
 * The access log: one line per request the gateway answered, on stdout unless `--quiet`.
 *
 *     127.0.0.1:53422 "GET /foo?x=1 HTTP/1.1" 200 812 1ms
 *
 * peer address and port, the request line, the status, the response body bytes and how
 * long the exchange took. `--log-format json` writes the same facts (plus the time and the
 * history id) as one JSON object per line, for machines.
 *
 * Lines written in the same event-loop turn are joined into one write: on Linux a write to a
 * pipe or file is synchronous, and a syscall per request would show in the benchmark.
 */
import type { Exchange } from '../contract/exchange.ts'
import { hostPort } from '../contract/http.ts'
import type { AccessLogOptions } from './options.ts'

/** Log one exchange; `id` is its history id when live capture recorded it. */
export type AccessLogger = ((exchange: Exchange, id?: number) => void) & {
  /** Log a captured record once it has its id (a cluster worker's, numbered by the primary). */
  record(entry: AccessLogEntry, id: number): void
  /** Write out what is buffered now. */
  flush(): void
}

/** What a log line says, flat: an exchange's request facts, or a captured record. */
export interface AccessLogEntry {
  readonly startedAt: number
  readonly durationMs: number
  readonly method: string
  readonly target: string
  readonly httpVersion: string
  readonly remoteAddress: string
  readonly remotePort: number
  readonly status: number
  readonly responseBytes: number
  readonly refusal?: string | null
}

/** Flush at once past this many buffered characters. */
const FLUSH_AT = 16 * 1024

// a target may hold `"` or `\` (llhttp allows them); escape them so the line parses back
const NEEDS_QUOTING = /["\\]/
const QUOTED = /["\\]/g

export function createAccessLog(options: AccessLogOptions): AccessLogger {
  const write = options.write ?? ((text: string) => process.stdout.write(text))
  const format = options.format === 'json' ? formatJsonEntry : formatTextEntry
  // one write stays below PIPE_BUF when several processes share the pipe (cluster workers)
  const flushAt = options.atomicWrites ? ATOMIC_WRITE : FLUSH_AT
  let pending = ''
  let scheduled = false
  const flush = (): void => {
    scheduled = false
    if (pending === '') return
    const text = pending
    pending = ''
    write(text)
  }
  const append = (line: string): void => {
    if (pending.length + line.length > flushAt) flush()
    pending += line
    if (pending.length >= flushAt) flush()
    else if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
  const log = (exchange: Exchange, id?: number): void => append(format(entryOf(exchange), id))
  return Object.assign(log, {
    flush,
    record: (entry: AccessLogEntry, id: number) => append(format(entry, id)),
  })
}

/** Writes to a pipe up to this size are atomic on Linux (PIPE_BUF). */
const ATOMIC_WRITE = 4096

function entryOf(exchange: Exchange): AccessLogEntry {
  const { request } = exchange
  return {
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    method: request.method,
    target: request.target,
    httpVersion: request.httpVersion,
    remoteAddress: request.remoteAddress,
    remotePort: request.remotePort,
    status: exchange.status,
    responseBytes: exchange.responseBytes,
    refusal: exchange.refusal,
  }
}

/** `127.0.0.1:53422 "GET /foo?x=1 HTTP/1.1" 200 812 1ms` and a newline. */
export function formatTextLine(exchange: Exchange): string {
  return formatTextEntry(entryOf(exchange))
}

/** The same facts as one JSON object, plus the time, the history id and any refusal. */
export function formatJsonLine(exchange: Exchange, id?: number): string {
  return formatJsonEntry(entryOf(exchange), id)
}

function formatTextEntry(entry: AccessLogEntry): string {
  const target = NEEDS_QUOTING.test(entry.target)
    ? entry.target.replace(QUOTED, '\\$&')
    : entry.target
  const version = entry.httpVersion === '0.9' ? '' : ` HTTP/${entry.httpVersion}`
  return (
    `${hostPort(entry.remoteAddress, entry.remotePort)} ` +
    `"${entry.method} ${target}${version}" ` +
    `${entry.status} ${entry.responseBytes} ${entry.durationMs}ms\n`
  )
}

function formatJsonEntry(entry: AccessLogEntry, id?: number): string {
  return `${JSON.stringify({
    time: new Date(entry.startedAt).toISOString(),
    id: id === undefined ? null : String(id),
    peer: entry.remoteAddress,
    port: entry.remotePort,
    method: entry.method,
    target: entry.target,
    version: `HTTP/${entry.httpVersion}`,
    status: entry.status,
    bytes: entry.responseBytes,
    ms: entry.durationMs,
    ...(entry.refusal == null ? {} : { refusal: entry.refusal }),
  })}\n`
}
