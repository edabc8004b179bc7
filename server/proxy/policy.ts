/**
 * @module
 * Proxy policies: what the CLI flags and the API's `policy` object say, checked once, and the
 * one `decide()` both the middleware and the trace call.
 *
 * Three modes: `none` (trust nobody; nothing is rewritten), `proxy-fix` (Werkzeug's counted
 * hops) and `trusted` (a list of proxy addresses and ranges, walked from the right).
 */

import type { ProxyPolicyJson } from '../contract/api/proxy.ts'
import type { Environ } from '../contract/python.ts'
import { environText, type Hop, type Outcome, Rewriter } from './outcome.ts'
import {
  decideProxyFix,
  PROXY_FIX_DEFAULTS,
  PROXY_FIX_FLAGS,
  type ProxyFixCounts,
  proxyFixCounts,
} from './proxy-fix-rules.ts'
import { parseHopAddress, parseTrustList, type TrustList } from './trust.ts'
import { decideTrusted } from './walk.ts'
import { parseListHeader } from './xff.ts'

/** A policy as the API and the CLI give it (counts default to Werkzeug's). */
export type ProxyPolicyInput = ProxyPolicyJson

/** A checked policy, ready to decide with. Build it with {@link compilePolicy}. */
export type ProxyPolicy =
  | { readonly mode: 'none' }
  | ({ readonly mode: 'proxy-fix' } & ProxyFixCounts)
  | {
      readonly mode: 'trusted'
      readonly proxies: readonly string[]
      readonly forwarded: boolean
      readonly trust: TrustList
    }

/** Check a policy and fill in defaults. Throws a TypeError that says what is wrong. */
export function compilePolicy(input: ProxyPolicyInput): ProxyPolicy {
  switch (input.mode) {
    case 'none':
      return { mode: 'none' }
    case 'proxy-fix': {
      const { mode: _mode, ...counts } = input
      return { mode: 'proxy-fix', ...proxyFixCounts(counts) }
    }
    case 'trusted': {
      if (input.proxies.length === 0) {
        throw new TypeError(
          'trusted proxies: the list is empty; name at least one address or range'
        )
      }
      const trust = parseTrustList(input.proxies)
      return {
        mode: 'trusted',
        proxies: [...input.proxies],
        forwarded: input.forwarded ?? false,
        trust,
      }
    }
    default:
      throw new TypeError(
        `unknown policy mode ${JSON.stringify((input as { mode: unknown }).mode)}`
      )
  }
}

/** Decide what `policy` does to `environ` (without changing it). */
export function decide(environ: Environ, policy: ProxyPolicy): Outcome {
  if (policy.mode === 'proxy-fix') return decideProxyFix(environ, policy)
  if (policy.mode === 'trusted') return decideTrusted(environ, policy)
  return decideNone(environ)
}

function decideNone(environ: Environ): Outcome {
  const why = 'no proxy is trusted'
  const hops: Hop[] = parseListHeader(environText(environ, 'HTTP_X_FORWARDED_FOR') ?? '').map(
    (address, index) => {
      const hop = parseHopAddress(address)
      return {
        address,
        source: 'X-Forwarded-For',
        index,
        ip: hop.isIp ? hop.address : null,
        trusted: false,
        role: 'ignored',
        reason: `${why}: anyone could have written this value`,
      }
    }
  )
  const peer = environText(environ, 'REMOTE_ADDR') ?? ''
  hops.push({
    address: peer,
    source: 'socket',
    ip: parseHopAddress(peer).isIp ? peer : null,
    trusted: false,
    role: 'client',
    reason: `${why}: REMOTE_ADDR is whoever opened the connection`,
  })
  return {
    hops,
    decisions: new Rewriter(environ).decisions(() => `${why}: left as the server set it`),
  }
}

/** The policy as JSON for the trace (the parsed trust list as CIDR ranges). */
export function describePolicy(policy: ProxyPolicy): Record<string, unknown> {
  if (policy.mode !== 'trusted') return { ...policy }
  const { trust, ...rest } = policy
  return { ...rest, ranges: trust.entries.map((entry) => entry.cidr) }
}

/**
 * Parse `--proxy-fix x_for=1,x_proto=1,x_host=0`: Werkzeug's argument names, each once,
 * counts as non-negative integers; names left out keep Werkzeug's defaults. Throws a
 * TypeError that names the bad item.
 */
export function parseProxyFixSpec(text: string): ProxyFixCounts {
  const names = Object.entries(PROXY_FIX_FLAGS) as [keyof ProxyFixCounts, string][]
  const expected = `expected name=count pairs like x_for=1,x_proto=1 with names ${names.map(([, flag]) => flag).join(', ')}`
  if (text.trim() === '') throw new TypeError(`empty; ${expected}`)
  const counts: Partial<Record<keyof ProxyFixCounts, number>> = {}
  for (const item of text.split(',')) {
    const [rawName = '', rawCount, ...more] = item.split('=')
    const name = rawName.trim()
    const option = names.find(([, flag]) => flag === name)?.[0]
    if (!option) throw new TypeError(`unknown name ${JSON.stringify(name)}; ${expected}`)
    const count = rawCount?.trim() ?? ''
    if (more.length > 0 || !/^\d+$/.test(count)) {
      throw new TypeError(
        `${name}: expected a non-negative integer count, got ${JSON.stringify(item.trim())}`
      )
    }
    if (counts[option] !== undefined) throw new TypeError(`${name} is given twice`)
    counts[option] = Number(count)
  }
  return proxyFixCounts({ ...PROXY_FIX_DEFAULTS, ...counts })
}

/** Split `--trusted-proxies 127.0.0.1,10.0.0.0/8,::1` and check every entry. */
export function parseTrustedProxiesSpec(text: string): { proxies: string[]; trust: TrustList } {
  const proxies = text.split(',').map((item) => item.trim())
  if (proxies.some((item) => item === '')) {
    throw new TypeError(
      `empty entry in ${JSON.stringify(text)}: expected addresses or CIDR ranges separated by commas`
    )
  }
  return { proxies, trust: parseTrustList(proxies) }
}
