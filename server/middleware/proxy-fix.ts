/**
 * @module
 * ProxyFix: rewrite REMOTE_ADDR, wsgi.url_scheme, HTTP_HOST, SERVER_NAME, SERVER_PORT and
 * SCRIPT_NAME from X-Forwarded-* headers, with Werkzeug's semantics.
 *
 * Each count says how many proxies append to that header; the value that many places from
 * the right is used, and a header with fewer values is ignored (fail closed). The values
 * found before any change are kept in `inspector.proxy_fix.orig`, as Werkzeug keeps
 * `werkzeug.proxy_fix.orig`.
 *
 * Security: only use this behind a proxy, and set the count of proxies that really set each
 * header. ProxyFix never checks who connected: a client that reaches the app directly can
 * send any X-Forwarded-* and it is believed. When the proxies are known by address, use
 * trusted-proxies instead.
 *
 * @see werkzeug.middleware.proxy_fix.ProxyFix
 * @example
 * ```ts
 * const app = proxyFix(echoEnviron, { xFor: 1, xProto: 1, xHost: 1 })
 * ```
 */
import type { App } from '../gateway/types.ts'
import { applyDecisions } from '../proxy/outcome.ts'
import { decideProxyFix, type ProxyFixCounts, proxyFixCounts } from '../proxy/proxy-fix-rules.ts'

/** Werkzeug's `x_for`, `x_proto`, `x_host`, `x_port`, `x_prefix`; defaults 1, 1, 0, 0, 0. */
export type ProxyFixOptions = Partial<ProxyFixCounts>

/**
 * Wrap `app` so that it sees the environ as the client sent it through your proxies.
 *
 * Throws a TypeError at once for a count that is not a non-negative integer or an unknown
 * option name, before any request arrives.
 */
export function proxyFix(app: App, options: ProxyFixOptions = {}): App {
  if (typeof app !== 'function') throw new TypeError('proxyFix: app must be a function')
  const counts = proxyFixCounts(options)
  return function proxyFixApp(environ, startResponse) {
    applyDecisions(environ, decideProxyFix(environ, counts).decisions)
    return app(environ, startResponse)
  }
}
