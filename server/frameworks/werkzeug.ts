/**
 * @module
 * What Werkzeug 3.1.8 computes from an environ: the request's scheme, host and URLs
 * (`werkzeug.sansio.request.Request`), and the URL adapter Flask builds `url_for` with
 * (`werkzeug.routing.Map.bind_to_environ`, `Map.bind`, `MapAdapter.build`).
 *
 * Modelled functions (Werkzeug 3.1.8): `sansio.utils.host_is_trusted`, `sansio.utils.get_host`
 * (3.1.7 validates the host's characters, 3.1.8 answers "" again for an invalid one),
 * `sansio.utils.get_current_url`, `urls.uri_to_iri`, `urls._make_unquote_part`,
 * `_internal._decode_idna`, `wsgi._get_server`, `wrappers.request.Request.__init__`.
 */
import type { EnvironView } from './py/environ.ts'
import { PyError } from './py/errors.ts'
import { decodeIdna, encodeIdnaAscii } from './py/idna.ts'
import { reprStr, reprStrList } from './py/repr.ts'
import { latin1Bytes, pyInt, pyLstrip, pyRstrip, wsgiDecodingDance } from './py/text.ts'
import {
  hostnameOf,
  passwordOf,
  portOf,
  quote,
  unquote,
  urlsplit,
  urlunsplit,
  usernameOf,
} from './py/urllib.ts'
import type { Why } from './trace.ts'

/** `_host_re`: a domain or IPv4 address, or a bracketed IPv6 address, and a port. */
const HOST_RE = /^(?:[a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::[0-9]+)?$/i

/** `(SERVER_NAME, int(SERVER_PORT))`, the port None when it is not a number (a Unix socket). */
export type Server = readonly [name: string, port: number | null] | null

/** `werkzeug.wsgi._get_server(environ)`. */
export function getServer(environ: EnvironView, why: Why): Server {
  const name = environ.get('SERVER_NAME')
  if (name === null) {
    why.add('SERVER_NAME is missing: no server address to fall back on')
    return null
  }
  const portText = environ.get('SERVER_PORT')
  let port: number | null = null
  try {
    if (portText !== null) port = pyInt(portText)
  } catch (error) {
    if (!(error instanceof PyError)) throw error
  }
  return [name, port]
}

/** `host_is_trusted(hostname, trusted_list)`: valid characters, and a match when a list is given. */
export function hostIsTrusted(hostname: string, trustedList: readonly string[] | null): boolean {
  if (!hostname || !HOST_RE.test(hostname)) return false
  const name = hostname.split(':')[0] as string
  if (!trustedList || trustedList.length === 0) return true
  for (let ref of trustedList) {
    const suffix = ref.startsWith('.')
    if (suffix) ref = ref.slice(1)
    try {
      ref = encodeIdnaAscii(ref.split(':')[0] as string)
    } catch (error) {
      if (error instanceof PyError) return false
      throw error
    }
    if (ref === name || (suffix && name.endsWith(`.${ref}`))) return true
  }
  return false
}

/**
 * `get_host(scheme, host_header, server, trusted_hosts)`: the Host header, else the server
 * address; the scheme's default port dropped; "" when invalid. Raises `SecurityError` when
 * a trusted list is given and the host is not on it.
 */
export function getHost(
  scheme: string,
  hostHeader: string | null,
  server: Server,
  trustedHosts: readonly string[] | null,
  why: Why
): string {
  let host: string
  if (hostHeader !== null) {
    host = hostHeader
  } else if (server !== null && server[1] !== null) {
    host = server[0]
    if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`
    host = `${host}:${server[1]}`
    why.add(`no Host header: the host is SERVER_NAME:SERVER_PORT, ${reprStr(host)}`)
  } else {
    why.add('no Host header and no usable SERVER_NAME/SERVER_PORT: the host is empty')
    return ''
  }
  const defaultPort =
    scheme === 'http' || scheme === 'ws'
      ? ':80'
      : scheme === 'https' || scheme === 'wss'
        ? ':443'
        : ''
  if (defaultPort && host.endsWith(defaultPort)) {
    host = host.slice(0, -defaultPort.length)
    why.add(`the default port ${defaultPort} of scheme ${reprStr(scheme)} is dropped`)
  }
  if (!hostIsTrusted(host, trustedHosts)) {
    if (trustedHosts && trustedHosts.length > 0) {
      why.add(
        `TRUSTED_HOSTS = ${reprStrList(trustedHosts)} does not match ${reprStr(host)} (its host part is compared as written, case-sensitive)`
      )
      throw new PyError('SecurityError', `400 Bad Request: Host ${reprStr(host)} is not trusted.`)
    }
    why.add(
      `${reprStr(host)} is not a valid host (letters, digits, '.', '-', a bracketed IPv6 address, a port): Werkzeug ≥ 3.1.7 treats it as empty`
    )
    return ''
  }
  if (trustedHosts && trustedHosts.length > 0) {
    why.add(`TRUSTED_HOSTS = ${reprStrList(trustedHosts)} accepts ${reprStr(host)}`)
  }
  return host
}

/** The Request's view of an environ, as `werkzeug.wrappers.Request.__init__` takes it. */
export interface WerkzeugRequest {
  /** `environ.get('wsgi.url_scheme', 'http')`. */
  readonly scheme: string
  readonly server: Server
  /** `_wsgi_decoding_dance(SCRIPT_NAME).rstrip('/')`. */
  readonly rootPath: string
  /** `'/' + _wsgi_decoding_dance(PATH_INFO).lstrip('/')`. */
  readonly path: string
  /** `QUERY_STRING.encode('latin1')`. */
  readonly queryString: Uint8Array
  /** `environ.get('HTTP_HOST')`. */
  readonly hostHeader: string | null
  readonly remoteAddr: string | null
}

/** Read the environ as Werkzeug's `Request(environ)` does. */
export function readRequest(environ: EnvironView, why: Why): WerkzeugRequest {
  return {
    scheme: environ.get('wsgi.url_scheme') ?? 'http',
    server: getServer(environ, why),
    rootPath: pyRstrip(wsgiDecodingDance(environ.get('SCRIPT_NAME') ?? ''), '/'),
    path: `/${pyLstrip(wsgiDecodingDance(environ.get('PATH_INFO') ?? ''), '/')}`,
    queryString: latin1Bytes(environ.get('QUERY_STRING') ?? ''),
    hostHeader: environ.get('HTTP_HOST'),
    remoteAddr: environ.get('REMOTE_ADDR'),
  }
}

const PATH_SAFE = "!$&'()*+,/:;=@%"
const QUERY_SAFE = "!$&'()*+,/:;=?@%"

/** `get_current_url(scheme, host, root_path, path, query_string)`: an IRI. */
export function getCurrentUrl(
  scheme: string,
  host: string,
  rootPath?: string,
  path?: string,
  queryString?: Uint8Array
): string {
  let url = `${scheme}://${host}`
  if (rootPath === undefined) return uriToIri(`${url}/`)
  url += `${quote(pyRstrip(rootPath, '/'), PATH_SAFE)}/`
  if (path === undefined) return uriToIri(url)
  url += quote(pyLstrip(path, '/'), PATH_SAFE)
  if (queryString && queryString.length > 0) url += `?${quote(queryString, QUERY_SAFE)}`
  return uriToIri(url)
}

/** `werkzeug.url_quote`, the error handler: invalid UTF-8 bytes stay percent-encoded. */
const requote = (bytes: Uint8Array) => quote(bytes, '')

/** `_make_unquote_part(name, chars)`: unquote all but the escapes of `chars`. */
function unquotePart(chars: string): (value: string) => string {
  const choices = [...chars]
    .map((ch) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
    .join('|')
  const pattern = new RegExp(`((?:%(?:${choices}))+)`, 'i')
  return (value) =>
    value
      .split(pattern)
      .map((part, i) => (i % 2 === 0 ? unquote(part, requote) : part))
      .join('')
}

/** Controls, space and `%` stay quoted in every part (`_always_unsafe`). */
const ALWAYS_UNSAFE = `${Array.from({ length: 0x21 }, (_, i) => String.fromCharCode(i)).join('')}%\x7f`
const unquotePath = unquotePart(`${ALWAYS_UNSAFE}/?#`)
const unquoteQuery = unquotePart(`${ALWAYS_UNSAFE}&=+#`)
const unquoteFragment = unquotePart(ALWAYS_UNSAFE)
const unquoteUser = unquotePart(`${ALWAYS_UNSAFE}:@/?#`)

/**
 * `uri_to_iri(uri)`: unquote what is safe to show, decode `xn--` host labels. An `xn--` label
 * that does not decode raises `UnicodeError` on CPython 3.11–3.13, whose idna codec raises
 * that rather than the `UnicodeDecodeError` `_decode_idna` catches.
 */
export function uriToIri(uri: string): string {
  const parts = urlsplit(uri)
  const path = unquotePath(parts.path)
  const query = unquoteQuery(parts.query)
  const fragment = unquoteFragment(parts.fragment)
  const hostname = hostnameOf(parts)
  let netloc = hostname ? decodeIdna(hostname) : ''
  if (netloc.includes(':')) netloc = `[${netloc}]`
  const port = portOf(parts)
  if (port) netloc = `${netloc}:${port}`
  const username = usernameOf(parts)
  if (username) {
    let auth = unquoteUser(username)
    const password = passwordOf(parts)
    if (password) auth = `${auth}:${unquoteUser(password)}`
    netloc = `${auth}@${netloc}`
  }
  return urlunsplit({ scheme: parts.scheme, netloc, path, query, fragment })
}
