/**
 * @module
 * The shared key rules: how the keys most servers set are derived, parameterised by a
 * profile's data, and the building blocks a profile's own `keys` use (constants, Python
 * objects, the socket object).
 *
 * Everything is read from the raw request (Node's `rawHeaders`, the raw target) and never
 * from a framework's normalised view. Whatever does not depend on the request is computed
 * when the rule is compiled, once per server.
 */
import { boundedMemo } from '../../contract/memo.ts'
import type { EnvironValue, PyObject, PyTuple } from '../../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../../contract/request.ts'
import { BytesInput, makeErrorStream } from '../streams.ts'
import type { KeyRule, Slot, WsgiProfile } from './types.ts'

/** A rule whose value is the same for every request. */
export function constantKey(value: EnvironValue): KeyRule {
  return { source: 'constant', ...perServer(() => value) }
}

/** A rule whose value depends only on the profile and the server: computed once, at start. */
function perServer(value: (profile: WsgiProfile, server: ServerFacts) => EnvironValue): KeyRule {
  return {
    fixed: true,
    compile(key, profile, server) {
      const fixed = value(profile, server)
      return (environ) => {
        environ[key] = fixed
      }
    },
  }
}

/** A Python object printed as `repr`, the same for every request (a class, a callback). */
export function pyObjectKey(repr: string): KeyRule {
  return constantKey(pyObject(repr))
}

/** The client connection's socket object, as `gunicorn.socket` and `werkzeug.socket` hold it. */
export const SOCKET_OBJECT: KeyRule = {
  source: 'socket',
  compile:
    (key) =>
    (environ, { request }) => {
      environ[key] = socketRepr(request)
    },
}

/** REMOTE_PORT as a Python int (Werkzeug): the same text, but it fails check_environ (§2). */
export const REMOTE_PORT_INT: KeyRule = {
  source: 'socket',
  compile:
    () =>
    (environ, { request }) => {
      environ.REMOTE_PORT = request.remotePort
    },
}

/** A rule from a function that builds the slot (for keys that read the profile or server). */
function shared(compile: KeyRule['compile']): KeyRule {
  return { compile }
}

/** Set `key` from one field of the parsed request, as it is. */
function fromRequest(read: (request: RequestFacts) => EnvironValue): KeyRule {
  return shared((key) => (environ, { request }) => {
    environ[key] = read(request)
  })
}

const WSGI_VERSION: PyTuple = { pyTuple: [1, 0] }

/** The rules for the keys most servers set; a profile's own `keys` win over these. */
export const SHARED_KEYS: Readonly<Record<string, KeyRule>> = {
  REQUEST_METHOD: fromRequest((request) => request.method),
  SCRIPT_NAME: shared(() => (environ, parts) => {
    environ.SCRIPT_NAME = parts.scriptName
  }),
  PATH_INFO: shared(() => (environ, parts) => {
    environ.PATH_INFO = parts.pathInfo
  }),
  QUERY_STRING: shared(() => (environ, parts) => {
    environ.QUERY_STRING = parts.query
  }),
  SERVER_PROTOCOL: fromRequest((request) => protocol(request.httpVersion)),
  REMOTE_ADDR: fromRequest((request) => request.remoteAddress),
  REMOTE_PORT: fromRequest((request) => String(request.remotePort)),
  // gunicorn: the target as sent; Werkzeug: after http.server's `//` collapse
  RAW_URI: shared(
    (_key, profile): Slot =>
      profile.target.collapseLeadingSlashes
        ? (environ, parts) => {
            environ.RAW_URI = parts.target
          }
        : (environ, { request }) => {
            environ.RAW_URI = request.target
          }
  ),
  REQUEST_URI: shared(() => (environ, parts) => {
    environ.REQUEST_URI = parts.target
  }),
  CONTENT_TYPE: shared((_key, profile) => {
    const fallback = profile.contentDefaults?.CONTENT_TYPE ?? ''
    return (environ, { headers }) => {
      environ.CONTENT_TYPE = headers.contentType ?? fallback // wsgiref: the first one
    }
  }),
  CONTENT_LENGTH: shared((_key, profile) => {
    const fallback = profile.contentDefaults?.CONTENT_LENGTH ?? ''
    return (environ, { headers }) => {
      environ.CONTENT_LENGTH = headers.contentLength || fallback
    }
  }),
  SERVER_NAME: perServer((profile, server) =>
    profile.serverName === 'fqdn' ? server.fqdn : server.bindAddress
  ),
  SERVER_PORT: perServer((_profile, server) => String(server.port)),
  SERVER_SOFTWARE: perServer((profile) => profile.serverSoftware),
  GATEWAY_INTERFACE: constantKey('CGI/1.1'),
  REMOTE_HOST: constantKey(''),
  'wsgi.input': shared((_key, profile) => {
    const { input, chunkedInput = input } = profile.reprs
    const plain = reprsByFd(input)
    const chunked = reprsByFd(chunkedInput)
    return (environ, { request, headers }) => {
      const repr = (headers.chunked ? chunked : plain)(request.socketFd ?? -1)
      environ['wsgi.input'] = request.bodyChunks
        ? new BytesInput(() => request.body, repr) // joined only if the app reads it
        : new BytesInput(request.body, repr)
    }
  }),
  // set only for a chunked body; gunicorn sets it always (its own rule)
  'wsgi.input_terminated': shared(() => (environ, { headers }) => {
    if (headers.chunked) environ['wsgi.input_terminated'] = true
  }),
  'wsgi.errors': perServer((profile, server) =>
    makeErrorStream(profile.reprs.errors, server.log ?? (() => {}))
  ),
  // wsgiref.util.guess_scheme: only the (copied) OS environment can make it https
  'wsgi.url_scheme': perServer((_profile, server) => {
    const https = server.osEnviron?.HTTPS
    return https === 'yes' || https === 'on' || https === '1' ? 'https' : 'http'
  }),
  'wsgi.version': constantKey(WSGI_VERSION),
  'wsgi.multithread': constantKey(false),
  'wsgi.multiprocess': constantKey(false),
  'wsgi.run_once': constantKey(false),
}

/** `HTTP/1.1` for version `1.1`. */
const protocol = boundedMemo((version: string) => `HTTP/${version}`, 64)

/** A repr template with `{fd}` filled in per socket; sockets reuse a few fds. */
function reprsByFd(template: string): (fd: number) => string {
  return boundedMemo((fd: number) => template.replace('{fd}', String(fd)), 1024)
}

function pyObject(pyRepr: string): PyObject {
  return { pyRepr }
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
