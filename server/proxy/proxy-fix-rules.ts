/**
 * @module
 * Werkzeug's ProxyFix as a pure decision: which X-Forwarded-* value each key gets, counted
 * from the right, and why the others stay.
 *
 * Trust is by position only: `x_for=2` means "two proxies append to X-Forwarded-For, so the
 * 2nd value from the right is the client". There is no peer check. A header with fewer
 * values than trusted hops is ignored entirely (fail closed). Values are not validated:
 * `X-Forwarded-Proto: HTTPS` becomes `wsgi.url_scheme='HTTPS'` (spec §5.1).
 *
 * @see werkzeug.middleware.proxy_fix.ProxyFix
 */
import type { Environ } from '../contract/python.ts'
import {
  environText,
  type Hop,
  type Outcome,
  ordinal,
  type RewritableKey,
  Rewriter,
} from './outcome.ts'
import { parseHopAddress } from './trust.ts'
import { parseListHeader } from './xff.ts'

/** How many proxies append to each header: Werkzeug's `x_for` … `x_prefix`. */
export interface ProxyFixCounts {
  readonly xFor: number
  readonly xProto: number
  readonly xHost: number
  readonly xPort: number
  readonly xPrefix: number
}

/** Werkzeug's defaults: `ProxyFix(app, x_for=1, x_proto=1, x_host=0, x_port=0, x_prefix=0)`. */
export const PROXY_FIX_DEFAULTS: ProxyFixCounts = {
  xFor: 1,
  xProto: 1,
  xHost: 0,
  xPort: 0,
  xPrefix: 0,
}

/** Werkzeug's argument name for each count, as the CLI and the messages spell it. */
export const PROXY_FIX_FLAGS = {
  xFor: 'x_for',
  xProto: 'x_proto',
  xHost: 'x_host',
  xPort: 'x_port',
  xPrefix: 'x_prefix',
} as const satisfies Record<keyof ProxyFixCounts, string>

const HEADERS = {
  xFor: ['X-Forwarded-For', 'HTTP_X_FORWARDED_FOR'],
  xProto: ['X-Forwarded-Proto', 'HTTP_X_FORWARDED_PROTO'],
  xHost: ['X-Forwarded-Host', 'HTTP_X_FORWARDED_HOST'],
  xPort: ['X-Forwarded-Port', 'HTTP_X_FORWARDED_PORT'],
  xPrefix: ['X-Forwarded-Prefix', 'HTTP_X_FORWARDED_PREFIX'],
} as const satisfies Record<keyof ProxyFixCounts, readonly [string, string]>

/**
 * Return the counts with Werkzeug's defaults filled in. Throws a TypeError naming the
 * option when a count is not a non-negative integer.
 */
export function proxyFixCounts(options: Partial<ProxyFixCounts> = {}): ProxyFixCounts {
  for (const name of Object.keys(options)) {
    if (!Object.hasOwn(PROXY_FIX_DEFAULTS, name)) {
      throw new TypeError(
        `proxyFix: unknown option ${JSON.stringify(name)}; expected ${Object.keys(PROXY_FIX_DEFAULTS).join(', ')}`
      )
    }
  }
  const counts = { ...PROXY_FIX_DEFAULTS, ...options }
  for (const name of Object.keys(PROXY_FIX_DEFAULTS) as (keyof ProxyFixCounts)[]) {
    const n = counts[name]
    if (!Number.isInteger(n) || n < 0) {
      throw new TypeError(`proxyFix: ${name} must be a non-negative integer, got ${String(n)}`)
    }
  }
  return counts
}

interface Counted {
  readonly value?: string
  /** Why this value, or why none. */
  readonly why: string
}

/** `_get_real_value`, with the reason for the trace. */
function countedValue(
  environ: Environ,
  counts: ProxyFixCounts,
  option: keyof ProxyFixCounts
): Counted {
  const trusted = counts[option]
  const flag = `${PROXY_FIX_FLAGS[option]}=${trusted}`
  const [name, key] = HEADERS[option]
  const header = environText(environ, key)
  if (!trusted) return { why: `${flag}: ${name} is not trusted` }
  if (!header) return { why: `${flag}, but the request has no ${name}` }
  const values = parseListHeader(header)
  if (values.length < trusted) {
    return {
      why: `${flag}, but ${name} has ${values.length} value${values.length === 1 ? '' : 's'}: fewer than the trusted hops, so it is ignored (fail closed)`,
    }
  }
  const value = values[values.length - trusted] as string
  if (!value) return { why: `${flag}: the chosen ${name} value is empty, so it is ignored` }
  return {
    value,
    why: `${flag}: the ${ordinal(trusted)} ${name} value from the right (of ${values.length}), copied verbatim`,
  }
}

/** Decide what `ProxyFix(x_for, x_proto, x_host, x_port, x_prefix)` does to `environ`. */
export function decideProxyFix(environ: Environ, counts: ProxyFixCounts): Outcome {
  const rw = new Rewriter(environ)
  const why = new Map<RewritableKey, string>()
  const forValue = countedValue(environ, counts, 'xFor')
  if (forValue.value) rw.set('REMOTE_ADDR', forValue.value, 'X-Forwarded-For', forValue.why)
  why.set('REMOTE_ADDR', forValue.why)

  const proto = countedValue(environ, counts, 'xProto')
  if (proto.value) rw.set('wsgi.url_scheme', proto.value, 'X-Forwarded-Proto', proto.why)
  why.set('wsgi.url_scheme', proto.why)

  const host = countedValue(environ, counts, 'xHost')
  if (host.value) {
    const value = host.value
    rw.set('HTTP_HOST', value, 'X-Forwarded-Host', host.why)
    // "]" to check for IPv6 address without port
    if (value.includes(':') && !value.endsWith(']')) {
      const colon = value.lastIndexOf(':')
      rw.set('SERVER_NAME', value.slice(0, colon), 'X-Forwarded-Host', `${host.why}; the host part`)
      rw.set(
        'SERVER_PORT',
        value.slice(colon + 1),
        'X-Forwarded-Host',
        `${host.why}; the port part`
      )
    } else {
      rw.set('SERVER_NAME', value, 'X-Forwarded-Host', host.why)
    }
  }
  for (const key of ['HTTP_HOST', 'SERVER_NAME'] as const) why.set(key, host.why)

  const port = countedValue(environ, counts, 'xPort')
  if (port.value) {
    let current = rw.get('HTTP_HOST')
    if (current) {
      if (current.includes(':') && !current.endsWith(']')) {
        current = current.slice(0, current.lastIndexOf(':'))
      }
      rw.set(
        'HTTP_HOST',
        `${current}:${port.value}`,
        'X-Forwarded-Port',
        `${port.why}, replacing the port of HTTP_HOST`
      )
    }
    rw.set('SERVER_PORT', port.value, 'X-Forwarded-Port', port.why)
  }
  why.set('SERVER_PORT', counts.xHost ? `${host.why}; ${port.why}` : port.why)

  const prefix = countedValue(environ, counts, 'xPrefix')
  if (prefix.value) rw.set('SCRIPT_NAME', prefix.value, 'X-Forwarded-Prefix', prefix.why)
  why.set('SCRIPT_NAME', prefix.why)

  return {
    hops: proxyFixHops(environ, counts.xFor),
    decisions: rw.decisions((key) => why.get(key) ?? 'not rewritten'),
  }
}

/** The chain as ProxyFix sees it: positions, not addresses. */
function proxyFixHops(environ: Environ, xFor: number): Hop[] {
  const values = parseListHeader(environText(environ, 'HTTP_X_FORWARDED_FOR') ?? '')
  const peer = environText(environ, 'REMOTE_ADDR') ?? ''
  const used = xFor > 0 && values.length >= xFor
  const hops: Hop[] = values.map((address, index) => {
    const fromRight = values.length - index
    const role = !used || fromRight > xFor ? 'ignored' : fromRight === xFor ? 'client' : 'proxy'
    return {
      address,
      source: 'X-Forwarded-For',
      index,
      ...ipOf(address),
      trusted: role !== 'ignored',
      role,
      reason:
        role === 'client'
          ? `x_for=${xFor}: the ${ordinal(xFor)} value from the right is the client`
          : role === 'proxy'
            ? `x_for=${xFor}: one of the values your proxies appended`
            : !used
              ? xFor === 0
                ? 'x_for=0: X-Forwarded-For is not trusted'
                : `x_for=${xFor}, but only ${values.length} value${values.length === 1 ? '' : 's'}: the header is ignored (fail closed)`
              : `left of the ${xFor} trusted value${xFor === 1 ? '' : 's'}: the client, or a proxy you did not count, wrote it`,
    }
  })
  hops.push({
    address: peer,
    source: 'socket',
    ...ipOf(peer),
    trusted: used,
    role: used ? 'proxy' : 'client',
    reason: used
      ? 'the socket peer: ProxyFix never checks it, it assumes every request comes through your proxies'
      : 'the socket peer: REMOTE_ADDR stays the address that opened the connection',
  })
  return hops
}

function ipOf(text: string): { ip: string | null; port?: string } {
  const hop = parseHopAddress(text)
  if (!hop.isIp) return { ip: null }
  return hop.port === undefined ? { ip: hop.address } : { ip: hop.address, port: hop.port }
}
