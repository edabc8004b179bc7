/**
 * @module
 * The middleware the CLI can put in front of the app, and {@link middlewareFor}, which turns
 * a proxy policy into it.
 */
import type { Middleware } from '../gateway/types.ts'
import type { ProxyPolicy } from '../proxy/policy.ts'
import { proxyFix } from './proxy-fix.ts'
import { trustedProxies } from './trusted-proxies.ts'

/**
 * The middleware names the CLI can put in front of the app; the environ key docs name them
 * in `rewrittenBy` (tests/unit/middleware/index.test.ts keeps the two in step). The flags
 * and their options are described once, in the CLI's usage text (server/cli.ts).
 */
export const MIDDLEWARE_NAMES = ['proxy-fix', 'trusted-proxies'] as const

export type MiddlewareName = (typeof MIDDLEWARE_NAMES)[number]

/** The middleware that applies `policy`, or none for mode `none`. */
export function middlewareFor(policy: ProxyPolicy): Middleware[] {
  if (policy.mode === 'proxy-fix') {
    const { mode: _mode, ...counts } = policy
    return [(app) => proxyFix(app, counts)]
  }
  if (policy.mode === 'trusted') {
    const { proxies, forwarded } = policy
    return [(app) => trustedProxies(app, { proxies, forwarded })]
  }
  return []
}
