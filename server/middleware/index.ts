/**
 * @module
 * The middleware the CLI can put in front of the app, described once for `--help`, the
 * README and the UI, and {@link middlewareFor}, which turns a proxy policy into one.
 */
import type { Middleware } from '../gateway/types.ts'
import type { ProxyPolicy } from '../proxy/policy.ts'
import { proxyFix } from './proxy-fix.ts'
import { trustedProxies } from './trusted-proxies.ts'

/** One option of a middleware: its CLI spelling, default and meaning. */
export interface MiddlewareOption {
  readonly name: string
  readonly default: string
  readonly summary: string
}

export interface MiddlewareEntry {
  /** The CLI flag that turns it on. */
  readonly flag: string
  readonly summary: string
  readonly options: readonly MiddlewareOption[]
  readonly example: string
}

export const MIDDLEWARE = {
  'proxy-fix': {
    flag: '--proxy-fix SPEC',
    summary:
      "Werkzeug's ProxyFix: rewrite REMOTE_ADDR, wsgi.url_scheme, HTTP_HOST, SERVER_NAME, SERVER_PORT and SCRIPT_NAME from X-Forwarded-*, trusting a fixed number of proxies per header, counted from the right.",
    options: [
      { name: 'x_for', default: '1', summary: 'proxies that append to X-Forwarded-For' },
      { name: 'x_proto', default: '1', summary: 'proxies that set X-Forwarded-Proto' },
      { name: 'x_host', default: '0', summary: 'proxies that set X-Forwarded-Host' },
      { name: 'x_port', default: '0', summary: 'proxies that set X-Forwarded-Port' },
      { name: 'x_prefix', default: '0', summary: 'proxies that set X-Forwarded-Prefix' },
    ],
    example:
      "npm start -- --proxy-fix x_for=1,x_proto=1,x_host=1\ncurl -H 'X-Forwarded-For: 203.0.113.7' -H 'X-Forwarded-Host: www.example.com' http://127.0.0.1:8000/",
  },
  'trusted-proxies': {
    flag: '--trusted-proxies LIST [--forwarded]',
    summary:
      'Trust proxies by address: walk X-Forwarded-For (or Forwarded with --forwarded) from the socket peer leftwards over the listed addresses and ranges; the first untrusted hop is the client.',
    options: [
      {
        name: 'LIST',
        default: '',
        summary:
          'IPv4/IPv6 addresses, CIDR ranges, loopback, linklocal, uniquelocal; comma-separated',
      },
      { name: '--forwarded', default: 'off', summary: 'walk RFC 7239 Forwarded for= instead' },
    ],
    example:
      "npm start -- --trusted-proxies 127.0.0.1,10.0.0.0/8\ncurl -H 'X-Forwarded-For: 203.0.113.7, 10.0.0.5' http://127.0.0.1:8000/",
  },
} as const satisfies Record<string, MiddlewareEntry>

export type MiddlewareName = keyof typeof MIDDLEWARE

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
