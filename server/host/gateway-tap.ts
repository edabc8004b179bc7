/**
 * @module
 * A tap on the running gateway for the features beside it (the relay, the live capture):
 * the server's own facts once it listens, and every exchange it answers.
 *
 * `buildServer` decorates the Fastify instance with `fastify.gateway` (a `GatewayTap`).
 * The gateway host reads `dispatch` per request; it is `undefined` while nobody listens,
 * so the echo's hot path skips exchange reports entirely when they are not wanted.
 */
import type { Exchange } from '../contract/exchange.ts'
import type { ServerFacts } from '../contract/request.ts'

export type ExchangeListener = (exchange: Exchange) => void

/** What other features may know of the running gateway. */
export interface GatewayTap {
  /** The server's own facts (bind address, port, mount point); `undefined` until it listens. */
  facts(): ServerFacts | undefined
  /** Be told about every exchange the gateway answers. Returns the function that stops it. */
  subscribe(listener: ExchangeListener): () => void
}

export interface GatewayTapControl {
  /** The face given to other features (`fastify.gateway`). */
  readonly tap: GatewayTap
  /** Record the facts computed on 'listening'. */
  setFacts(facts: ServerFacts): void
  /** What the gateway host calls for each exchange; `undefined` when nobody listens. */
  readonly dispatch: ExchangeListener | undefined
  /** Tell the subscribers (not `first`) of an exchange another process answered. */
  notify(exchange: Exchange): void
  /** Whether anyone subscribed (so building a remote exchange is worth it). */
  readonly subscribed: boolean
}

/** Create the tap; `first` (ServerOptions.onExchange) is told before any subscriber. */
export function createGatewayTap(first?: ExchangeListener): GatewayTapControl {
  let facts: ServerFacts | undefined
  const listeners = new Set<ExchangeListener>()
  const fanOut: ExchangeListener = function reportExchange(exchange) {
    first?.(exchange)
    for (const listener of listeners) listener(exchange)
  }
  return {
    tap: {
      facts: () => facts,
      subscribe(listener) {
        const own = (exchange: Exchange) => listener(exchange) // the same function may subscribe twice
        listeners.add(own)
        return () => {
          listeners.delete(own)
        }
      },
    },
    setFacts(next) {
      facts = next
    },
    get dispatch() {
      // without subscribers (the usual case) the host calls the capture's hook directly
      return listeners.size > 0 ? fanOut : first
    },
    notify(exchange) {
      for (const listener of listeners) listener(exchange)
    },
    get subscribed() {
      return listeners.size > 0
    },
  }
}
