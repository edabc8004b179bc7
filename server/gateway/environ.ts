/**
 * @module
 * Build a PEP 3333 environ from a raw request, as the chosen server profile would.
 *
 * Three layers, as in wsgiref: per-server constants are computed once by
 * `prepareEnvironBuilder` (SERVER_NAME, the copied OS environment, stream objects); each
 * request adds its CGI keys and headers; the `wsgi.*` keys come last or first, wherever the
 * profile's key order puts them. Everything is read from the raw request (Node's
 * `rawHeaders`, the raw target) and never from a framework's normalised view.
 */
import { RequestRejected } from './errors.ts'
import { PROFILES, type ProfileId, type ServerProfile } from './profiles.ts'
import { BytesInput, makeErrorStream } from './streams.ts'
import {
  collapseLeadingSlashes,
  latin1String,
  splitAtQuestionMark,
  splitGunicorn,
  unquoteLatin1,
  unquoteWerkzeug,
  urlsplit,
} from './target.ts'
import type { Environ, EnvironValue, ErrorStream, PyObject, PyTuple } from './types.ts'

/** What the transport knows about one request. Strings are latin-1: one char per byte. */
export interface RequestFacts {
  readonly method: string
  /** The request-target exactly as sent (`/a%20b?x=1`, `*`, `http://h/p`, `h:443`). */
  readonly target: string
  /** `1.1`, `1.0`, `0.9`, as the request line said. */
  readonly httpVersion: string
  /** Header names and values in wire order, flat: [name, value, name, value, …]. */
  readonly rawHeaders: readonly string[]
  readonly remoteAddress: string
  readonly remotePort: number
  readonly localAddress: string
  readonly localPort: number
  /** The accepted socket's file descriptor, when the platform exposes it. */
  readonly socketFd?: number
  /** The request body, already de-chunked by the transport. */
  readonly body: Uint8Array
}

/** What the server knows about itself: fixed for its lifetime. */
export interface ServerFacts {
  /** The address the server is bound to, as gunicorn and Werkzeug report it. */
  readonly bindAddress: string
  /** `socket.getfqdn(bind host)`, as wsgiref reports it (`localhost` for 127.0.0.1). */
  readonly fqdn: string
  readonly port: number
  /** Where the app is mounted (`''` at the root, `/app`). */
  readonly scriptName: string
  /** The OS environment to copy in, wsgiref style. Only ever set when the user opts in. */
  readonly osEnviron?: Readonly<Record<string, string>>
  /** Where `wsgi.errors` writes. Defaults to nowhere. */
  readonly log?: (text: string) => void
}

/** A function from a request to its environ, with the server's constants baked in. */
export type EnvironBuilder = (request: RequestFacts) => Environ

const WSGI_VERSION: PyTuple = { pyTuple: [1, 0] }

// wsgiref's get_environ() sets these before it loops over headers; a header that maps to
// one of them is skipped by `if k in env: continue` (spec §3.14).
const WSGIREF_REQUEST_KEYS = new Set([
  'SERVER_NAME',
  'GATEWAY_INTERFACE',
  'SERVER_PORT',
  'REMOTE_HOST',
  'CONTENT_LENGTH',
  'SCRIPT_NAME',
  'SERVER_PROTOCOL',
  'SERVER_SOFTWARE',
  'REQUEST_METHOD',
  'PATH_INFO',
  'QUERY_STRING',
  'REMOTE_ADDR',
  'CONTENT_TYPE',
])

// wsgiref's read_environ() re-encodes these OS variables to latin-1 "bytes as text".
const TRANSCODED_OS_KEYS = new Set([
  'SCRIPT_NAME',
  'PATH_INFO',
  'QUERY_STRING',
  'REQUEST_METHOD',
  'AUTH_TYPE',
  'CONTENT_TYPE',
  'CONTENT_LENGTH',
  'HTTPS',
  'REMOTE_USER',
  'REMOTE_IDENT',
])

/** Build one request's environ. Prefer `prepareEnvironBuilder` when serving many. */
export function buildEnviron(
  request: RequestFacts,
  server: ServerFacts,
  profile: ProfileId | ServerProfile = 'wsgiref'
): Environ {
  return prepareEnvironBuilder(server, profile)(request)
}

/**
 * Compute everything that does not depend on the request once, and return the per-request
 * builder. Throws `RequestRejected` from the builder when the profile's server would refuse
 * the request (a 4xx/5xx it would send instead of calling the app).
 */
export function prepareEnvironBuilder(
  server: ServerFacts,
  profileOrId: ProfileId | ServerProfile = 'wsgiref'
): EnvironBuilder {
  const profile = typeof profileOrId === 'string' ? PROFILES[profileOrId] : profileOrId
  const osEnviron = server.osEnviron ? transcodeOsEnviron(server.osEnviron) : undefined
  const errors: ErrorStream = makeErrorStream(profile.reprs.errors, server.log ?? (() => {}))
  const https = osEnviron?.HTTPS
  const constants: Readonly<Record<string, EnvironValue>> = {
    SERVER_NAME: profile.serverName === 'fqdn' ? server.fqdn : server.bindAddress,
    SERVER_PORT: String(server.port),
    SERVER_SOFTWARE: profile.serverSoftware,
    GATEWAY_INTERFACE: 'CGI/1.1',
    REMOTE_HOST: '',
    // wsgiref.util.guess_scheme: only the (copied) OS environment can make it https
    'wsgi.url_scheme': https === 'yes' || https === 'on' || https === '1' ? 'https' : 'http',
    'wsgi.version': WSGI_VERSION,
    'wsgi.errors': errors,
    'wsgi.multithread': false,
    'wsgi.multiprocess': false,
    'wsgi.run_once': false,
    ...(profile.reprs.fileWrapper
      ? { 'wsgi.file_wrapper': pyObject(profile.reprs.fileWrapper) }
      : {}),
    ...(profile.reprs.earlyHints ? { 'wsgi.early_hints': pyObject(profile.reprs.earlyHints) } : {}),
  }
  const mount = server.scriptName

  return function buildProfileEnviron(request) {
    checkRequestLine(request, profile)
    const { method } = request
    const target = profile.target.collapseLeadingSlashes
      ? collapseLeadingSlashes(request.target)
      : request.target
    const parts = splitTarget(target, profile)
    let pathInfo =
      profile.target.unquote === 'werkzeug'
        ? unquoteWerkzeug(parts.path)
        : unquoteLatin1(parts.path)
    let scriptName = ''
    if (mount) {
      if (pathInfo !== mount && !pathInfo.startsWith(`${mount}/`)) {
        throw new RequestRejected(404, `${pathInfo || target} is outside the mount point ${mount}`)
      }
      scriptName = mount
      pathInfo = pathInfo.slice(mount.length)
    }
    const chunked = isChunked(request.rawHeaders)
    if (chunked && profile.chunkedNeedsHttp11 && request.httpVersion !== '1.1') {
      throw new RequestRejected(400, 'Transfer-Encoding: chunked is not allowed in HTTP/1.0')
    }
    const values: Record<string, EnvironValue | undefined> = {
      REQUEST_METHOD: method,
      SCRIPT_NAME: scriptName,
      PATH_INFO: pathInfo,
      QUERY_STRING: parts.query,
      SERVER_PROTOCOL: `HTTP/${request.httpVersion}`,
      REMOTE_ADDR: request.remoteAddress,
      REMOTE_PORT:
        profile.remotePortType === 'int' ? request.remotePort : String(request.remotePort),
      RAW_URI: profile.target.split === 'urlsplit-gunicorn' ? request.target : target,
      REQUEST_URI: target,
      'wsgi.input': new BytesInput(request.body, inputRepr(profile, request, chunked)),
      'wsgi.input_terminated': profile.inputTerminated === 'always' || chunked ? true : undefined,
      ...(profile.socketKey ? { [profile.socketKey]: socketRepr(request) } : undefined),
    }
    if (profile.contentDefaults) {
      values.CONTENT_TYPE =
        firstHeader(request.rawHeaders, 'content-type') ?? profile.contentDefaults.CONTENT_TYPE
      values.CONTENT_LENGTH =
        firstHeader(request.rawHeaders, 'content-length') || profile.contentDefaults.CONTENT_LENGTH
    }

    const environ: Environ = {}
    for (const key of profile.order) {
      if (key === '@os') {
        if (osEnviron) Object.assign(environ, osEnviron)
      } else if (key === '@headers') {
        addHeaders(environ, request.rawHeaders, profile)
      } else {
        const value = key in values ? values[key] : constants[key]
        if (value !== undefined) environ[key] = value
      }
    }
    if (profile.target.absoluteFormSetsHost && parts.scheme && parts.netloc) {
      // Werkzeug: "Per RFC 2616, if the URL is absolute, use that as the host" (§3.6)
      environ.HTTP_HOST = parts.netloc
    }
    return environ
  }
}

function pyObject(pyRepr: string): PyObject {
  return { pyRepr }
}

function checkRequestLine(request: RequestFacts, profile: ServerProfile): void {
  const [major = 0, minor = 0] = request.httpVersion.split('.').map(Number)
  const version = major * 10 + minor
  const { min, below, status } = profile.versions
  if (version < min || version >= below) {
    throw new RequestRejected(status, `Invalid HTTP version (${request.httpVersion})`)
  }
  if (
    profile.target.asteriskOnlyWithOptions &&
    request.target === '*' &&
    request.method !== 'OPTIONS'
  ) {
    throw new RequestRejected(400, `Invalid request target: * is only allowed with OPTIONS`)
  }
  if (request.rawHeaders.length / 2 > profile.headers.maxFields) {
    throw new RequestRejected(431, 'Too many headers')
  }
  if (profile.rejectUnknownExpectation) {
    const expect = firstHeader(request.rawHeaders, 'expect')
    if (expect !== undefined && expect.toLowerCase() !== '100-continue') {
      throw new RequestRejected(417, `Unknown expectation: ${expect}`)
    }
  }
}

function splitTarget(
  target: string,
  profile: ServerProfile
): { scheme: string; netloc: string; path: string; query: string } {
  switch (profile.target.split) {
    case 'question-mark':
      return { scheme: '', netloc: '', ...splitAtQuestionMark(target) }
    case 'urlsplit':
      return urlsplit(target)
    case 'urlsplit-gunicorn':
      return splitGunicorn(target)
  }
}

/**
 * Map each header to its environ key in wire order and join repeats with `,` (spec §3.14–3.16).
 *
 * Content-Type and Content-Length take their CGI names. The profile decides whether names
 * with `_` are dropped and whether wsgiref's "skip keys that already exist" rule applies.
 */
function addHeaders(environ: Environ, rawHeaders: readonly string[], profile: ServerProfile): void {
  const { underscore, skipExistingKeys, singletons } = profile.headers
  // keys this loop set, so copied OS variables never count as "already there"
  const seen = new Set<string>()
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    const value = rawHeaders[i + 1] as string
    if (underscore === 'drop' && name.includes('_')) continue // X_Forwarded_For must not pose as X-Forwarded-For
    const upper = name.toUpperCase().replaceAll('-', '_')
    if (skipExistingKeys && (WSGIREF_REQUEST_KEYS.has(upper) || seen.has(upper))) continue
    const isContent = upper === 'CONTENT_TYPE' || upper === 'CONTENT_LENGTH'
    const key = isContent ? upper : `HTTP_${upper}`
    if (seen.has(key)) {
      if (singletons.includes(upper)) throw new RequestRejected(400, `Duplicate header: ${name}`)
      environ[key] = isContent ? value : `${environ[key] as string},${value}` // comma-separate repeats
    } else {
      environ[key] = value
      seen.add(key)
    }
  }
}

/** The first value of a header, by case-insensitive exact name (`Content_Type` does not count). */
function firstHeader(rawHeaders: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === lowerName) return rawHeaders[i + 1]
  }
  return undefined
}

function isChunked(rawHeaders: readonly string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() !== 'transfer-encoding') continue
    const codings = (rawHeaders[i + 1] as string).toLowerCase().split(',')
    if (codings.some((coding) => coding.trim() === 'chunked')) return true
  }
  return false
}

function inputRepr(profile: ServerProfile, request: RequestFacts, chunked: boolean): string {
  const repr =
    chunked && profile.reprs.chunkedInput ? profile.reprs.chunkedInput : profile.reprs.input
  return repr.replace('{fd}', String(request.socketFd ?? -1))
}

/** `str(socket)` as Python ≥3.11 prints it (spec §1.1). */
function socketRepr(request: RequestFacts): PyObject {
  const v6 = request.localAddress.includes(':')
  const address = (host: string, port: number) =>
    v6 ? `('${host}', ${port}, 0, 0)` : `('${host}', ${port})`
  return pyObject(
    `<socket.socket fd=${request.socketFd ?? -1}, family=${v6 ? 10 : 2}, type=1, proto=0, ` +
      `laddr=${address(request.localAddress, request.localPort)}, ` +
      `raddr=${address(request.remoteAddress, request.remotePort)}>`
  )
}

/** Copy the OS environment as wsgiref's read_environ() does (spec §3.23). */
function transcodeOsEnviron(os: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(os)) {
    const transcode =
      key.startsWith('HTTP_') ||
      key.startsWith('SSL_') ||
      key.startsWith('REDIRECT_') ||
      TRANSCODED_OS_KEYS.has(key)
    out[key] = transcode ? latin1String(new TextEncoder().encode(value)) : value
  }
  return out
}
