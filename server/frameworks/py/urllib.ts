/**
 * @module
 * The parts of CPython's `urllib.parse` that Werkzeug, Django and Starlette build URLs with:
 * `quote`, `unquote`, `urlsplit` (with `hostname` and `port`), `urlunsplit` and `urljoin`.
 *
 * Modelled on CPython's `Lib/urllib/parse.py` as released (3.11 with its security fixes, as
 * Debian ships it, to 3.14): `_urlsplit` with `_check_bracketed_host` and `_checknetloc`,
 * `_urlunsplit`, `urljoin` over `urlparse` (params set aside; CPython's main branch has
 * dropped that), `_unquote_impl`, `_generate_unquoted_parts`. tests/unit/frameworks/
 * py-differential.test.ts checks them against /usr/bin/python3.
 */
import ipaddr from 'ipaddr.js'
import { RequestRejected } from '../../gateway/errors.ts'
import { urlsplit as splitTarget } from '../../gateway/target.ts'
import { valueError } from './errors.ts'
import { type DecodeErrors, latin1Bytes, utf8Decode, utf8Encode } from './text.ts'

const ALWAYS_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~'

/**
 * `urllib.parse.quote(value, safe)`. Text is encoded as UTF-8 first; every byte that is not
 * always-safe or in `safe` (ASCII only counts) becomes `%XX` in upper case.
 */
export function quote(value: string | Uint8Array, safe = '/'): string {
  const bytes = typeof value === 'string' ? utf8Encode(value) : value
  const keep = new Set(ALWAYS_SAFE + [...safe].filter((ch) => ch < '\x80').join(''))
  let out = ''
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte)
    out += keep.has(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  const lower = code | 0x20
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10
  return -1
}

/** `unquote_to_bytes(ascii)`: `%XX` with two hex digits becomes a byte; anything else stays. */
function unquoteToBytes(ascii: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < ascii.length; i++) {
    const code = ascii.charCodeAt(i)
    if (code === 0x25 && i + 2 < ascii.length) {
      const hi = hexDigit(ascii.charCodeAt(i + 1))
      const lo = hexDigit(ascii.charCodeAt(i + 2))
      if (hi >= 0 && lo >= 0) {
        out.push(hi * 16 + lo)
        i += 2
        continue
      }
    }
    out.push(code)
  }
  return Uint8Array.from(out)
}

/**
 * `urllib.parse.unquote(text, 'utf-8', errors)`: runs of ASCII are unquoted and decoded,
 * other characters pass through unchanged.
 */
export function unquote(text: string, errors: DecodeErrors = 'replace'): string {
  if (!text.includes('%')) return text
  return text.replace(/[\x00-\x7f]+/g, (run) => utf8Decode(unquoteToBytes(run), errors))
}

/** `unquote_to_bytes(data)` for bytes given as a latin-1 string. */
export function unquoteBytes(latin1: string): Uint8Array {
  return unquoteToBytes(latin1)
}

/** The parts of a URL, as `urlsplit()`'s `SplitResult` holds them. */
export interface SplitResult {
  readonly scheme: string
  readonly netloc: string
  readonly path: string
  readonly query: string
  readonly fragment: string
}

const C0_OR_SPACE = /^[\x00-\x20]+/

/**
 * `urllib.parse.urlsplit(url)`. Throws `ValueError` where CPython does. The split itself is
 * the gateway's (it splits request-targets the same way); here come the steps a target
 * never needs: C0 and tab/CR/LF stripping, and the checks of the netloc.
 */
export function urlsplit(input: string): SplitResult {
  const url = input.replace(C0_OR_SPACE, '').replace(/[\t\r\n]/g, '')
  let parts: SplitResult
  try {
    parts = splitTarget(url)
  } catch (error) {
    if (error instanceof RequestRejected) throw valueError(error.message)
    throw error
  }
  const { netloc } = parts
  if (netloc.includes('[')) {
    const afterOpen = netloc.slice(netloc.indexOf('[') + 1)
    const close = afterOpen.indexOf(']')
    checkBracketedHost(close === -1 ? afterOpen : afterOpen.slice(0, close))
  }
  checkNetloc(netloc)
  return parts
}

/** `_check_bracketed_host`: an IPv6 address (or IPvFuture) and nothing else. */
function checkBracketedHost(hostname: string): void {
  if (hostname.startsWith('v')) {
    if (!/^v[a-fA-F0-9]+\..+$/s.test(hostname)) throw valueError('IPvFuture address is invalid')
    return
  }
  if (isPythonIpv4(hostname)) throw valueError('An IPv4 address cannot be in brackets')
  if (!isPythonIpv6(hostname)) {
    throw valueError(`'${hostname}' does not appear to be an IPv4 or IPv6 address`)
  }
}

/** `ipaddress.IPv4Address(text)` accepts it: four decimal octets, no leading zeros. */
function isPythonIpv4(text: string): boolean {
  const parts = text.split('.')
  return (
    parts.length === 4 &&
    parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)
  )
}

/** `ipaddress.IPv6Address(text)` accepts it, a `%zone` included. */
function isPythonIpv6(text: string): boolean {
  const [address = '', ...zone] = text.split('%')
  if (zone.length > 1 || zone[0] === '') return false
  if (!/^[0-9A-Fa-f:.]+$/.test(address)) return false
  return ipaddr.IPv6.isValid(address)
}

/** `_checknetloc`: a non-ASCII netloc must not turn into URL syntax under NFKC. */
function checkNetloc(netloc: string): void {
  if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return
  const n = netloc.replace(/[@:#?]/g, '')
  const normalized = n.normalize('NFKC')
  if (n === normalized) return
  if (/[/?#@:]/.test(normalized)) {
    throw valueError(`netloc '${netloc}' contains invalid characters under NFKC normalization`)
  }
}

/** The `(hostname, port)` text of a netloc, as `_hostinfo` splits it. */
function hostinfo(netloc: string): { hostname: string; port: string | null } {
  const hostinfo = netloc.slice(netloc.lastIndexOf('@') + 1)
  const open = hostinfo.indexOf('[')
  let hostname: string
  let port: string
  if (open !== -1) {
    const bracketed = hostinfo.slice(open + 1)
    const close = bracketed.indexOf(']')
    hostname = close === -1 ? bracketed : bracketed.slice(0, close)
    const rest = close === -1 ? '' : bracketed.slice(close + 1)
    const portColon = rest.indexOf(':')
    port = portColon === -1 ? '' : rest.slice(portColon + 1)
  } else {
    const colon = hostinfo.indexOf(':')
    hostname = colon === -1 ? hostinfo : hostinfo.slice(0, colon)
    port = colon === -1 ? '' : hostinfo.slice(colon + 1)
  }
  return { hostname, port: port === '' ? null : port }
}

/** `SplitResult.hostname`: lower-cased (the zone of a scoped IPv6 address kept), or null. */
export function hostnameOf(parts: SplitResult): string | null {
  const { hostname } = hostinfo(parts.netloc)
  if (!hostname) return null
  const percent = hostname.indexOf('%')
  if (percent === -1) return hostname.toLowerCase()
  return hostname.slice(0, percent).toLowerCase() + hostname.slice(percent)
}

/** `SplitResult.port`: an int, null when absent; `ValueError` when not a port. */
export function portOf(parts: SplitResult): number | null {
  const { port } = hostinfo(parts.netloc)
  if (port === null) return null
  if (!/^[0-9]+$/.test(port)) {
    throw valueError(`Port could not be cast to integer value as '${port}'`)
  }
  const number = Number(port)
  if (number > 65535) throw valueError('Port out of range 0-65535')
  return number
}

/** `SplitResult.username`, or null. */
export function usernameOf(parts: SplitResult): string | null {
  const at = parts.netloc.lastIndexOf('@')
  if (at === -1) return null
  const userinfo = parts.netloc.slice(0, at)
  const colon = userinfo.indexOf(':')
  return colon === -1 ? userinfo : userinfo.slice(0, colon)
}

/** `SplitResult.password`, or null. */
export function passwordOf(parts: SplitResult): string | null {
  const at = parts.netloc.lastIndexOf('@')
  if (at === -1) return null
  const userinfo = parts.netloc.slice(0, at)
  const colon = userinfo.indexOf(':')
  return colon === -1 ? null : userinfo.slice(colon + 1)
}

/** Schemes `urlunsplit` writes `//` for even with an empty netloc (`uses_netloc`). */
const USES_NETLOC = new Set([
  '',
  'ftp',
  'http',
  'gopher',
  'nntp',
  'telnet',
  'imap',
  'wais',
  'file',
  'mms',
  'https',
  'shttp',
  'snews',
  'prospero',
  'rtsp',
  'rtsps',
  'rtspu',
  'rsync',
  'svn',
  'svn+ssh',
  'sftp',
  'nfs',
  'git',
  'git+ssh',
  'ws',
  'wss',
  'itms-services',
])

/** Schemes `urljoin` resolves relative references for (`uses_relative`). */
const USES_RELATIVE = new Set([
  '',
  'ftp',
  'http',
  'gopher',
  'nntp',
  'imap',
  'wais',
  'file',
  'https',
  'shttp',
  'mms',
  'prospero',
  'rtsp',
  'rtsps',
  'rtspu',
  'sftp',
  'svn',
  'svn+ssh',
  'ws',
  'wss',
])

/** `urllib.parse.urlunsplit(parts)`. */
export function urlunsplit(parts: SplitResult): string {
  const { scheme, query, fragment } = parts
  let url = parts.path
  let netloc: string | null = parts.netloc
  if (!netloc) {
    netloc = scheme && USES_NETLOC.has(scheme) && (!url || url.startsWith('/')) ? '' : null
  }
  if (netloc !== null) {
    if (url && !url.startsWith('/')) url = `/${url}`
    url = `//${netloc}${url}`
  } else if (url.startsWith('//')) {
    url = `//${url}`
  }
  if (scheme) url = `${scheme}:${url}`
  if (query) url = `${url}?${query}`
  if (fragment) url = `${url}#${fragment}`
  return url
}

/** Schemes whose last path segment `urlparse` splits `;params` from (`uses_params`). */
const USES_PARAMS = new Set([
  '',
  'ftp',
  'hdl',
  'prospero',
  'http',
  'imap',
  'https',
  'shttp',
  'rtsp',
  'rtsps',
  'rtspu',
  'sip',
  'sips',
  'mms',
  'sftp',
  'tel',
])

interface ParseResult extends SplitResult {
  readonly params: string
}

/** `urlparse(url, scheme)`: `urlsplit` plus the `;params` of the last path segment. */
function urlparse(url: string, defaultScheme: string): ParseResult {
  const parts = urlsplit(url)
  const scheme = parts.scheme || defaultScheme
  let path = parts.path
  let params = ''
  if (USES_PARAMS.has(scheme) && path.includes(';')) {
    const at = path.includes('/') ? path.indexOf(';', path.lastIndexOf('/')) : path.indexOf(';')
    if (at >= 0) {
      params = path.slice(at + 1)
      path = path.slice(0, at)
    }
  }
  return { ...parts, scheme, path, params }
}

/** `urlunparse(parts)`. */
function urlunparse(parts: ParseResult): string {
  return urlunsplit({ ...parts, path: parts.params ? `${parts.path};${parts.params}` : parts.path })
}

/**
 * `urllib.parse.urljoin(base, url)`, RFC 3986 dot segments included; the `;params` of the
 * last segment are set aside while the path is resolved, as CPython up to 3.14 does.
 */
export function urljoin(base: string, url: string): string {
  if (!base) return url
  if (!url) return base
  const b = urlparse(base, '')
  const u = urlparse(url, b.scheme)
  if (u.scheme !== b.scheme || !USES_RELATIVE.has(u.scheme)) return url
  let netloc = u.netloc
  if (USES_NETLOC.has(u.scheme)) {
    if (netloc) return urlunparse(u)
    netloc = b.netloc
  }
  if (!u.path && !u.params) {
    return urlunparse({ ...u, netloc, path: b.path, params: b.params, query: u.query || b.query })
  }
  const baseParts = b.path.split('/')
  if (baseParts[baseParts.length - 1] !== '') baseParts.pop()
  let segments: string[]
  if (u.path.startsWith('/')) segments = u.path.split('/')
  else {
    segments = [...baseParts, ...u.path.split('/')]
    segments = [
      segments[0] as string,
      ...segments.slice(1, -1).filter(Boolean),
      ...segments.slice(-1),
    ]
  }
  const resolved: string[] = []
  for (const segment of segments) {
    if (segment === '..') resolved.pop()
    else if (segment !== '.') resolved.push(segment)
  }
  const last = segments[segments.length - 1]
  if (last === '.' || last === '..') resolved.push('')
  return urlunparse({ ...u, netloc, path: resolved.join('/') || '/' })
}

/** `quote()` of a latin-1 "native string" taken as raw bytes (`QUERY_STRING.encode('latin1')`). */
export function quoteLatin1Bytes(latin1: string, safe: string): string {
  return quote(latin1Bytes(latin1), safe)
}
