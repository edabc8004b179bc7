/**
 * @module
 * daphne 4.2's proxy trust: `--proxy-headers` believes any peer (no trust check) and takes
 * the leftmost X-Forwarded-For item of the first line, the port from X-Forwarded-Port and the
 * scheme from X-Forwarded-Proto, unvalidated.
 *
 * @see https://github.com/django/daphne/blob/4.2.2/daphne/utils.py
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

// the lines each decision comes from, in the release modelled
const daphneLine = (line: number) =>
  line === 99
    ? 'https://github.com/django/daphne/blob/4.2.2/daphne/http_protocol.py#L99'
    : `https://github.com/django/daphne/blob/4.2.2/daphne/utils.py#L${line}`

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
