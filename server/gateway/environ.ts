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

import { latin1Text } from '../contract/http.ts'
import type { ProfileId } from '../contract/profiles.ts'
import type { Environ, EnvironValue, PyObject, PyTuple } from '../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../contract/request.ts'
import { RequestRejected } from './errors.ts'
import { type MappedHeaders, mapHeaders } from './headers.ts'
import { PROFILES, type ServerProfile } from './profiles.ts'
import { BytesInput, makeErrorStream } from './streams.ts'
import {
  collapseLeadingSlashes,
  splitAtQuestionMark,
  splitGunicorn,
  unquoteLatin1,
  unquoteWerkzeug,
  urlsplit,
} from './target.ts'

/** A function from a request to its environ, with the server's constants baked in. */
export type EnvironBuilder = (request: RequestFacts) => Environ

const WSGI_VERSION: PyTuple = { pyTuple: [1, 0] }

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

/** What one request contributes, computed before the environ is assembled in order. */
interface RequestParts {
  readonly request: RequestFacts
  /** The target after the profile's leading-slash rule. */
  readonly target: string
  readonly query: string
  readonly pathInfo: string
  readonly scriptName: string
  readonly headers: MappedHeaders
}

/** Sets one key (or, for `@os` / `@headers`, a run of keys) in the environ being built. */
type Slot = (environ: Environ, parts: RequestParts) => void

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
  const slots = profile.order.map((key) => compileSlot(key, profile, server))
  const mount = server.scriptName
  const { collapseLeadingSlashes: collapse, unquote, absoluteFormSetsHost } = profile.target

  return function buildProfileEnviron(request) {
    const headers = mapHeaders(request.rawHeaders, profile)
    checkRequest(request, headers, profile)
    const target = collapse ? collapseLeadingSlashes(request.target) : request.target
    const split = splitTarget(target, profile)
    let pathInfo = unquote === 'werkzeug' ? unquoteWerkzeug(split.path) : unquoteLatin1(split.path)
    let scriptName = ''
    if (mount) {
      if (pathInfo !== mount && !pathInfo.startsWith(`${mount}/`)) {
        throw new RequestRejected(404, `${pathInfo || target} is outside the mount point ${mount}`)
      }
      scriptName = mount
      pathInfo = pathInfo.slice(mount.length)
    }
    const parts: RequestParts = {
      request,
      target,
      query: split.query,
      pathInfo,
      scriptName,
      headers,
    }
    const environ: Environ = {}
    for (const slot of slots) slot(environ, parts)
    if (absoluteFormSetsHost && split.scheme && split.netloc) {
      // Werkzeug: "Per RFC 2616, if the URL is absolute, use that as the host" (§3.6)
      environ.HTTP_HOST = split.netloc
    }
    return environ
  }
}

/** Return the function that sets `key` for this profile, with constants computed now. */
function compileSlot(key: string, profile: ServerProfile, server: ServerFacts): Slot {
  const constant =
    (value: EnvironValue): Slot =>
    (environ) => {
      environ[key] = value
    }
  switch (key) {
    case '@os': {
      if (!server.osEnviron) return () => {}
      const osEnviron = transcodeOsEnviron(server.osEnviron)
      return (environ) => Object.assign(environ, osEnviron)
    }
    case '@headers':
      return (environ, { headers: { keys, values } }) => {
        for (let i = 0; i < keys.length; i++) environ[keys[i] as string] = values[i] as string
      }
    case 'REQUEST_METHOD':
      return (environ, { request }) => {
        environ.REQUEST_METHOD = request.method
      }
    case 'SCRIPT_NAME':
      return (environ, parts) => {
        environ.SCRIPT_NAME = parts.scriptName
      }
    case 'PATH_INFO':
      return (environ, parts) => {
        environ.PATH_INFO = parts.pathInfo
      }
    case 'QUERY_STRING':
      return (environ, parts) => {
        environ.QUERY_STRING = parts.query
      }
    case 'SERVER_PROTOCOL':
      return (environ, { request }) => {
        environ.SERVER_PROTOCOL = protocol(request.httpVersion)
      }
    case 'REMOTE_ADDR':
      return (environ, { request }) => {
        environ.REMOTE_ADDR = request.remoteAddress
      }
    case 'REMOTE_PORT':
      return profile.remotePortType === 'int'
        ? (environ, { request }) => {
            environ.REMOTE_PORT = request.remotePort
          }
        : (environ, { request }) => {
            environ.REMOTE_PORT = String(request.remotePort)
          }
    case 'RAW_URI':
      // gunicorn: the target as sent; Werkzeug: after http.server's `//` collapse
      return profile.target.collapseLeadingSlashes
        ? (environ, parts) => {
            environ.RAW_URI = parts.target
          }
        : (environ, { request }) => {
            environ.RAW_URI = request.target
          }
    case 'REQUEST_URI':
      return (environ, parts) => {
        environ.REQUEST_URI = parts.target
      }
    case 'CONTENT_TYPE': {
      const fallback = profile.contentDefaults?.CONTENT_TYPE ?? ''
      return (environ, { headers }) => {
        environ.CONTENT_TYPE = headers.contentType ?? fallback // wsgiref: the first one
      }
    }
    case 'CONTENT_LENGTH': {
      const fallback = profile.contentDefaults?.CONTENT_LENGTH ?? ''
      return (environ, { headers }) => {
        environ.CONTENT_LENGTH = headers.contentLength || fallback
      }
    }
    case 'wsgi.input': {
      const { input, chunkedInput = input } = profile.reprs
      const plain = reprsByFd(input)
      const chunked = reprsByFd(chunkedInput)
      return (environ, { request, headers }) => {
        const repr = (headers.chunked ? chunked : plain)(request.socketFd ?? -1)
        environ['wsgi.input'] = request.bodyChunks
          ? new BytesInput(() => request.body, repr) // joined only if the app reads it
          : new BytesInput(request.body, repr)
      }
    }
    case 'wsgi.input_terminated':
      return profile.inputTerminated === 'always'
        ? constant(true)
        : (environ, { headers }) => {
            if (headers.chunked) environ['wsgi.input_terminated'] = true
          }
    case 'gunicorn.socket':
    case 'werkzeug.socket':
      return (environ, { request }) => {
        environ[key] = socketRepr(request)
      }
    case 'SERVER_NAME':
      return constant(profile.serverName === 'fqdn' ? server.fqdn : server.bindAddress)
    case 'SERVER_PORT':
      return constant(String(server.port))
    case 'SERVER_SOFTWARE':
      return constant(profile.serverSoftware)
    case 'GATEWAY_INTERFACE':
      return constant('CGI/1.1')
    case 'REMOTE_HOST':
      return constant('')
    case 'wsgi.url_scheme': {
      // wsgiref.util.guess_scheme: only the (copied) OS environment can make it https
      const https = server.osEnviron?.HTTPS
      return constant(https === 'yes' || https === 'on' || https === '1' ? 'https' : 'http')
    }
    case 'wsgi.version':
      return constant(WSGI_VERSION)
    case 'wsgi.errors':
      return constant(makeErrorStream(profile.reprs.errors, server.log ?? (() => {})))
    case 'wsgi.multithread':
    case 'wsgi.multiprocess':
    case 'wsgi.run_once':
      return constant(false)
    case 'wsgi.file_wrapper':
      return constant(pyObject(profile.reprs.fileWrapper ?? ''))
    case 'wsgi.early_hints':
      return constant(pyObject(profile.reprs.earlyHints ?? ''))
    default:
      throw new Error(`profile ${profile.name}: no rule for environ key ${key}`)
  }
}

// values that repeat from request to request, memoised with a bound
const MEMO_LIMIT = 1024
const PROTOCOLS = new Map<string, string>()

/** `HTTP/1.1` for version `1.1`. */
function protocol(version: string): string {
  let text = PROTOCOLS.get(version)
  if (text === undefined) {
    text = `HTTP/${version}`
    if (PROTOCOLS.size < 64) PROTOCOLS.set(version, text)
  }
  return text
}

/** A repr template with `{fd}` filled in per socket; sockets reuse a few fds. */
function reprsByFd(template: string): (fd: number) => string {
  const memo = new Map<number, string>()
  return (fd) => {
    let repr = memo.get(fd)
    if (repr === undefined) {
      repr = template.replace('{fd}', String(fd))
      if (memo.size < MEMO_LIMIT) memo.set(fd, repr)
    }
    return repr
  }
}

function pyObject(pyRepr: string): PyObject {
  return { pyRepr }
}

// request versions as Node reports them, memoised as major*10+minor
const VERSION_NUMBERS = new Map<string, number>()

function versionNumber(version: string): number {
  let number = VERSION_NUMBERS.get(version)
  if (number === undefined) {
    const [major = 0, minor = 0] = version.split('.').map(Number)
    number = major * 10 + minor
    if (VERSION_NUMBERS.size < 64) VERSION_NUMBERS.set(version, number)
  }
  return number
}

/** Refuse what the profile's server refuses before it would call the app (spec §3.1). */
function checkRequest(request: RequestFacts, headers: MappedHeaders, profile: ServerProfile): void {
  const version = versionNumber(request.httpVersion)
  const { min, below, status } = profile.versions
  if (version < min || version >= below) {
    throw new RequestRejected(status, `Invalid HTTP version (${request.httpVersion})`)
  }
  if (
    profile.target.asteriskOnlyWithOptions &&
    request.target === '*' &&
    request.method !== 'OPTIONS'
  ) {
    throw new RequestRejected(400, 'Invalid request target: * is only allowed with OPTIONS')
  }
  if (headers.count > profile.headers.maxFields) {
    throw new RequestRejected(431, 'Too many headers')
  }
  if (
    profile.rejectUnknownExpectation &&
    headers.expect !== undefined &&
    headers.expect.toLowerCase() !== '100-continue'
  ) {
    throw new RequestRejected(417, `Unknown expectation: ${headers.expect}`)
  }
  if (headers.chunked && profile.chunkedNeedsHttp11 && version < 11) {
    throw new RequestRejected(400, 'Transfer-Encoding: chunked is not allowed in HTTP/1.0')
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
    out[key] = transcode ? latin1Text(new TextEncoder().encode(value)) : value
  }
  return out
}
