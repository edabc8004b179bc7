/**
 * @module
 * One request the gateway answered: its facts, the environ the app saw and what went back.
 * The host adapter makes them; the live capture, the access log and the relay read them.
 * Also the connection the relay opens to its own server, in memory, which the adapter
 * implements. Part of the contract: no imports outside it.
 */
import type { Environ } from './python.ts'
import type { RequestFacts } from './request.ts'

/** One request the gateway answered, as the live capture and the access log see it. */
export interface Exchange {
  /** When the request arrived (epoch ms). */
  readonly startedAt: number
  readonly durationMs: number
  /** The raw request facts, body included (de-chunked, at most --max-body). */
  readonly request: RequestFacts
  /** The environ the app saw; absent when the profile refused the request. */
  readonly environ?: Environ
  /**
   * Set when the environ was not built to answer (the echo's fast path): builds it again from
   * facts, exactly, so that a reader such as the capture can build it only when read.
   */
  readonly rebuildEnviron?: (request: RequestFacts) => Environ
  readonly status: number
  /** Response body bytes sent. */
  readonly responseBytes: number
  /** Why the request was refused (413, a profile's 4xx), if it was. */
  readonly refusal?: string
  /** It came through the relay (`POST /_inspector/api/send`), not from a client of its own. */
  readonly relayed?: true
}

/**
 * Whether an exchange came through the relay rather than from a client of its own: the live
 * capture logs those but does not keep them, as they are not user traffic.
 */
export function isRelayExchange(exchange: Pick<Exchange, 'relayed'>): boolean {
  return exchange.relayed === true
}

/**
 * A connection this server opens to itself, in memory, for the relay. The bytes written
 * reach the same HTTP parser and gateway a network client's reach, and the server's answer
 * comes back byte for byte, without leaving the process at all.
 */
export interface InProcessConnection {
  /** Write request bytes, as a client would. */
  write(bytes: Uint8Array): void
  /** Each chunk the server writes, in order. */
  onData(listener: (chunk: Uint8Array) => void): void
  /** The server ended or dropped its side; called after the last chunk. */
  onClose(listener: () => void): void
  /**
   * The gateway answered a request on this connection: its exchange, as the capture sees it,
   * told before the response's last chunk arrives. Not called for what the gateway does not
   * report: the inspector's own routes, the parser's refusals, CONNECT, a body over the limit.
   */
  onExchange(listener: (exchange: Exchange) => void): void
  /** Drop the connection, both sides. */
  close(): void
}
