/**
 * @module
 * The proxy debugger's report: the raw and effective environ, the hop chain, one decision
 * per key, the parsed headers and the warnings a person behind a proxy needs to read.
 *
 * The effective environ is made by the same `decide()` + `applyDecisions()` the middleware
 * runs, so the report explains exactly what the app would get.
 */

import type { ServerTrustTraceJson } from '../contract/api/proxy.ts'
import type { Environ } from '../contract/python.ts'
import { checkEnviron } from '../gateway/validate.ts'
import { type ForwardedParse, parseForwarded } from './forwarded.ts'
import { applyDecisions, type Decision, environText, type Hop } from './outcome.ts'
import { decide, describePolicy, type ProxyPolicy } from './policy.ts'
import { forwardingWarnings, type ProxyHeader, type ProxyWarning } from './warnings.ts'
import { type ListSplit, splitListHeader } from './xff.ts'

export type { ProxyHeader, ProxyWarning, WarningCode } from './warnings.ts'

export interface ProxyTrace {
  readonly policy: Record<string, unknown>
  /** Proxy-related headers in wire order, repeats listed separately when known. */
  readonly headers: readonly ProxyHeader[]
  readonly hops: readonly Hop[]
  readonly decisions: readonly Decision[]
  readonly warnings: readonly ProxyWarning[]
  readonly forwarded: ForwardedParse
  readonly xForwardedFor: ListSplit
  /** Set for the server's own trust (proxy/server-trust.ts). */
  readonly serverTrust?: ServerTrustTraceJson
}

export interface ProxyReport {
  readonly rawEnviron: Environ
  readonly effectiveEnviron: Environ
  /** Keys whose value the policy changed or added, in effective-environ order. */
  readonly changed: readonly string[]
  readonly trace: ProxyTrace
}

/** Header names the inventory lists (RFC 7239, the de-facto X-Forwarded-* family, and kin). */
export const PROXY_HEADER_NAMES = [
  'Forwarded',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'X-Forwarded-Proto',
  'X-Forwarded-Port',
  'X-Forwarded-Prefix',
  'X-Forwarded-Ssl',
  'X-Forwarded-Protocol',
  'X-Forwarded-By',
  'X-Real-IP',
  'Via',
] as const

const BY_KEY = new Map<string, string>(
  PROXY_HEADER_NAMES.map((name) => [`HTTP_${name.toUpperCase().replaceAll('-', '_')}`, name])
)

/**
 * Run `policy` over `environ` and explain it.
 *
 * `rawHeaders` (flat name/value pairs in wire order) is optional: with it the inventory keeps
 * repeats and spelling, and underscore look-alikes (`X_Forwarded_For`) are flagged.
 */
export function traceProxy(
  environ: Environ,
  policy: ProxyPolicy,
  rawHeaders?: readonly string[]
): ProxyReport {
  const outcome = decide(environ, policy)
  const effective: Environ = { ...environ }
  if (policy.mode !== 'none') applyDecisions(effective, outcome.decisions)
  const changed = Object.keys(effective).filter(
    (key) => !(key in environ) || environText(environ, key) !== environText(effective, key)
  )
  const forwarded = parseForwarded(environText(environ, 'HTTP_FORWARDED') ?? '')
  const xForwardedFor = splitListHeader(environText(environ, 'HTTP_X_FORWARDED_FOR') ?? '')
  const headers = inventory(environ, rawHeaders)
  const warnings: ProxyWarning[] = [
    ...forwardingWarnings({ environ, policy, outcome, forwarded, headers, rawHeaders }),
    ...newProblems(environ, effective, policy),
  ]
  return {
    rawEnviron: environ,
    effectiveEnviron: effective,
    changed,
    trace: {
      policy: describePolicy(policy),
      headers,
      hops: outcome.hops,
      decisions: outcome.decisions,
      warnings,
      forwarded,
      xForwardedFor:
        environText(environ, 'HTTP_X_FORWARDED_FOR') === null
          ? { items: [], unclosedQuote: false }
          : xForwardedFor,
    },
  }
}

/** The proxy-related headers, from the raw headers when given (repeats and spelling kept). */
export function inventory(
  environ: Environ,
  rawHeaders: readonly string[] | undefined
): ProxyHeader[] {
  if (rawHeaders) {
    const names = new Set(PROXY_HEADER_NAMES.map((name) => name.toLowerCase()))
    const out: ProxyHeader[] = []
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i] as string
      if (names.has(name.toLowerCase().replaceAll('_', '-'))) {
        out.push({ name, value: rawHeaders[i + 1] as string })
      }
    }
    return out
  }
  const out: ProxyHeader[] = []
  for (const key of Object.keys(environ)) {
    const name = BY_KEY.get(key)
    const value = environText(environ, key)
    if (name && value !== null) out.push({ name, value })
  }
  return out
}

/** wsgiref.validate problems the policy introduced (ProxyFix copies values unchecked). */
function newProblems(raw: Environ, effective: Environ, policy: ProxyPolicy): ProxyWarning[] {
  const before = new Set(checkEnviron(raw).map((p) => p.message))
  return checkEnviron(effective)
    .filter((p) => p.level === 'error' && !before.has(p.message))
    .map((p) => ({
      code: 'invalid-environ',
      message: `${p.message}: ${policy.mode === 'proxy-fix' ? 'ProxyFix copies header values without checking them, so ' : ''}the effective environ fails wsgiref.validate`,
    }))
}
