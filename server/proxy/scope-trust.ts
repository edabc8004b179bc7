/**
 * @module
 * The proxy API's `server` policy under an ASGI profile: the server's own trust (uvicorn's
 * ProxyHeadersMiddleware, daphne's --proxy-headers, hypercorn's ProxyFixMiddleware) applied
 * to the scope, explained as the WSGI trace explains environ keys: one decision per scope
 * value it may change (`client`, `scheme`, the host header, `server`), each with the rule's
 * reason and the real server's source line, and the hop chain as the server walked it.
 */
import type { HopJson, ProxyTraceJson, ScopeDecisionKey } from '../contract/api/proxy.ts'
import { type Environ, pyStr } from '../contract/python.ts'
import type { RequestFacts } from '../contract/request.ts'
import { scopeHeaderPairs } from '../contract/scope-values.ts'
import type { BuilderOptions, EnvironBuilder } from '../gateway/environ.ts'
import type { BoundTrust } from '../gateway/profiles/trust/index.ts'
import { headerValues, type TrustEffect, type TrustRead } from '../gateway/profiles/trust.ts'
import { wireHeaders } from '../gateway/trust.ts'
import { parseForwarded } from './forwarded.ts'
import type { Decision } from './outcome.ts'
import { buildBothWays, changedKeys, serverTrustJson } from './server-trust.ts'
import { inventory, type ProxyReport } from './trace.ts'
import { isIpText } from './trust.ts'
import type { ProxyWarning } from './warnings.ts'
import { splitListHeader } from './xff.ts'

/** The scope values a server's trust may change, in the order the decision table lists them. */
export const SCOPE_DECISION_KEYS = [
  'client',
  'scheme',
  'host header',
  'server',
] as const satisfies readonly ScopeDecisionKey[]

const READ_OF: Readonly<Record<ScopeDecisionKey, TrustRead['sets'] | undefined>> = {
  client: 'client',
  scheme: 'scheme',
  'host header': 'host',
  server: undefined,
}

/** What a server's trust never sets: uvicorn and daphne leave the Host header alone. */
const NEVER_SETS: Readonly<Record<string, readonly TrustRead['sets'][]>> = {
  uvicorn: ['host'],
  daphne: ['host'],
}

/** A scope value as the echo prints it; the host header as its bytes' repr(s). */
export function scopeValue(scope: Environ, key: ScopeDecisionKey): string | null {
  if (key === 'host header') {
    const hosts = scopeHeaderPairs(scope.headers).filter(([name]) => name === 'host')
    return hosts.length === 0
      ? null
      : hosts.map(([, value]) => pyStr({ pyBytes: value })).join(', ')
  }
  const value = scope[key]
  return value === undefined ? null : pyStr(value)
}

/**
 * Build the request's scope without and with the server's trust and explain the difference.
 * Only for rules that report their gate and reads (the ASGI ones: profiles/trust/uvicorn.ts, daphne.ts, hypercorn.ts).
 */
export function traceScopeTrust(
  builderFor: (options: BuilderOptions) => EnvironBuilder,
  trust: BoundTrust,
  facts: RequestFacts
): ProxyReport {
  const { raw, effective, effect } = buildBothWays(builderFor, trust, facts)
  const decisions = SCOPE_DECISION_KEYS.map((key) => decideKey(key, raw, effective, trust, effect))
  const headers = wireHeaders(facts.rawHeaders)
  const xff = headerValues(headers, 'x-forwarded-for')
  const trace: ProxyTraceJson = {
    policy: { mode: 'server', server: trust.server, settings: trust.settings },
    headers: inventory({}, facts.rawHeaders),
    hops: hopsOf(facts.remoteAddress, trust.server, effect, xff),
    decisions,
    warnings: warningsOf(trust.server, effect, headers.length > 0 ? facts : undefined),
    forwarded: parseForwarded(headerValues(headers, 'forwarded')),
    xForwardedFor:
      xff.length === 0 ? { items: [], unclosedQuote: false } : splitListHeader(xff.join(', ')),
    serverTrust: serverTrustJson(trust, effect),
  }
  return {
    rawEnviron: raw,
    effectiveEnviron: effective,
    changed: changedKeys(raw, effective),
    trace,
  }
}

function decideKey(
  key: ScopeDecisionKey,
  raw: Environ,
  effective: Environ,
  trust: BoundTrust,
  effect: TrustEffect
): Decision {
  const from = scopeValue(raw, key)
  const to = scopeValue(effective, key)
  const server = trust.server
  const gate = effect.gate
  const sets = READ_OF[key]
  const read = sets === undefined ? undefined : effect.reads?.find((r) => r.sets === sets)
  const cited = (cite: string | undefined) => (cite === undefined ? {} : { cite })
  if (from !== to && read) {
    const position = read.item === undefined ? '' : ` item ${read.item + 1} of ${read.items.length}`
    return {
      key,
      from,
      to,
      source: `${read.header}${position}`,
      rule: `${server}: ${gate ? `${gate.why}; ` : ''}${read.why}`,
      cite: read.cite,
    }
  }
  if (sets === undefined || NEVER_SETS[server]?.includes(sets)) {
    return { key, from, to, source: 'server', rule: `${server}'s trust never changes it` }
  }
  if (gate && !gate.trusted) {
    return { key, from, to, source: 'server', rule: `${server}: ${gate.why}`, ...cited(gate.cite) }
  }
  if (read) {
    return { key, from, to, source: 'server', rule: `${server}: ${read.why}`, cite: read.cite }
  }
  return {
    key,
    from,
    to,
    source: 'server',
    rule: `${server} left it: the request has no header it reads for the ${sets}`,
    ...cited(gate?.cite),
  }
}

/** The chain as the server walked it: the items of the header it read the client from, then the peer. */
function hopsOf(
  peer: string,
  server: string,
  effect: TrustEffect,
  xff: readonly string[]
): HopJson[] {
  const gate = effect.gate
  const read = effect.reads?.find((r) => r.sets === 'client')
  const believed = gate?.trusted === true && read?.used === true && read.item !== undefined
  // only uvicorn checks each item it steps over against its list; the others count or skip
  const checked = server === 'uvicorn'
  const source = read?.header.toLowerCase() === 'forwarded' ? 'Forwarded' : read?.header
  // a closed gate reads nothing: the X-Forwarded-For items are still drawn, none believed
  const items =
    read?.items ??
    xff.flatMap((line) => line.split(',').map((item) => item.trim())).filter((i) => i !== '')
  const hops: HopJson[] = items.map((address, index) => {
    const role =
      !believed || index < (read?.item ?? 0) ? 'ignored' : index === read?.item ? 'client' : 'proxy'
    const reason =
      role === 'client'
        ? (read?.why ?? '')
        : role === 'proxy'
          ? `${server} stepped over it: right of the item it took${checked ? ', and trusted' : ', unchecked'}`
          : gate?.trusted === false
            ? (gate.why ?? '')
            : `${server} does not take it${read?.item === undefined ? '' : ': left of the item it took'}`
    return {
      address,
      source: source ?? 'X-Forwarded-For',
      index,
      ip: isIpText(address) ? address : null,
      trusted: role === 'proxy' && checked,
      role,
      reason,
    }
  })
  hops.push({
    address: peer,
    source: 'socket',
    ip: isIpText(peer) ? peer : null,
    trusted: gate?.trusted === true,
    role: believed ? 'proxy' : 'client',
    reason: gate?.why ?? `${server} reads no proxy header`,
  })
  return hops
}

function warningsOf(
  server: string,
  effect: TrustEffect,
  facts: RequestFacts | undefined
): ProxyWarning[] {
  const out: ProxyWarning[] = []
  const read = effect.reads?.find((r) => r.sets === 'client')
  if (read?.used && read.clientControlled && read.item !== undefined) {
    out.push({
      code: 'xff-leftmost-client-controlled',
      message: `${server} takes the leftmost ${read.header} entry, ${read.items[read.item]}: whatever the client wrote there, as no proxy is left to vouch for it`,
    })
  }
  const proxyHeaders = facts ? inventory({}, facts.rawHeaders) : []
  if (effect.gate?.trusted === false && proxyHeaders.length > 0) {
    out.push({
      code: 'untrusted-peer-forwarding-headers',
      message: `${effect.gate.why}: the request carries ${proxyHeaders.map((h) => h.name).join(', ')}, and client stays whoever opened the connection`,
    })
  }
  return out
}
