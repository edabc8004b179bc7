/**
 * @module
 * The warnings of the proxy trace: spoofable values, hop counts that do not add up, an
 * untrusted peer that sends forwarding headers, `Forwarded` and `X-Forwarded-*` that
 * disagree, and look-alike header names.
 */

import type { WarningCode } from '../contract/api/proxy.ts'
import type { Environ } from '../contract/python.ts'
import type { ForwardedElement, ForwardedParse } from './forwarded.ts'
import { environText, type Outcome } from './outcome.ts'
import type { ProxyPolicy } from './policy.ts'
import { PROXY_FIX_FLAGS, type ProxyFixCounts } from './proxy-fix-rules.ts'
import { canonicalIp, isIpText, parseHopAddress } from './trust.ts'
import { parseListHeader } from './xff.ts'

export type { WarningCode } from '../contract/api/proxy.ts'

/** A warning for the person reading the trace; `code` is stable, `message` is prose. */
export interface ProxyWarning {
  readonly code: WarningCode
  readonly message: string
}

/** One proxy-related header as received (or as the environ holds it). */
export interface ProxyHeader {
  readonly name: string
  readonly value: string
}

export interface WarningInput {
  readonly environ: Environ
  readonly policy: ProxyPolicy
  readonly outcome: Outcome
  readonly forwarded: ForwardedParse
  readonly headers: readonly ProxyHeader[]
  readonly rawHeaders?: readonly string[]
}

const COUNTED = [
  ['xFor', 'X-Forwarded-For', 'HTTP_X_FORWARDED_FOR'],
  ['xProto', 'X-Forwarded-Proto', 'HTTP_X_FORWARDED_PROTO'],
  ['xHost', 'X-Forwarded-Host', 'HTTP_X_FORWARDED_HOST'],
  ['xPort', 'X-Forwarded-Port', 'HTTP_X_FORWARDED_PORT'],
  ['xPrefix', 'X-Forwarded-Prefix', 'HTTP_X_FORWARDED_PREFIX'],
] as const satisfies ReadonlyArray<readonly [keyof ProxyFixCounts, string, string]>

/** Every warning about forwarding headers, in a fixed order. */
export function forwardingWarnings(input: WarningInput): ProxyWarning[] {
  return [
    ...untrustedPeer(input),
    ...leftmost(input),
    ...counts(input),
    ...clientAddress(input),
    ...malformed(input),
    ...conflicts(input),
    ...ignored(input),
    ...underscores(input),
  ]
}

function untrustedPeer({ policy, outcome, headers }: WarningInput): ProxyWarning[] {
  if (headers.length === 0 || policy.mode === 'proxy-fix') return []
  const peer = outcome.hops.at(-1)
  if (peer?.trusted) return []
  const names = [...new Set(headers.map((h) => h.name))].join(', ')
  const message =
    policy.mode === 'none'
      ? `No proxy is trusted, but the request carries ${names}: nothing is rewritten, so REMOTE_ADDR is whoever opened the connection (your proxy, if there is one). Configure ProxyFix counts or trusted proxies to use them.`
      : `The socket peer ${peer?.address || '(none)'} is not a trusted proxy, but sent ${names}: they are ignored. Either a client is forging them, or a proxy is missing from the trusted list.`
  return [{ code: 'untrusted-peer-forwarding-headers', message }]
}

function leftmost({ environ, outcome }: WarningInput): ProxyWarning[] {
  const values = parseListHeader(environText(environ, 'HTTP_X_FORWARDED_FOR') ?? '')
  const first = values[0]
  if (first === undefined) return []
  const client = outcome.hops.find((hop) => hop.role === 'client')
  if (client?.source === 'X-Forwarded-For' && client.index === 0) return []
  return [
    {
      code: 'xff-leftmost-client-controlled',
      message: `The leftmost X-Forwarded-For value ${JSON.stringify(first)} is client-controlled: a client can send X-Forwarded-For itself, and proxies append to what they receive. Never take the leftmost value as the client address; count from the right, over your own proxies only.`,
    },
  ]
}

function counts({ environ, policy, outcome }: WarningInput): ProxyWarning[] {
  const out: ProxyWarning[] = []
  if (policy.mode === 'proxy-fix') {
    for (const [option, name, key] of COUNTED) {
      const trusted = policy[option]
      const header = environText(environ, key)
      if (!trusted || header === null) continue
      const n = parseListHeader(header).length
      const flag = `${PROXY_FIX_FLAGS[option]}=${trusted}`
      if (n > trusted) {
        out.push({
          code: 'more-values-than-trusted',
          message: `${name} has ${n} values but ${flag}: the ${n - trusted} leftmost ${n - trusted === 1 ? 'is' : 'are'} ignored. The client wrote ${n - trusted === 1 ? 'it' : 'them'}, or a proxy in front is not counted.`,
        })
      } else if (n < trusted) {
        out.push({
          code: 'fewer-values-than-trusted',
          message: `${flag}, but ${name} has ${n} value${n === 1 ? '' : 's'}: the header is ignored (fail closed). Does every request really pass ${trusted} prox${trusted === 1 ? 'y' : 'ies'} that append to it?`,
        })
      }
    }
  } else if (policy.mode === 'trusted') {
    const left = outcome.hops.filter((hop) => hop.role === 'ignored' && hop.source !== 'socket')
    const client = outcome.hops.find((hop) => hop.role === 'client')
    if (left.length > 0 && client && client.source !== 'socket') {
      const source = policy.forwarded ? 'Forwarded' : 'X-Forwarded-For'
      out.push({
        code: 'more-values-than-trusted',
        message: `${left.length} ${source} value${left.length === 1 ? '' : 's'} left of the client ${JSON.stringify(client.address)} ${left.length === 1 ? 'is' : 'are'} ignored: the client or an untrusted hop wrote ${left.length === 1 ? 'it' : 'them'}.`,
      })
    }
  }
  return out
}

function clientAddress({ outcome, forwarded }: WarningInput): ProxyWarning[] {
  const to = outcome.decisions.find((d) => d.key === 'REMOTE_ADDR')
  const client = outcome.hops.find((hop) => hop.role === 'client')
  if (to && to.to !== null && to.to !== to.from && !isIpText(to.to)) {
    return [
      {
        code: 'client-not-an-address',
        message: `REMOTE_ADDR becomes ${JSON.stringify(to.to)}, which is not a bare IP address (brackets, a port, or an identifier such as "unknown"): code that parses REMOTE_ADDR as an address will fail.`,
      },
    ]
  }
  if (client && client.source !== 'socket' && client.ip === null && to?.to === to?.from) {
    const element =
      client.source === 'Forwarded'
        ? forwarded.elements.find((e) => e.index === client.index)
        : undefined
    const hop = unusableClient(client.address, element)
    return [
      {
        code: 'client-not-an-address',
        message: `${hop}, so REMOTE_ADDR is left alone (fail closed).`,
      },
    ]
  }
  return []
}

/** Why the client hop gives no address: a Forwarded hop can be a good address in a bad element. */
function unusableClient(address: string, element: ForwardedElement | undefined): string {
  if (element && element.for === undefined) {
    return 'The client hop has no for= in its Forwarded element'
  }
  const why =
    element?.valid === false
      ? 'is in a malformed Forwarded element, which is never believed'
      : 'is not an IP address'
  return `The client hop ${JSON.stringify(address)} ${why}`
}

function malformed({ forwarded }: WarningInput): ProxyWarning[] {
  const errors = forwarded.errors.filter((e) => e.severity === 'error')
  const first = errors[0]
  if (!first) return []
  return [
    {
      code: 'forwarded-malformed',
      message: `Forwarded has ${errors.length} malformed item${errors.length === 1 ? '' : 's'} (see forwarded.errors); elements with errors are never trusted. First: ${first.message}`,
    },
  ]
}

function conflicts({ environ, forwarded }: WarningInput): ProxyWarning[] {
  const xff = environText(environ, 'HTTP_X_FORWARDED_FOR')
  if (forwarded.elements.length === 0) return []
  const out: ProxyWarning[] = []
  const fwdFor = forwarded.elements.map((e) => e.forNode?.name ?? e.for ?? '')
  if (xff !== null) {
    const xffFor = parseListHeader(xff).map((value) => parseHopAddress(value).address)
    const differs =
      fwdFor.length !== xffFor.length ||
      fwdFor.some((name, i) => !sameAddress(name, xffFor[i] ?? ''))
    if (differs) {
      out.push({
        code: 'forwarded-conflict',
        message: `Forwarded and X-Forwarded-For disagree: Forwarded for= says [${fwdFor.join(', ')}], X-Forwarded-For says [${xffFor.join(', ')}]. One of them was forged, or your proxies set only one; trust the one your proxies write.`,
      })
    }
  }
  const last = forwarded.elements.at(-1)
  for (const [param, name, key] of [
    ['proto', 'X-Forwarded-Proto', 'HTTP_X_FORWARDED_PROTO'],
    ['host', 'X-Forwarded-Host', 'HTTP_X_FORWARDED_HOST'],
  ] as const) {
    const header = environText(environ, key)
    const fromForwarded = last?.[param]
    const fromHeader = header === null ? undefined : parseListHeader(header).at(-1)
    if (fromForwarded === undefined || fromHeader === undefined) continue
    if (fromForwarded.toLowerCase() !== fromHeader.toLowerCase()) {
      out.push({
        code: 'forwarded-conflict',
        message: `Forwarded ${param}=${JSON.stringify(fromForwarded)} (nearest element) disagrees with ${name} ${JSON.stringify(fromHeader)} (rightmost value).`,
      })
    }
  }
  return out
}

function sameAddress(a: string, b: string): boolean {
  return canonicalIp(a).toLowerCase() === canonicalIp(b).toLowerCase()
}

function ignored({ environ, policy }: WarningInput): ProxyWarning[] {
  const hasForwarded = environText(environ, 'HTTP_FORWARDED') !== null
  const hasXff = environText(environ, 'HTTP_X_FORWARDED_FOR') !== null
  if (policy.mode === 'proxy-fix' && hasForwarded) {
    return [
      {
        code: 'forwarded-ignored',
        message:
          'ProxyFix reads only X-Forwarded-*; the Forwarded (RFC 7239) header is ignored, as Werkzeug ignores it.',
      },
    ]
  }
  if (policy.mode === 'trusted' && !policy.forwarded && hasForwarded) {
    return [
      {
        code: 'forwarded-ignored',
        message:
          'The Forwarded (RFC 7239) header is ignored: this policy walks X-Forwarded-For. Use --forwarded (forwarded: true) to walk Forwarded instead.',
      },
    ]
  }
  if (policy.mode === 'trusted' && policy.forwarded && hasXff) {
    return [
      {
        code: 'x-forwarded-ignored',
        message:
          'X-Forwarded-* headers are ignored: this policy walks the Forwarded header (--forwarded).',
      },
    ]
  }
  return []
}

function underscores({ rawHeaders }: WarningInput): ProxyWarning[] {
  if (!rawHeaders) return []
  const out: ProxyWarning[] = []
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    if (!name.includes('_') || !/^(x[-_]forwarded[-_]|forwarded$|x[-_]real[-_]ip$)/i.test(name)) {
      continue
    }
    const key = `HTTP_${name.toUpperCase().replaceAll('-', '_')}`
    out.push({
      code: 'underscore-header',
      message: `${name} has an underscore: it maps to ${key} like its dashed twin. The wsgiref profile merges it in (a proxy that sets only the dashed name can be bypassed); gunicorn and werkzeug drop it.`,
    })
  }
  return out
}
