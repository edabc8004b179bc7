/**
 * @module
 * Every server's own proxy trust, by server: what a profile applies before it builds the
 * environ or scope (see ../trust.ts for the contract).
 */
import type { ProxyTrust, TrustEffect, TrustInput, TrustServer } from '../trust.ts'
import { DAPHNE_TRUST, HYPERCORN_TRUST, UVICORN_TRUST } from './asgi.ts'
import { GUNICORN_TRUST } from './gunicorn.ts'
import { WAITRESS_TRUST } from './waitress.ts'

export const TRUST = {
  gunicorn: GUNICORN_TRUST,
  waitress: WAITRESS_TRUST,
  uvicorn: UVICORN_TRUST,
  hypercorn: HYPERCORN_TRUST,
  daphne: DAPHNE_TRUST,
} as const

/** What the user asked for: the server's option pairs, or the real server's defaults. */
export type TrustPairs = 'server-default' | Readonly<Record<string, string>>

/** One server's rule with its settings parsed once: a request's input to its effect. */
export interface BoundTrust {
  readonly server: TrustServer
  /** Each option's effective value as the server would print it, for the UI and `why`. */
  readonly settings: unknown
  apply(input: TrustInput): TrustEffect
}

function bind<S>(trust: ProxyTrust<S>, pairs: TrustPairs): BoundTrust {
  // no option given is our default, trust nobody: an ASGI rule's parse() would switch it on
  const settings =
    pairs === 'server-default'
      ? trust.serverDefaults
      : Object.keys(pairs).length === 0
        ? trust.off
        : trust.parse(pairs)
  return { server: trust.server, settings, apply: (input) => trust.apply(input, settings) }
}

const BINDERS: Readonly<Record<TrustServer, (pairs: TrustPairs) => BoundTrust>> = {
  gunicorn: (pairs) => bind(TRUST.gunicorn, pairs),
  waitress: (pairs) => bind(TRUST.waitress, pairs),
  uvicorn: (pairs) => bind(TRUST.uvicorn, pairs),
  hypercorn: (pairs) => bind(TRUST.hypercorn, pairs),
  daphne: (pairs) => bind(TRUST.daphne, pairs),
}

/** Parse `pairs` under `server`'s own option names. Throws TrustSettingsError naming the option. */
export function bindTrust(server: TrustServer, pairs: TrustPairs): BoundTrust {
  return BINDERS[server](pairs)
}

/** The option names and their one-line help, for `--help`, errors and the UI. */
export function trustOptions(server: TrustServer): Readonly<Record<string, string>> {
  return TRUST[server].options
}
