/**
 * @module
 * What a proxy policy decided for one request: the hop chain, one decision per key it may
 * rewrite, and the function that applies the decisions to an environ.
 *
 * The middleware and the `/_inspector/api/proxy` trace both go through
 * {@link applyDecisions}, so what the API explains is exactly what the app would get.
 */

import type { DecisionJson, HopJson } from '../contract/api/proxy.ts'
import { type Environ, type PyDict, pyStr } from '../contract/python.ts'

/** Where Werkzeug's ProxyFix keeps `werkzeug.proxy_fix.orig`; ours has our namespace. */
export const ORIG_KEY = 'inspector.proxy_fix.orig'

/** The keys a proxy policy may rewrite (the API's `DecisionJson['key']`). */
export type RewritableKey = DecisionJson['key']

/** The keys a proxy policy may rewrite, in the order of Werkzeug's `orig` dict. */
export const REWRITABLE_KEYS = [
  'REMOTE_ADDR',
  'wsgi.url_scheme',
  'HTTP_HOST',
  'SERVER_NAME',
  'SERVER_PORT',
  'SCRIPT_NAME',
] as const satisfies readonly RewritableKey[]

/** Where a hop's address was read from. */
export type HopSource = HopJson['source']

/** One hop of the chain from the client to the app; the API sends it as it is. */
export type Hop = HopJson

/** The value chosen for one key. `to === from` means the policy left it alone. */
export type Decision = DecisionJson

/** A policy's reading of one request. Hops are listed from the client side to the app. */
export interface Outcome {
  readonly hops: readonly Hop[]
  readonly decisions: readonly Decision[]
}

/** Read a key as Python's `environ.get(key)` would give it to str(): null when missing. */
export function environText(environ: Environ, key: string): string | null {
  const value = environ[key]
  return value === undefined ? null : pyStr(value)
}

/** Collects decisions as rules run; a later `set` of the same key wins, as in ProxyFix. */
export class Rewriter {
  readonly #orig: ReadonlyMap<RewritableKey, string | null>
  readonly #current = new Map<RewritableKey, string | null>()
  readonly #decided = new Map<RewritableKey, Decision>()

  constructor(environ: Environ) {
    this.#orig = new Map(REWRITABLE_KEYS.map((key) => [key, environText(environ, key)]))
    for (const [key, value] of this.#orig) this.#current.set(key, value)
  }

  get(key: RewritableKey): string | null {
    return this.#current.get(key) ?? null
  }

  set(key: RewritableKey, to: string, source: string, rule: string): void {
    this.#current.set(key, to)
    this.#decided.set(key, { key, from: this.#orig.get(key) ?? null, to, source, rule })
  }

  /** One decision per rewritable key; `unchanged(key)` explains the keys nobody set. */
  decisions(unchanged: (key: RewritableKey) => string): Decision[] {
    return REWRITABLE_KEYS.map((key) => {
      const decided = this.#decided.get(key)
      if (decided) return decided
      const value = this.#orig.get(key) ?? null
      return { key, from: value, to: value, source: 'server', rule: unchanged(key) }
    })
  }
}

/**
 * Store the originals in `inspector.proxy_fix.orig`, then apply the decisions in place.
 *
 * The originals are saved first and always, even when nothing changes, as Werkzeug does:
 * the key itself says the middleware ran. A key that was missing and gets a value is added
 * at the end, where Python's dict would put it.
 */
export function applyDecisions(environ: Environ, decisions: readonly Decision[]): void {
  const orig: PyDict = {
    pyDict: REWRITABLE_KEYS.map((key) => [key, environText(environ, key)] as const),
  }
  environ[ORIG_KEY] = orig
  for (const { key, from, to } of decisions) {
    if (to !== null && to !== from) environ[key] = to
  }
}

/** `1st`, `2nd`, `3rd`, `4th` … for "the 2nd value from the right". */
export function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`
}
