/**
 * @module
 * The ASGI servers' proxy trust: uvicorn 0.51 (`--proxy-headers --forwarded-allow-ips`, XFF
 * right to left, XFP ∈ http/https/ws/wss), daphne 4.2 (`--proxy-headers`, leftmost XFF, no
 * trust check) and hypercorn 0.18's ProxyFixMiddleware (hop counts, no peer check).
 *
 * @see https://github.com/Kludex/uvicorn/blob/0.51.0/uvicorn/middleware/proxy_headers.py
 * @see https://github.com/django/daphne/blob/4.2.2/daphne/utils.py
 * @see https://github.com/pgjones/hypercorn/blob/0.18.0/src/hypercorn/middleware/proxy_fix.py
 */
import {
  checkNames,
  headerValues,
  type ProxyTrust,
  parseBool,
  type TrustEffect,
  TrustSettingsError,
} from '../trust.ts'
import { inAllowList, parseIp } from './ip.ts'

export interface UvicornTrust {
  readonly proxy_headers: boolean
  readonly forwarded_allow_ips: readonly string[]
}

const UVICORN_OPTIONS = {
  proxy_headers: 'read X-Forwarded-For/-Proto (uvicorn default: true)',
  forwarded_allow_ips:
    'comma list of addresses or CIDR networks to trust, or * (uvicorn default 127.0.0.1)',
} as const

/** uvicorn's `_parse_host_port`: `h:p` and `[v6]:p` keep their port, else 0. */
function hostPort(entry: string): { host: string; port: number } {
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry)
  if (v6) return { host: v6[1] as string, port: v6[2] ? Number(v6[2]) : 0 }
  const parts = entry.split(':')
  if (parts.length === 2 && /^\d+$/.test(parts[1] as string))
    return { host: parts[0] as string, port: Number(parts[1]) }
  return { host: entry, port: 0 }
}

export const UVICORN_TRUST: ProxyTrust<UvicornTrust> = {
  server: 'uvicorn',
  off: { proxy_headers: false, forwarded_allow_ips: ['127.0.0.1'] },
  serverDefaults: { proxy_headers: true, forwarded_allow_ips: ['127.0.0.1'] },
  options: UVICORN_OPTIONS,
  parse(pairs) {
    checkNames(pairs, UVICORN_OPTIONS)
    return {
      proxy_headers:
        pairs.proxy_headers === undefined ? true : parseBool('proxy_headers', pairs.proxy_headers),
      forwarded_allow_ips: (pairs.forwarded_allow_ips ?? '127.0.0.1')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    }
  },
  apply({ headers, peer }, s): TrustEffect {
    if (!s.proxy_headers)
      return { dropHeaders: [], why: ['proxy_headers off: X-Forwarded-* ignored'] }
    const all = s.forwarded_allow_ips.includes('*')
    const trusted = (host: string) =>
      all ||
      inAllowList(host, s.forwarded_allow_ips) ||
      (parseIp(host) === undefined && s.forwarded_allow_ips.includes(host))
    if (!trusted(peer.host)) {
      return {
        dropHeaders: [],
        why: [`client ${peer.host} is not in forwarded_allow_ips: X-Forwarded-* ignored`],
      }
    }
    const why = [`client ${peer.host} is in forwarded_allow_ips`]
    const effect: { scheme?: string; client?: { host: string; port: number } } = {}
    const protos = headerValues(headers, 'x-forwarded-proto')
    if (protos.length > 0) {
      const proto = (protos.at(-1) as string).trim()
      if (['http', 'https', 'ws', 'wss'].includes(proto)) {
        effect.scheme = proto
        why.push(`X-Forwarded-Proto: ${proto} (last header) → scheme '${proto}'`)
      } else {
        why.push(`X-Forwarded-Proto: ${proto} is not http/https/ws/wss: ignored`)
      }
    }
    const xff = headerValues(headers, 'x-forwarded-for').join(', ')
    if (xff !== '') {
      const hosts = xff.split(',').map((h) => h.trim())
      let chosen: string | undefined
      if (all) {
        chosen = hosts[0]
        why.push(`forwarded_allow_ips is *: the leftmost X-Forwarded-For entry ${chosen}`)
      } else {
        chosen = [...hosts].reverse().find((h) => !trusted(hostPort(h).host))
        if (chosen === undefined) {
          chosen = hosts[0]
          why.push(`every X-Forwarded-For entry is trusted: the leftmost, ${chosen}`)
        } else {
          why.push(`X-Forwarded-For read right to left: the first untrusted entry is ${chosen}`)
        }
      }
      if (chosen !== undefined && chosen !== '') effect.client = hostPort(chosen)
    }
    return { ...effect, dropHeaders: [], why }
  },
}

export interface DaphneTrust {
  readonly proxy_headers: boolean
  readonly proxy_headers_host: string
  readonly proxy_headers_port: string
}

const DAPHNE_OPTIONS = {
  proxy_headers: 'read X-Forwarded-For/-Port/-Proto from any peer (default false)',
  proxy_headers_host: 'the header holding the client address (default X-Forwarded-For)',
  proxy_headers_port: 'the header holding the client port (default X-Forwarded-Port)',
} as const

export const DAPHNE_TRUST: ProxyTrust<DaphneTrust> = {
  server: 'daphne',
  off: {
    proxy_headers: false,
    proxy_headers_host: 'X-Forwarded-For',
    proxy_headers_port: 'X-Forwarded-Port',
  },
  serverDefaults: {
    proxy_headers: false,
    proxy_headers_host: 'X-Forwarded-For',
    proxy_headers_port: 'X-Forwarded-Port',
  },
  options: DAPHNE_OPTIONS,
  parse(pairs) {
    checkNames(pairs, DAPHNE_OPTIONS)
    const proxy_headers =
      pairs.proxy_headers === undefined ? true : parseBool('proxy_headers', pairs.proxy_headers)
    if (!proxy_headers && (pairs.proxy_headers_host || pairs.proxy_headers_port)) {
      throw new TrustSettingsError(
        'proxy_headers',
        '--proxy-headers-host/-port require --proxy-headers'
      )
    }
    return {
      proxy_headers,
      proxy_headers_host: pairs.proxy_headers_host ?? 'X-Forwarded-For',
      proxy_headers_port: pairs.proxy_headers_port ?? 'X-Forwarded-Port',
    }
  },
  apply({ headers }, s): TrustEffect {
    if (!s.proxy_headers)
      return { dropHeaders: [], why: ['--proxy-headers off: X-Forwarded-* ignored'] }
    const why = ['--proxy-headers: any peer is believed (no trust check)']
    const effect: { scheme?: string; client?: { host: string; port: number } } = {}
    // header_value: only the first line of a repeated header
    const first = (name: string) => headerValues(headers, name)[0]
    const address = first(s.proxy_headers_host)
    if (address !== undefined) {
      const host = (address.split(',')[0] as string).trim()
      const portText = first(s.proxy_headers_port)
      const port =
        portText !== undefined && /^\s*[+-]?\d+\s*$/.test(portText) ? Number(portText) : 0
      effect.client = { host, port }
      why.push(
        `${s.proxy_headers_host}: ${address} → the leftmost entry ${host} (client-controlled), port ${port}`
      )
      const proto = first('X-Forwarded-Proto')
      if (proto !== undefined) {
        effect.scheme = proto
        why.push(
          `X-Forwarded-Proto: ${proto} → scheme, not validated (read only with an address header)`
        )
      }
    }
    return { ...effect, dropHeaders: [], why }
  },
}

export interface HypercornTrust {
  /** `undefined`: the app is not wrapped in ProxyFixMiddleware. */
  readonly trusted_hops: number | undefined
  readonly mode: 'legacy' | 'modern'
}

const HYPERCORN_OPTIONS = {
  trusted_hops: 'wrap the app in ProxyFixMiddleware trusting this many hops (no peer check)',
  mode: 'legacy (X-Forwarded-*) or modern (Forwarded, falling back to legacy)',
} as const

export const HYPERCORN_TRUST: ProxyTrust<HypercornTrust> = {
  server: 'hypercorn',
  off: { trusted_hops: undefined, mode: 'legacy' },
  serverDefaults: { trusted_hops: undefined, mode: 'legacy' },
  options: HYPERCORN_OPTIONS,
  parse(pairs) {
    checkNames(pairs, HYPERCORN_OPTIONS)
    const mode = pairs.mode ?? 'legacy'
    if (mode !== 'legacy' && mode !== 'modern')
      throw new TrustSettingsError('mode', 'expected legacy or modern')
    const hops = Number(pairs.trusted_hops ?? '1')
    if (!Number.isInteger(hops) || hops < 1)
      throw new TrustSettingsError('trusted_hops', 'expected a whole number ≥ 1')
    return { trusted_hops: hops, mode }
  },
  apply({ headers }, s): TrustEffect {
    const hops = s.trusted_hops
    if (hops === undefined)
      return { dropHeaders: [], why: ['no ProxyFixMiddleware: proxy headers ignored'] }
    const why = [`ProxyFixMiddleware(mode="${s.mode}", trusted_hops=${hops}): any peer is believed`]
    let client: string | undefined
    let scheme: string | undefined
    let host: string | undefined
    const forwarded = headerValues(headers, 'forwarded')
    if (s.mode === 'modern' && forwarded.length > 0) {
      const elements = forwarded.flatMap((v) => v.split(',')).map((e) => e.trim())
      const element = elements.length >= hops ? elements[elements.length - hops] : undefined
      for (const pair of element?.split(';') ?? []) {
        const eq = pair.indexOf('=')
        const key = pair.slice(0, eq).trim().toLowerCase()
        const value = pair.slice(eq + 1).trim()
        if (key === 'for') client = value
        if (key === 'host') host = value
        if (key === 'proto') scheme = value
      }
      why.push(`Forwarded: element ${hops} from the right, taken verbatim`)
    } else {
      const pick = (name: string) => {
        const values = headerValues(headers, name).flatMap((v) => v.split(',').map((x) => x.trim()))
        return values.length >= hops ? values[values.length - hops] : undefined
      }
      client = pick('x-forwarded-for')
      scheme = pick('x-forwarded-proto')
      host = pick('x-forwarded-host')
      why.push(`X-Forwarded-For/-Proto/-Host: value ${hops} from the right, if there are that many`)
    }
    return {
      dropHeaders: host === undefined ? [] : ['host'],
      ...(client === undefined ? {} : { client: { host: client, port: 0 } }),
      ...(scheme === undefined ? {} : { scheme }),
      // proxy_fix.py: every host header removed, then (b"host", value) appended
      ...(host === undefined ? {} : { host, hostLast: true }),
      why:
        host === undefined
          ? why
          : [...why, `every host header removed, (b'host', ${host}) appended last`],
    }
  },
}
