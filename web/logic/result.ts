/**
 * @module
 * One send as plain data: what was composed, what went out, what came back.
 */
import type { SendAnswer } from '../../server/relay/types.ts'
import type { EchoOutcome } from '../api/echo.ts'
import type { ExactPlan } from './exact.ts'
import type { Draft, Outgoing } from './request.ts'

export interface ResultBase {
  readonly id: string
  /** Epoch milliseconds. */
  readonly at: number
  readonly draft: Draft
  readonly outcome: EchoOutcome
  /** The server profile at the time, for the explainer. */
  readonly profile: string
  /** The request line's method and target, for labels (Compare, history). */
  readonly method: string
  readonly target: string
}

/** A browser-mode send: what fetch() was asked to send. */
export interface BrowserResult extends ResultBase {
  readonly mode: 'browser'
  readonly outgoing: Outgoing
}

/** An exact-mode send: what the relay was asked to send and its report (none when it refused). */
export interface ExactResult extends ResultBase {
  readonly mode: 'exact'
  readonly plan: ExactPlan
  readonly answer: SendAnswer | undefined
}

/** One send: what was composed, what went out, what came back. */
export type SentResult = BrowserResult | ExactResult
