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
  type TrustRead,
  TrustSettingsError,
} from '../trust.ts'
import { inAllowList, parseIp } from './ip.ts'

// the lines each decision comes from, in the releases modelled
const UVICORN_SOURCE =
  'https://github.com/Kludex/uvicorn/blob/0.51.0/uvicorn/middleware/proxy_headers.py'
const UVICORN_CONFIG = 'https://github.com/Kludex/uvicorn/blob/0.51.0/uvicorn/config.py#L525'
const uvicornLine = (line: number) => `${UVICORN_SOURCE}#L${line}`
const daphneLine = (line: number) =>
  line === 99
    ? 'https://github.com/django/daphne/blob/4.2.2/daphne/http_protocol.py#L99'
    : `https://github.com/django/daphne/blob/4.2.2/daphne/utils.py#L${line}`
const hypercornLine = (line: number) =>
  `https://github.com/pgjones/hypercorn/blob/0.18.0/src/hypercorn/middleware/proxy_fix.py#L${line}`

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
    if (!s.proxy_headers) {
      const why = '--proxy-headers off: X-Forwarded-* ignored'
      return { dropHeaders: [], why: [why], gate: { trusted: false, why, cite: daphneLine(99) } }
    }
    const gate = {
      trusted: true,
      why: '--proxy-headers: any peer is believed (no trust check)',
      cite: daphneLine(99),
    }
    const why = [gate.why]
    const reads: TrustRead[] = []
    const effect: { scheme?: string; client?: { host: string; port: number } } = {}
    // header_value: only the first line of a repeated header
    const first = (name: string) => headerValues(headers, name)[0]
    const address = first(s.proxy_headers_host)
    if (address !== undefined) {
      const items = address.split(',').map((item) => item.trim())
      const host = address.includes(',') ? (items[0] as string) : address
      const portText = first(s.proxy_headers_port)
      const port =
        portText !== undefined && /^\s*[+-]?\d+\s*$/.test(portText) ? Number(portText) : 0
      effect.client = { host, port }
      const line = `${s.proxy_headers_host}: ${address} → the leftmost entry ${host} (client-controlled), port ${port}`
      why.push(line)
      reads.push({
        sets: 'client',
        header: s.proxy_headers_host,
        items,
        item: 0,
        used: true,
        clientControlled: true,
        why: `${line}${portText === undefined ? '' : ` (${s.proxy_headers_port}: ${portText})`}`,
        cite: daphneLine(72),
      })
      const proto = first('X-Forwarded-Proto')
      if (proto !== undefined) {
        effect.scheme = proto
        const protoLine = `X-Forwarded-Proto: ${proto} → scheme, not validated (read only with an address header)`
        why.push(protoLine)
        reads.push({
          sets: 'scheme',
          header: 'X-Forwarded-Proto',
          items: [],
          used: true,
          why: protoLine,
          cite: daphneLine(90),
        })
      }
    }
    return { ...effect, dropHeaders: [], why, gate, reads }
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
    if (hops === undefined) {
      const why = 'no ProxyFixMiddleware: proxy headers ignored'
      return { dropHeaders: [], why: [why], gate: { trusted: false, why, cite: hypercornLine(10) } }
    }
    const gate = {
      trusted: true,
      why: `ProxyFixMiddleware(mode="${s.mode}", trusted_hops=${hops}): any peer is believed`,
      cite: hypercornLine(23),
    }
    const why = [gate.why]
    const reads: TrustRead[] = []
    // _get_trusted_value: every line's items, the one `hops` from the right if there are that many
    const trustedValue = (header: string, sets: TrustRead['sets'] | undefined) => {
      const items = headerValues(headers, header).flatMap((v) => v.split(',').map((x) => x.trim()))
      const item = items.length >= hops ? items.length - hops : undefined
      if (sets !== undefined && items.length > 0) {
        reads.push({
          sets,
          header,
          items,
          ...(item === undefined ? {} : { item }),
          used: item !== undefined,
          why:
            item === undefined
              ? `${header}: ${items.length} item(s), fewer than trusted_hops=${hops}: ignored`
              : `${header}: item ${hops} from the right (trusted_hops=${hops}) → ${items[item]}`,
          cite: hypercornLine(item === undefined ? 80 : 78),
        })
      }
      return item === undefined ? undefined : items[item]
    }
    let client: string | undefined
    let scheme: string | undefined
    let host: string | undefined
    const element = s.mode === 'modern' ? trustedValue('Forwarded', undefined) : undefined
    if (element !== undefined) {
      // proxy_fix.py: the element's pairs split on ';', taken verbatim (no unquoting)
      for (const part of element.split(';')) {
        if (part.startsWith('for=')) client = part.slice(4).trim()
        else if (part.startsWith('host=')) host = part.slice(5).trim()
        else if (part.startsWith('proto=')) scheme = part.slice(6).trim()
      }
      const line = `Forwarded: element ${hops} from the right, taken verbatim: ${element}`
      why.push(line)
      const read = (sets: TrustRead['sets'], value: string | undefined) => {
        if (value !== undefined)
          reads.push({
            sets,
            header: 'Forwarded',
            items: [],
            used: true,
            why: line,
            cite: hypercornLine(36),
          })
      }
      read('client', client)
      read('scheme', scheme)
      read('host', host)
    } else {
      client = trustedValue('X-Forwarded-For', 'client')
      scheme = trustedValue('X-Forwarded-Proto', 'scheme')
      host = trustedValue('X-Forwarded-Host', 'host')
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
      gate,
      reads,
    }
  },
}
