/**
 * @module
 * Connection limits of the listening socket: how long a client may take to send its head
 * and its whole request, how long an idle keep-alive connection stays open, and how many
 * connections are served at once. The defaults and the parsers behind `--headers-timeout`,
 * `--request-timeout`, `--keep-alive-timeout` and `--max-connections` live here; parsers
 * throw `RangeError` with a one-line reason, which the CLI turns into a usage error.
 *
 * Security: a debugging tool is sent odd traffic on purpose. Without these, a client that
 * sends its headers one byte a minute (slowloris) holds a socket for Node's 5 minutes, and
 * enough of them run the process out of file descriptors, where `accept()` fails.
 */
import type { Server, ServerOptions } from 'node:http'

export interface ConnectionLimits {
  /** Time from the first byte of a request to the end of its head; 0 = no limit. */
  readonly headersTimeoutMs: number
  /** Time from the first byte of a request to the end of its body; 0 = no limit. */
  readonly requestTimeoutMs: number
  /** How long a keep-alive connection may sit idle between requests; 0 = no limit. */
  readonly keepAliveTimeoutMs: number
  /** Connections served at once; the next ones are closed as they arrive. 0 = no limit. */
  readonly maxConnections: number
}

/**
 * Generous enough for a person typing a request into `nc` (headers), for a 1 MB body over
 * a slow link (request), and for a browser's connection reuse (keep-alive, Node's own
 * default). 1000 connections stay below the common `ulimit -n` of 1024.
 */
export const LIMIT_DEFAULTS: ConnectionLimits = {
  headersTimeoutMs: 30_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1000,
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/i
const SCALE: Record<string, number> = { ms: 1, s: 1000, m: 60_000 }

/** Parse `30s`, `500ms`, `2m` or a bare number of seconds into milliseconds; `0` is off. */
export function parseDuration(flag: string, text: string): number {
  const match = DURATION.exec(text.trim())
  if (!match) {
    throw new RangeError(
      `${flag}: expected a duration like 30s, 500ms or 2m (0 for no limit), got ${JSON.stringify(text)}`
    )
  }
  return Math.round(Number(match[1]) * (SCALE[(match[2] ?? 's').toLowerCase()] ?? 1000))
}

/** Parse `--max-connections N`, 0 for no limit. */
export function parseMaxConnections(text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new RangeError(
      `--max-connections: expected a number of connections (0 for no limit), got ${JSON.stringify(text)}`
    )
  }
  return Number(text.trim())
}

/** The CLI flags that set the limits; a flag left out keeps its default. */
export interface LimitFlags {
  readonly 'headers-timeout'?: string
  readonly 'request-timeout'?: string
  readonly 'keep-alive-timeout'?: string
  readonly 'max-connections'?: string
}

/** Parse the limit flags into checked limits. */
export function parseLimits(flags: LimitFlags): ConnectionLimits {
  const duration = (flag: keyof LimitFlags, fallback: number) => {
    const text = flags[flag]
    return text === undefined ? fallback : parseDuration(`--${flag}`, text)
  }
  const connections = flags['max-connections']
  return checkLimits({
    headersTimeoutMs: duration('headers-timeout', LIMIT_DEFAULTS.headersTimeoutMs),
    requestTimeoutMs: duration('request-timeout', LIMIT_DEFAULTS.requestTimeoutMs),
    keepAliveTimeoutMs: duration('keep-alive-timeout', LIMIT_DEFAULTS.keepAliveTimeoutMs),
    maxConnections:
      connections === undefined ? LIMIT_DEFAULTS.maxConnections : parseMaxConnections(connections),
  })
}

/** Refuse combinations Node would throw on when the server is created. */
export function checkLimits(limits: ConnectionLimits): ConnectionLimits {
  const { headersTimeoutMs, requestTimeoutMs } = limits
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
    throw new RangeError(
      `--headers-timeout (${headersTimeoutMs} ms) must be at most --request-timeout (${requestTimeoutMs} ms): the head is part of the request`
    )
  }
  return limits
}

/**
 * The `http.createServer` options that enforce `limits`.
 *
 * Node checks the header and request timeouts on a timer (`connectionsCheckingInterval`,
 * 30 s by default), so a 2 s limit could otherwise hold a socket for 32 s: the check runs
 * at a quarter of the shortest limit, between 100 ms and 1 s.
 */
export function serverLimitOptions(limits: ConnectionLimits): ServerOptions {
  const shortest = Math.min(
    ...[limits.headersTimeoutMs, limits.requestTimeoutMs].filter((ms) => ms > 0),
    4000
  )
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(shortest / 4))),
  }
}

/** Set the limits `http.createServer` takes only as properties. */
export function applyConnectionLimits(server: Server, limits: ConnectionLimits): void {
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  // Node's default (unset) means no limit; 0 would refuse every connection
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections
}

/** Say the limits in the banner's words. */
export function describeLimits(limits: ConnectionLimits): string {
  const time = (ms: number) => (ms === 0 ? 'none' : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`)
  return (
    `headers ${time(limits.headersTimeoutMs)}, request ${time(limits.requestTimeoutMs)}, ` +
    `keep-alive ${time(limits.keepAliveTimeoutMs)}, ` +
    `${limits.maxConnections === 0 ? 'unlimited' : limits.maxConnections} connections`
  )
}
