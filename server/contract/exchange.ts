/**
 * @module
 * One request the gateway answered: its facts, the environ the app saw and what went back.
 * The host adapter makes them; the live capture, the access log and the relay read them.
 * Part of the contract: types only.
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
  readonly status: number
  /** Response body bytes sent. */
  readonly responseBytes: number
  /** Why the request was refused (413, a profile's 4xx), if it was. */
  readonly refusal?: string
}
