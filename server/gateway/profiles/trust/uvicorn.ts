/**
 * @module
 * uvicorn 0.51's proxy trust: `--proxy-headers` (on by default) and `--forwarded-allow-ips`
 * (default 127.0.0.1): from a trusted peer, X-Forwarded-For read right to left to the first
 * untrusted entry, the last X-Forwarded-Proto if it is http, https, ws or wss.
 *
 * @see https://github.com/Kludex/uvicorn/blob/0.51.0/uvicorn/middleware/proxy_headers.py
 */
import {
  checkNames,
  headerValues,
  type ProxyTrust,
  parseBool,
  type TrustEffect,
  type TrustRead,
} from '../trust.ts'
import { inAllowList, parseIp } from './ip.ts'

// the lines each decision comes from, in the release modelled
const UVICORN_SOURCE =
  'https://github.com/Kludex/uvicorn/blob/0.51.0/uvicorn/middleware/proxy_headers.py'
const UVICORN_CONFIG = 'https://github.com/Kludex/uvicorn/blob/0.51.0/uvicorn/config.py#L525'
const uvicornLine = (line: number) => `${UVICORN_SOURCE}#L${line}`

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
    if (!s.proxy_headers) {
      const why = 'proxy_headers off: X-Forwarded-* ignored'
      return { dropHeaders: [], why: [why], gate: { trusted: false, why, cite: UVICORN_CONFIG } }
    }
    const all = s.forwarded_allow_ips.includes('*')
    const trusted = (host: string) =>
      all ||
      inAllowList(host, s.forwarded_allow_ips) ||
      (parseIp(host) === undefined && s.forwarded_allow_ips.includes(host))
    if (!trusted(peer.host)) {
      const why = `client ${peer.host} is not in forwarded_allow_ips: X-Forwarded-* ignored`
      return { dropHeaders: [], why: [why], gate: { trusted: false, why, cite: uvicornLine(35) } }
    }
    const gate = {
      trusted: true,
      why: `client ${peer.host} is in forwarded_allow_ips`,
      cite: uvicornLine(35),
    }
    const why = [gate.why]
    const reads: TrustRead[] = []
    const effect: { scheme?: string; client?: { host: string; port: number } } = {}
    const protos = headerValues(headers, 'x-forwarded-proto')
    if (protos.length > 0) {
      const proto = (protos.at(-1) as string).trim()
      const used = ['http', 'https', 'ws', 'wss'].includes(proto)
      if (used) effect.scheme = proto
      const line = used
        ? `X-Forwarded-Proto: ${proto} (last header) → scheme '${proto}'`
        : `X-Forwarded-Proto: ${proto} is not http/https/ws/wss: ignored`
      why.push(line)
      reads.push({
        sets: 'scheme',
        header: 'X-Forwarded-Proto',
        items: [],
        used,
        why: line,
        cite: uvicornLine(47),
      })
    }
    const xff = headerValues(headers, 'x-forwarded-for').join(', ')
    if (xff !== '') {
      const hosts = xff.split(',').map((h) => h.trim())
      let item: number
      let line: string
      let cite: string
      if (all) {
        item = 0
        line = `forwarded_allow_ips is *: the leftmost X-Forwarded-For entry ${hosts[0]}`
        cite = uvicornLine(177)
      } else {
        const untrusted = hosts.findLastIndex((h) => !trusted(hostPort(h).host))
        item = untrusted === -1 ? 0 : untrusted
        line =
          untrusted === -1
            ? `every X-Forwarded-For entry is trusted: the leftmost, ${hosts[0]}`
            : `X-Forwarded-For read right to left: the first untrusted entry is ${hosts[item]}`
        cite = uvicornLine(untrusted === -1 ? 187 : 182)
      }
      why.push(line)
      const chosen = hosts[item] ?? ''
      // an empty entry leaves the client as it was (uvicorn#1068)
      if (chosen !== '') effect.client = hostPort(chosen)
      reads.push({
        sets: 'client',
        header: 'X-Forwarded-For',
        items: hosts,
        item,
        used: chosen !== '',
        // with *, the leftmost of several was written by whoever spoke first
        clientControlled: all && hosts.length > 1,
        why: line,
        cite,
      })
    }
    return { ...effect, dropHeaders: [], why, gate, reads }
  },
}
