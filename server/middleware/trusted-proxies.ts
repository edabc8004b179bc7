/**
 * @module
 * Trusted proxies: find the client by walking X-Forwarded-For (or RFC 7239 `Forwarded`)
 * from the right, over the proxies whose addresses you list.
 *
 * Starting at the socket peer, each hop whose address is in the list is a proxy you run, so
 * the walk steps left; the first address that is not is the client and becomes REMOTE_ADDR.
 * wsgi.url_scheme and the host come from the header values your outermost trusted proxy
 * set. The originals go to `inspector.proxy_fix.orig`, the same dict ProxyFix keeps.
 *
 * Security: fails closed. When the socket peer is not in the list nothing is rewritten,
 * whatever the headers say; a malformed `Forwarded` element or a client hop that is not an
 * address leaves REMOTE_ADDR alone. List only the proxies you run.
 *
 * @see gunicorn forwarded_allow_ips; Express and Fastify `trust proxy`
 * @example
 * ```ts
 * const app = trustedProxies(echoEnviron, { proxies: ['127.0.0.1', '10.0.0.0/8'] })
 * ```
 */
import type { App } from '../gateway/types.ts'
import { applyDecisions } from '../proxy/outcome.ts'
import { parseTrustList } from '../proxy/trust.ts'
import { decideTrusted, type TrustPolicy } from '../proxy/walk.ts'

export interface TrustedProxiesOptions {
  /** Addresses and CIDR ranges, IPv4 or IPv6, or `loopback`, `linklocal`, `uniquelocal`. */
  readonly proxies: readonly string[]
  /** Walk the `for=` of `Forwarded` (RFC 7239) instead of X-Forwarded-For. Default false. */
  readonly forwarded?: boolean
}

/**
 * Wrap `app` so that REMOTE_ADDR, the scheme and the host are the client's, as far as your
 * listed proxies vouch for them. Throws a TypeError at once for a bad address or range.
 */
export function trustedProxies(app: App, options: TrustedProxiesOptions): App {
  if (typeof app !== 'function') throw new TypeError('trustedProxies: app must be a function')
  if (!Array.isArray(options?.proxies) || options.proxies.length === 0) {
    throw new TypeError('trustedProxies: proxies must be a non-empty list of addresses or ranges')
  }
  let policy: TrustPolicy
  try {
    policy = { trust: parseTrustList(options.proxies), forwarded: options.forwarded ?? false }
  } catch (error) {
    throw new TypeError(`trustedProxies: ${(error as Error).message}`)
  }
  return function trustedProxiesApp(environ, startResponse) {
    applyDecisions(environ, decideTrusted(environ, policy).decisions)
    return app(environ, startResponse)
  }
}
