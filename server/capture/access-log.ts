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
import type { Exchange } from '../adapters/node-http.ts'
import type { AccessLogOptions } from './options.ts'

/** Log one exchange; `id` is its history id when live capture recorded it. */
export type AccessLogger = ((exchange: Exchange, id?: number) => void) & {
  /** Write out what is buffered now. */
  flush(): void
}

/** Flush at once past this many buffered characters. */
const FLUSH_AT = 16 * 1024

// a target may hold `"` or `\` (llhttp allows them); escape them so the line parses back
const NEEDS_QUOTING = /["\\]/
const QUOTED = /["\\]/g

export function createAccessLog(options: AccessLogOptions): AccessLogger {
  const write = options.write ?? ((text: string) => process.stdout.write(text))
  const format = options.format === 'json' ? formatJsonLine : formatTextLine
  let pending = ''
  let scheduled = false
  const flush = (): void => {
    scheduled = false
    if (pending === '') return
    const text = pending
    pending = ''
    write(text)
  }
  const log = (exchange: Exchange, id?: number): void => {
    pending += format(exchange, id)
    if (pending.length >= FLUSH_AT) flush()
    else if (!scheduled) {
      scheduled = true
      setImmediate(flush)
    }
  }
  return Object.assign(log, { flush })
}

/** `127.0.0.1:53422 "GET /foo?x=1 HTTP/1.1" 200 812 1ms` and a newline. */
export function formatTextLine(exchange: Exchange): string {
  const { request } = exchange
  const target = NEEDS_QUOTING.test(request.target)
    ? request.target.replace(QUOTED, '\\$&')
    : request.target
  const version = request.httpVersion === '0.9' ? '' : ` HTTP/${request.httpVersion}`
  return (
    `${hostPort(request.remoteAddress, request.remotePort)} ` +
    `"${request.method} ${target}${version}" ` +
    `${exchange.status} ${exchange.responseBytes} ${exchange.durationMs}ms\n`
  )
}

/** The same facts as one JSON object, plus the time, the history id and any refusal. */
export function formatJsonLine(exchange: Exchange, id?: number): string {
  const { request } = exchange
  return `${JSON.stringify({
    time: new Date(exchange.startedAt).toISOString(),
    id: id === undefined ? null : String(id),
    peer: request.remoteAddress,
    port: request.remotePort,
    method: request.method,
    target: request.target,
    version: `HTTP/${request.httpVersion}`,
    status: exchange.status,
    bytes: exchange.responseBytes,
    ms: exchange.durationMs,
    ...(exchange.refusal === undefined ? {} : { refusal: exchange.refusal }),
  })}\n`
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}
