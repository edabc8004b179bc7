/**
 * @module
 * waitress 3.0.2 proxy trust (spec §5.3, `proxy_headers.py`): a peer equal to `trusted_proxy`
 * (one address, exact string, or `*`) may set the client, host, port and scheme through the
 * `trusted_proxy_headers`, each read `trusted_proxy_count` entries from the right. With
 * `clear_untrusted_proxy_headers` (3.x default: true) every proxy header not used is deleted:
 * X-Forwarded-For/-Host/-Proto/-Port/-By and Forwarded; X-Forwarded-Ssl and -Prefix stay.
 * A used header is rewritten to its trusted entries only (3.0.2, PR #452).
 *
 * @see https://github.com/Pylons/waitress/blob/v3.0.2/src/waitress/proxy_headers.py
 */
import {
  checkNames,
  headerValues,
  type ProxyTrust,
  parseBool,
  type TrustEffect,
  TrustSettingsError,
  type WireHeader,
} from '../trust.ts'

export interface WaitressTrust {
  readonly trusted_proxy: string | undefined
  readonly trusted_proxy_count: number
  /** Lower-case names, a subset of {@link PROXY_HEADERS}. */
  readonly trusted_proxy_headers: readonly string[]
  readonly clear_untrusted_proxy_headers: boolean
}

/** The headers waitress calls proxy headers (`PROXY_HEADERS`, lines 5-14). */
export const PROXY_HEADERS = [
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-by',
  'forwarded',
] as const

const OPTIONS = {
  trusted_proxy: 'the one proxy address allowed to set proxy headers (exact match), or *',
  trusted_proxy_count: 'how many proxies in front (entries read from the right), default 1',
  trusted_proxy_headers: `space list of headers to use: ${PROXY_HEADERS.join(' ')} (default x-forwarded-proto)`,
  clear_untrusted_proxy_headers: 'delete proxy headers not used (true in waitress 3)',
} as const

/** waitress's `undquote`: strip one pair of quotes, unescaping `\\x`. */
function undquote(value: string): string {
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1')
  }
  if (value.includes('"')) throw new Error('Value is not quoted correctly')
  return value
}

class Malformed extends Error {
  readonly header: string
  constructor(header: string, message: string) {
    super(message)
    this.header = header
  }
}

/** The parser's joined value of a header: repeated lines joined with ", ". */
function joined(headers: readonly WireHeader[], name: string): string | undefined {
  const values = headerValues(headers, name)
  return values.length === 0 ? undefined : values.join(', ')
}

function stripBrackets(addr: string): string {
  return addr.startsWith('[') && addr.endsWith(']') ? addr.slice(1, -1) : addr
}

interface Parsed {
  effect: Omit<TrustEffect, 'dropHeaders' | 'why'>
  used: Set<string>
}

function parseProxyHeaders(
  headers: readonly WireHeader[],
  count: number,
  trustedHeaders: readonly string[],
  why: string[]
): Parsed {
  const used = new Set<string>()
  const setHeaders: Record<string, string> = {}
  let clientAddr: string | undefined
  let forwardedHost = ''
  let forwardedProto = ''
  let forwardedPort = ''
  const xff = joined(headers, 'x-forwarded-for')
  if (trustedHeaders.includes('x-forwarded-for') && xff !== undefined) {
    const hops = xff.split(',').map((hop) => {
      const h = undquote(hop.trim())
      return !h.includes('.') && h.includes(':') && !h.endsWith(']') ? `[${h}]` : h
    })
    const kept = hops.slice(-count)
    clientAddr = kept[0]
    used.add('x-forwarded-for')
    setHeaders['x-forwarded-for'] = kept.join(', ')
    why.push(
      `X-Forwarded-For: ${xff} → the ${count} rightmost (trusted_proxy_count) → client ${clientAddr}`
    )
  }
  const xfh = joined(headers, 'x-forwarded-host')
  if (trustedHeaders.includes('x-forwarded-host') && xfh !== undefined) {
    const kept = xfh
      .split(',')
      .map((h) => undquote(h.trim()))
      .slice(-count)
    forwardedHost = kept[0] ?? ''
    used.add('x-forwarded-host')
    setHeaders['x-forwarded-host'] = kept.join(', ')
  }
  if (trustedHeaders.includes('x-forwarded-proto')) {
    const value = joined(headers, 'x-forwarded-proto')
    if (value !== undefined) {
      const kept = value
        .split(',')
        .map((p) => undquote(p.trim()))
        .slice(-count)
      forwardedProto = kept[0] ?? ''
      setHeaders['x-forwarded-proto'] = kept.join(', ')
    }
    used.add('x-forwarded-proto')
  }
  if (trustedHeaders.includes('x-forwarded-port')) {
    const value = joined(headers, 'x-forwarded-port')
    if (value !== undefined) {
      const kept = value
        .split(',')
        .map((p) => undquote(p.trim()))
        .slice(-count)
      forwardedPort = kept[0] ?? ''
      setHeaders['x-forwarded-port'] = kept.join(', ')
    }
    used.add('x-forwarded-port')
  }
  if (trustedHeaders.includes('x-forwarded-by')) used.add('x-forwarded-by')
  const fwd = joined(headers, 'forwarded')
  if (trustedHeaders.includes('forwarded') && fwd !== undefined) {
    const proxies: [string, string, string][] = []
    for (const element of fwd.split(',')) {
      const entry: [string, string, string] = ['', '', '']
      for (const rawPair of element.trim().split(';')) {
        const pair = rawPair.toLowerCase()
        if (pair === '') continue
        const eq = pair.indexOf('=')
        if (eq === -1) throw new Malformed('Forwarded', 'Invalid forwarded-pair missing "="')
        const token = pair.slice(0, eq)
        const value = pair.slice(eq + 1)
        if (token.trim() !== token || value.trim() !== value) {
          throw new Malformed('Forwarded', 'Token may not be surrounded by whitespace')
        }
        if (token === 'for') entry[0] = undquote(value)
        if (token === 'host') entry[1] = undquote(value)
        if (token === 'proto') entry[2] = undquote(value)
      }
      proxies.push(entry)
    }
    for (const [f, h, p] of proxies.slice(-count).reverse()) {
      clientAddr = f || clientAddr
      forwardedHost = h || forwardedHost
      forwardedProto = p || forwardedProto
    }
    used.add('forwarded')
    why.push(
      `Forwarded: ${fwd} → the ${count} rightmost element(s), oldest value of each of for/host/proto`
    )
  }
  let scheme: string | undefined
  if (forwardedProto !== '') {
    const proto = forwardedProto.toLowerCase()
    if (proto !== 'http' && proto !== 'https')
      throw new Malformed('X-Forwarded-Proto', 'unsupported proto value')
    scheme = proto
    if (forwardedPort === '') forwardedPort = proto === 'https' ? '443' : '80'
    why.push(`X-Forwarded-Proto: ${forwardedProto} → wsgi.url_scheme '${proto}'`)
  }
  let host: string | undefined
  let serverName: string | undefined
  if (forwardedHost !== '') {
    if (forwardedHost.includes(':') && !forwardedHost.endsWith(']')) {
      const colon = forwardedHost.lastIndexOf(':')
      serverName = forwardedHost.slice(0, colon).trim()
      forwardedPort = forwardedHost.slice(colon + 1)
      host = forwardedHost
    } else {
      serverName = forwardedHost
      host = forwardedHost
      const schemeNow = scheme ?? 'http'
      if (
        forwardedPort !== '' &&
        !(
          (forwardedPort === '443' && schemeNow === 'https') ||
          (forwardedPort === '80' && schemeNow === 'http')
        )
      ) {
        host = `${forwardedHost}:${forwardedPort}`
      }
    }
    why.push(
      `X-Forwarded-Host: ${forwardedHost} → SERVER_NAME '${serverName}', HTTP_HOST '${host}'`
    )
  }
  let client: TrustEffect['client']
  if (clientAddr !== undefined) {
    if (clientAddr.includes(':') && !clientAddr.endsWith(']')) {
      const colon = clientAddr.lastIndexOf(':')
      const port = Number(clientAddr.slice(colon + 1).trim())
      client = {
        host: stripBrackets(clientAddr.slice(0, colon).trim()),
        ...(Number.isInteger(port) ? { port } : {}),
      }
    } else {
      client = { host: stripBrackets(clientAddr.trim()) }
    }
  }
  return {
    used,
    effect: {
      setHeaders,
      ...(client ? { client } : {}),
      ...(scheme ? { scheme } : {}),
      ...(host ? { host } : {}),
      ...(serverName ? { serverName } : {}),
      ...(forwardedPort !== '' ? { serverPort: forwardedPort } : {}),
    },
  }
}

export const WAITRESS_TRUST: ProxyTrust<WaitressTrust> = {
  server: 'waitress',
  // trusting no peer still clears: that is waitress 3's own default
  off: {
    trusted_proxy: undefined,
    trusted_proxy_count: 1,
    trusted_proxy_headers: [],
    clear_untrusted_proxy_headers: true,
  },
  serverDefaults: {
    trusted_proxy: undefined,
    trusted_proxy_count: 1,
    trusted_proxy_headers: [],
    clear_untrusted_proxy_headers: true,
  },
  options: OPTIONS,
  parse(pairs) {
    checkNames(pairs, OPTIONS)
    const trusted_proxy = pairs.trusted_proxy?.trim() || undefined
    const countText = pairs.trusted_proxy_count ?? '1'
    const trusted_proxy_count = Number(countText)
    if (!Number.isInteger(trusted_proxy_count) || trusted_proxy_count < 1) {
      throw new TrustSettingsError(
        'trusted_proxy_count',
        `expected a whole number ≥ 1, got ${JSON.stringify(countText)}`
      )
    }
    let headers = (pairs.trusted_proxy_headers ?? '')
      .toLowerCase()
      .split(/[\s,]+/)
      .filter((h) => h !== '')
    for (const h of headers) {
      if (!(PROXY_HEADERS as readonly string[]).includes(h)) {
        throw new TrustSettingsError('trusted_proxy_headers', `unknown header ${JSON.stringify(h)}`)
      }
    }
    if (headers.includes('forwarded') && headers.length > 1) {
      throw new TrustSettingsError(
        'trusted_proxy_headers',
        'forwarded cannot be combined with the x-forwarded-* headers'
      )
    }
    if (trusted_proxy !== undefined && headers.length === 0) headers = ['x-forwarded-proto']
    return {
      trusted_proxy,
      trusted_proxy_count,
      trusted_proxy_headers: headers,
      clear_untrusted_proxy_headers:
        pairs.clear_untrusted_proxy_headers === undefined
          ? true
          : parseBool('clear_untrusted_proxy_headers', pairs.clear_untrusted_proxy_headers),
    }
  },
  apply({ headers, peer }, s): TrustEffect {
    const why: string[] = []
    let used = new Set<string>()
    let effect: Parsed['effect'] = {}
    if (
      s.trusted_proxy !== undefined &&
      (s.trusted_proxy === '*' || s.trusted_proxy === peer.host)
    ) {
      why.push(`peer ${peer.host} matches trusted_proxy ${s.trusted_proxy}`)
      try {
        ;({ used, effect } = parseProxyHeaders(
          headers,
          s.trusted_proxy_count,
          s.trusted_proxy_headers,
          why
        ))
      } catch (error) {
        const header = error instanceof Malformed ? error.header : 'X-Forwarded-For'
        why.push(`${header}: ${(error as Error).message} → 400`)
        return {
          dropHeaders: [],
          refusal: { status: 400, reason: `Header "${header}" malformed.` },
          why,
        }
      }
    } else {
      why.push(
        s.trusted_proxy === undefined
          ? 'no trusted_proxy: no proxy header is used'
          : `peer ${peer.host} is not trusted_proxy ${s.trusted_proxy}: no proxy header is used`
      )
    }
    const present = new Set(headers.map(([n]) => n.toLowerCase()))
    const dropHeaders = s.clear_untrusted_proxy_headers
      ? PROXY_HEADERS.filter((h) => !used.has(h) && present.has(h))
      : []
    if (dropHeaders.length > 0) {
      why.push(`clear_untrusted_proxy_headers: deleted ${dropHeaders.join(', ')}`)
    }
    if (effect.client) why.push('REMOTE_HOST is set to the same address as REMOTE_ADDR')
    return { ...effect, dropHeaders, why }
  },
}
