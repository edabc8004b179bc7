/**
 * @module
 * gunicorn 26.x proxy trust (spec §5.2): a peer in `forwarded_allow_ips` (addresses, CIDR,
 * `*`; a non-IP peer such as a unix socket always) may set the scheme through
 * `secure_scheme_headers` (exact, case-sensitive match of the stripped value; contradicting
 * headers → 400) and pass the underscore headers in `forwarder_headers`, of which only
 * `SCRIPT_NAME` has an effect. gunicorn never rewrites REMOTE_ADDR or the host from
 * X-Forwarded-*; untrusted proxy headers stay as `HTTP_X_FORWARDED_*`.
 *
 * @see https://github.com/benoitc/gunicorn/blob/master/gunicorn/http/message.py
 */
import { checkNames, type ProxyTrust, type TrustEffect, TrustSettingsError } from '../trust.ts'
import { inAllowList, isAllowEntry, parseIp } from './ip.ts'

export interface GunicornTrust {
  readonly forwarded_allow_ips: readonly string[]
  /** Upper-case header name → the value that means https. */
  readonly secure_scheme_headers: Readonly<Record<string, string>>
  /** Upper-case underscore header names a trusted peer may send. */
  readonly forwarder_headers: readonly string[]
}

const DEFAULT_SECURE: Readonly<Record<string, string>> = {
  'X-FORWARDED-PROTOCOL': 'ssl',
  'X-FORWARDED-PROTO': 'https',
  'X-FORWARDED-SSL': 'on',
}

const OPTIONS = {
  forwarded_allow_ips:
    'comma list of addresses or CIDR networks allowed to set proxy headers, or *',
  secure_scheme_headers:
    'comma list of HEADER=value pairs that mean https (default: the three X-Forwarded-* ones)',
  forwarder_headers:
    'comma list of underscore headers a trusted proxy may send (default SCRIPT_NAME,PATH_INFO)',
} as const

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

/** gunicorn's validate_string_to_addr_list: `*`, addresses and networks, nothing else. */
function allowList(text: string): string[] {
  const entries = list(text)
  const bad = entries.find((entry) => !isAllowEntry(entry))
  if (bad !== undefined) {
    throw new TrustSettingsError(
      'forwarded_allow_ips',
      `${JSON.stringify(bad)} is not an IP address, a network (10.0.0.0/8) or *`
    )
  }
  return entries
}

function parseSecure(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of list(text)) {
    const eq = item.indexOf('=')
    if (eq <= 0)
      throw new TrustSettingsError(
        'secure_scheme_headers',
        `expected HEADER=value, got ${JSON.stringify(item)}`
      )
    out[item.slice(0, eq).trim().toUpperCase()] = item.slice(eq + 1).trim()
  }
  return out
}

export const GUNICORN_TRUST: ProxyTrust<GunicornTrust> = {
  server: 'gunicorn',
  off: {
    forwarded_allow_ips: [],
    secure_scheme_headers: DEFAULT_SECURE,
    forwarder_headers: ['SCRIPT_NAME', 'PATH_INFO'],
  },
  serverDefaults: {
    forwarded_allow_ips: ['127.0.0.1', '::1'],
    secure_scheme_headers: DEFAULT_SECURE,
    forwarder_headers: ['SCRIPT_NAME', 'PATH_INFO'],
  },
  options: OPTIONS,
  parse(pairs) {
    checkNames(pairs, OPTIONS)
    const base = GUNICORN_TRUST.off
    return {
      forwarded_allow_ips:
        pairs.forwarded_allow_ips === undefined
          ? base.forwarded_allow_ips
          : allowList(pairs.forwarded_allow_ips),
      secure_scheme_headers:
        pairs.secure_scheme_headers === undefined
          ? base.secure_scheme_headers
          : parseSecure(pairs.secure_scheme_headers),
      forwarder_headers:
        pairs.forwarder_headers === undefined
          ? base.forwarder_headers
          : list(pairs.forwarder_headers).map((h) => h.toUpperCase()),
    }
  },
  apply({ headers, peer }, s): TrustEffect {
    const why: string[] = []
    const isIp = parseIp(peer.host) !== undefined
    const trusted = !isIp || inAllowList(peer.host, s.forwarded_allow_ips)
    if (!trusted) {
      why.push(
        `peer ${peer.host} is not in forwarded_allow_ips (${s.forwarded_allow_ips.join(',') || 'empty'}): ` +
          'secure_scheme_headers and forwarder_headers ignored'
      )
      return { dropHeaders: [], why }
    }
    why.push(
      isIp
        ? `peer ${peer.host} is in forwarded_allow_ips`
        : `peer ${peer.host} is not an IP address: always trusted`
    )
    let scheme: string | undefined
    let schemeHeader: string | undefined
    let scriptName: string | undefined
    for (const [rawName, rawValue] of headers) {
      const name = rawName.toUpperCase()
      const value = rawValue.trim()
      const expected = s.secure_scheme_headers[name]
      if (expected !== undefined) {
        const implied = value === expected ? 'https' : 'http'
        if (scheme !== undefined && implied !== scheme) {
          why.push(
            `${rawName}: ${value} implies ${implied}, but ${schemeHeader} said ${scheme}: InvalidSchemeHeaders`
          )
          return {
            dropHeaders: [],
            refusal: { status: 400, reason: 'Contradictory scheme headers' },
            why,
          }
        }
        if (scheme === undefined) {
          why.push(
            `${rawName}: ${value} ${value === expected ? '==' : '!='} ${JSON.stringify(expected)} → wsgi.url_scheme '${implied}'`
          )
        }
        scheme = implied
        schemeHeader ??= rawName
      }
      if (name === 'SCRIPT_NAME' && s.forwarder_headers.includes('SCRIPT_NAME')) {
        scriptName = value
        why.push(
          `SCRIPT_NAME: ${value} from a trusted peer (forwarder_headers) → SCRIPT_NAME, stripped from PATH_INFO`
        )
      }
    }
    const effect: TrustEffect = {
      dropHeaders: [],
      keepUnderscore: s.forwarder_headers,
      why,
      ...(scheme === undefined ? {} : { scheme }),
      ...(scriptName === undefined ? {} : { scriptName }),
    }
    return effect
  },
}
