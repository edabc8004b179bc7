/**
 * @module
 * cheroot 11.1.2 (CherryPy's server) with its defaults (`python -m cheroot app`: `wsgi.Server`,
 * a thread pool, `HeaderReader`, strict mode, not a proxy).
 *
 * `wsgi.py` Gateway_10.get_environ builds one dict literal (alphabetical), adds SERVER_PORT,
 * then every header as `HTTP_*`, then pops CONTENT_TYPE/CONTENT_LENGTH and re-adds them last.
 * SERVER_NAME defaults to the server's version string, not the Host. Only the names in
 * `comma_separated_headers` join their repeats with `, `; any other repeat keeps the last value.
 * `_` names are kept and collide with their `-` twin (`Content_Type` sets CONTENT_TYPE).
 * The path keeps `%2F` (upper-cased) and decodes the rest to latin-1. No proxy trust at all.
 *
 * @see https://github.com/cherrypy/cheroot/blob/v11.1.2/cheroot/wsgi.py
 * @see https://github.com/cherrypy/cheroot/blob/v11.1.2/cheroot/server.py
 */
import { BytesInput } from '../streams.ts'
import { unquoteLatin1 } from '../target.ts'
import { constantKey } from './key-rules.ts'
import { CHEROOT_PARSER } from './parser/cheroot.ts'
import type { KeyRule, RefusalRule, WsgiProfile } from './types.ts'

const VERSION = '11.1.2'

/** server.py:169-193 `comma_separated_headers`: the only names whose repeats are joined. */
const COMMA_SEPARATED = [
  'Accept',
  'Accept-Charset',
  'Accept-Encoding',
  'Accept-Language',
  'Accept-Ranges',
  'Allow',
  'Cache-Control',
  'Connection',
  'Content-Encoding',
  'Content-Language',
  'Expect',
  'If-Match',
  'If-None-Match',
  'Pragma',
  'Proxy-Authenticate',
  'TE',
  'Trailer',
  'Transfer-Encoding',
  'Upgrade',
  'Vary',
  'Via',
  'Warning',
  'WWW-Authenticate',
]

/**
 * server.py:940-959: split on `%2F` (any case), unquote each piece to bytes (latin-1), re-join
 * with `%2F`; a path without a leading `/` (OPTIONS `*`) gets one.
 */
const PATH_INFO: KeyRule = {
  compile: () => (environ, parts) => {
    const query = parts.target.indexOf('?')
    const raw = query === -1 ? parts.target : parts.target.slice(0, query)
    // urlsplit: an empty authority after `//` (`///a`) leaves the path from the third slash
    const path = raw.startsWith('///') ? raw.slice(2) : raw
    const decoded = path.split(/%2F/i).map(unquoteLatin1).join('%2F')
    environ.PATH_INFO = decoded.startsWith('/') ? decoded : `/${decoded}`
  },
}

/** wsgi.py:312-318: popped and re-added, so they follow every HTTP_* key; set only if sent. */
function lastIfSent(key: 'CONTENT_TYPE' | 'CONTENT_LENGTH'): KeyRule {
  return {
    compile: () => (environ) => {
      const value = environ[key]
      if (value === undefined) return
      delete environ[key]
      environ[key] = value
    },
  }
}

/** wsgi.py:271: `bool(req.chunked_read)`, present on every request. */
const INPUT_TERMINATED: KeyRule = {
  compile:
    () =>
    (environ, { headers, request }) => {
      environ['wsgi.input_terminated'] = headers.chunked && request.httpVersion === '1.1'
    },
}

const INPUT = '<cheroot.server.KnownLengthRFile object at 0x7f0000006010>'
const CHUNKED_INPUT = '<cheroot.server.ChunkedRFile object at 0x7f0000006010>'

/** server.py:1045-1060: ChunkedRFile only when an HTTP/1.1 request is chunked (1.0 ignores TE). */
const INPUT_STREAM: KeyRule = {
  compile:
    () =>
    (environ, { headers, request }) => {
      const repr = headers.chunked && request.httpVersion === '1.1' ? CHUNKED_INPUT : INPUT
      environ['wsgi.input'] = request.bodyChunks
        ? new BytesInput(() => request.body, repr) // joined only if the app reads it
        : new BytesInput(request.body, repr)
    },
}

/**
 * server.py:801-823: a line without a version (HTTP/0.9) is malformed; a version above the
 * server's own 1.1 is a 505.
 */
const versionRule: RefusalRule = ({ request, version }) => {
  if (request.httpVersion === '0.9') return { status: 400, reason: 'Malformed Request-Line' }
  return version > 11 ? { status: 505, reason: 'Cannot fulfill request' } : undefined
}

/** server.py:923-927. */
const noFragment: RefusalRule = ({ request }) =>
  request.target.includes('#')
    ? { status: 400, reason: 'Illegal #fragment in Request-URI.' }
    : undefined

/** server.py:842-845: urlsplit of the raw bytes fails on non-ASCII. */
const asciiTarget: RefusalRule = ({ request }) =>
  /[^\x00-\x7f]/.test(request.target) ? { status: 400, reason: 'Malformed Request-URI' } : undefined

/** server.py:857-861: CONNECT only through a proxy. */
const noConnect: RefusalRule = ({ request }) =>
  request.method === 'CONNECT' ? { status: 405, reason: 'CONNECT method not allowed' } : undefined

/** server.py:891-903: a scheme or an authority (`//host`) needs proxy_mode, off by default. */
const noAbsoluteForm: RefusalRule = ({ request }) => {
  const t = request.target
  const authority = t.startsWith('//') && !t.startsWith('///')
  return authority || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(t)
    ? { status: 400, reason: 'Absolute URI not allowed if server is not a proxy.' }
    : undefined
}

/** server.py:906-921: origin-form only; `*` only with OPTIONS. */
const originForm: RefusalRule = ({ request }) => {
  const t = request.target
  if (t === '*' && request.method === 'OPTIONS') return undefined
  return t.startsWith('/') || t.startsWith('?')
    ? undefined
    : {
        status: 400,
        reason:
          'Invalid path in Request-URI: request-target must contain origin-form which starts with absolute-path (URI starting with a slash "/").',
      }
}

/** server.py:1010-1017: `int()` of the last Content-Length; a sign and spaces pass. */
const intLength: RefusalRule = ({ headers }) => {
  const at = headers.keys.indexOf('CONTENT_LENGTH')
  const value = at === -1 ? undefined : headers.values[at]
  return value !== undefined && !/^\s*[+-]?[0-9]+(_[0-9]+)*\s*$/.test(value)
    ? { status: 400, reason: 'Malformed Content-Length Header.' }
    : undefined
}

/** server.py:1045-1054: on HTTP/1.1 any coding but `chunked` is 501. */
const onlyChunked: RefusalRule = ({ request, version }) => {
  if (version < 11) return undefined
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if ((request.rawHeaders[i] as string).toLowerCase() !== 'transfer-encoding') continue
    const codings = (request.rawHeaders[i + 1] as string)
      .split(',')
      .map((c) => c.trim().toLowerCase())
    if (codings.some((c) => c !== '' && c !== 'chunked'))
      return { status: 501, reason: 'Unimplemented' }
  }
  return undefined
}

export const CHEROOT: WsgiProfile = {
  name: 'cheroot',
  summary: `cheroot ${VERSION} (CherryPy's server), default settings (thread pool; no proxy trust)`,
  serverSoftware: `Cheroot/${VERSION} Server`,
  order: [
    'ACTUAL_SERVER_PROTOCOL',
    'PATH_INFO',
    'QUERY_STRING',
    'REMOTE_ADDR',
    'REMOTE_PORT',
    'REQUEST_METHOD',
    'REQUEST_URI',
    'SCRIPT_NAME',
    'SERVER_NAME',
    'SERVER_PROTOCOL',
    'SERVER_SOFTWARE',
    'wsgi.errors',
    'wsgi.input',
    'wsgi.input_terminated',
    'wsgi.multiprocess',
    'wsgi.multithread',
    'wsgi.run_once',
    'wsgi.url_scheme',
    'wsgi.version',
    'SERVER_PORT',
    '@headers',
    'CONTENT_TYPE',
    'CONTENT_LENGTH',
  ],
  target: {
    split: 'urlsplit',
    collapseLeadingSlashes: false,
    unquote: 'latin1',
    absoluteFormSetsHost: false,
  },
  headers: {
    underscore: 'keep',
    skipExistingKeys: false,
    singletons: [],
    join: ', ',
    // title() keeps `_`, but the environ key is the same: the later header wins (T65-T67)
    underscoreAsDash: true,
    joinOnly: COMMA_SEPARATED,
  },
  serverName: 'bind-address',
  reprs: {
    input: INPUT,
    chunkedInput: CHUNKED_INPUT,
    errors: "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>",
  },
  keys: {
    PATH_INFO,
    CONTENT_TYPE: lastIfSent('CONTENT_TYPE'),
    CONTENT_LENGTH: lastIfSent('CONTENT_LENGTH'),
    // server.py:1545: the server's own protocol, whatever the request's
    ACTUAL_SERVER_PROTOCOL: { ...constantKey('HTTP/1.1'), source: 'server' },
    // server.py:1653-1655: server_name defaults to the version string
    SERVER_NAME: { ...constantKey(`Cheroot/${VERSION}`), source: 'server' },
    'wsgi.url_scheme': { ...constantKey('http'), source: 'server' },
    'wsgi.multithread': constantKey(true),
    'wsgi.input': INPUT_STREAM,
    'wsgi.input_terminated': INPUT_TERMINATED,
  },
  // server.py meets them in this order: request line, target, then headers
  refusals: [
    versionRule,
    asciiTarget,
    noConnect,
    noAbsoluteForm,
    originForm,
    noFragment,
    intLength,
    onlyChunked,
  ],
  parser: CHEROOT_PARSER,
}
