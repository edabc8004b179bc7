/**
 * @module
 * waitress 3.0.2 with its defaults (`waitress-serve app`), one process, a thread pool.
 *
 * waitress builds its environ as one dict literal (`task.py` `get_environment`): SERVER_NAME
 * is its `server_name` setting (`waitress.invalid`), never the Host; REMOTE_HOST repeats the
 * peer address; leading slashes of the path collapse after decoding; header names with `_`
 * are dropped and repeats of any name (Content-Type and Content-Length included) are joined
 * with `, `. On HTTP/1.1 it de-chunks the body itself, pops Transfer-Encoding and sets
 * CONTENT_LENGTH to the body's length. Its proxy trust (`trusted_proxy`...) is the `waitress`
 * rule of profiles/trust/, off unless the user turns it on.
 *
 * @see https://github.com/Pylons/waitress/blob/v3.0.2/src/waitress/task.py
 * @see https://github.com/Pylons/waitress/blob/v3.0.2/src/waitress/parser.py
 */
import { constantKey, pyObjectKey } from './key-rules.ts'
import { WAITRESS_PARSER } from './parser/waitress.ts'
import type { KeyRule, RefusalRule, WsgiProfile } from './types.ts'

/** task.py: `path = '/' + path.lstrip('/')` when the decoded path starts with `/`. */
const PATH_INFO: KeyRule = {
  compile: () => (environ, parts) => {
    const path = parts.pathInfo
    environ.PATH_INFO = path.startsWith('/') ? `/${path.replace(/^\/+/, '')}` : path
  },
}

/** task.py: REMOTE_HOST is the peer address again (no DNS lookup). */
const REMOTE_HOST: KeyRule = {
  source: 'socket',
  compile:
    () =>
    (environ, { request }) => {
      environ.REMOTE_HOST = request.remoteAddress
    },
}

/** task.py: any version but 1.1 (1.0, none = HTTP/0.9) is served as HTTP/1.0. */
const SERVER_PROTOCOL: KeyRule = {
  compile:
    () =>
    (environ, { request }) => {
      environ.SERVER_PROTOCOL = request.httpVersion === '1.1' ? 'HTTP/1.1' : 'HTTP/1.0'
    },
}

/**
 * parser.py: on HTTP/1.1 Transfer-Encoding is popped from the headers and a chunked body's
 * length becomes CONTENT_LENGTH (in place if the request sent one, else after the headers).
 */
const DECHUNKED_LENGTH: KeyRule = {
  compile:
    () =>
    (environ, { request, headers }) => {
      if (request.httpVersion !== '1.1') return
      delete environ.HTTP_TRANSFER_ENCODING
      if (headers.chunked) environ.CONTENT_LENGTH = String(request.body.length)
    },
}

/** The bound method of the request's channel, `str()` of which names the TCP peer (not a proxy's client). */
const CLIENT_DISCONNECTED: KeyRule = {
  source: 'socket',
  compile:
    (key) =>
    (environ, { request }) => {
      const { address, port } = request.socketPeer ?? {
        address: request.remoteAddress,
        port: request.remotePort,
      }
      environ[key] = {
        pyRepr:
          '<bound method HTTPChannel.check_client_disconnected of <waitress.channel.HTTPChannel ' +
          `connected ${address}:${port} at 0x7f0000005010>>`,
      }
    },
}

/** parser.py: on HTTP/1.1 every listed coding must be `chunked`, else 501. */
const onlyChunked: RefusalRule = ({ request, version }) => {
  if (version !== 11) return undefined
  const te = transferEncoding(request.rawHeaders)
  const codings = te
    .split(',')
    .filter((c) => c !== '')
    .map((c) => c.trim().toLowerCase())
  return codings.some((c) => c !== 'chunked')
    ? { status: 501, reason: 'Transfer-Encoding requested is not supported.' }
    : undefined
}

/** parser.py: a Content-Length (repeats joined `, `) that is not all digits is a 400. */
const digitsOnlyLength: RefusalRule = ({ headers, version }) => {
  if (headers.chunked && version === 11) return undefined
  const at = headers.keys.indexOf('CONTENT_LENGTH')
  const value = at === -1 ? undefined : headers.values[at]
  return value !== undefined && !/^[0-9]+$/.test(value)
    ? { status: 400, reason: 'Content-Length is invalid' }
    : undefined
}

/** parser.py split_uri: urlsplit on bytes raises UnicodeError for raw non-ASCII (not after `//`). */
const asciiTarget: RefusalRule = ({ request }) =>
  !request.target.startsWith('//') && /[^\x00-\x7f]/.test(request.target)
    ? { status: 400, reason: 'Bad URI' }
    : undefined

/** The Transfer-Encoding header's values joined `, ` as waitress's parser joins repeats. */
function transferEncoding(rawHeaders: readonly string[]): string {
  const values: string[] = []
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === 'transfer-encoding') {
      values.push(rawHeaders[i + 1] as string)
    }
  }
  return values.join(', ')
}

export const WAITRESS: WsgiProfile = {
  name: 'waitress',
  summary: 'waitress 3.0.2, default settings (thread pool; its proxy trust off)',
  serverSoftware: 'waitress',
  order: [
    'REMOTE_ADDR',
    'REMOTE_HOST',
    'REMOTE_PORT',
    'REQUEST_METHOD',
    'SERVER_PORT',
    'SERVER_NAME',
    'SERVER_SOFTWARE',
    'SERVER_PROTOCOL',
    'SCRIPT_NAME',
    'PATH_INFO',
    'REQUEST_URI',
    'QUERY_STRING',
    'wsgi.url_scheme',
    'wsgi.version',
    'wsgi.errors',
    'wsgi.multithread',
    'wsgi.multiprocess',
    'wsgi.run_once',
    'wsgi.input',
    'wsgi.file_wrapper',
    'wsgi.input_terminated',
    '@headers',
    'CONTENT_LENGTH',
    'waitress.client_disconnected',
  ],
  target: {
    split: 'urlsplit-gunicorn', // split_uri: a `//` target is a path, as gunicorn reads it
    collapseLeadingSlashes: false,
    unquote: 'latin1',
    absoluteFormSetsHost: false,
  },
  headers: {
    underscore: 'drop',
    skipExistingKeys: false,
    singletons: [],
    join: ', ',
    joinContentRepeats: true,
  },
  serverName: 'bind-address',
  trust: 'waitress',
  reprs: {
    input: '<_io.BytesIO object at 0x7f0000005020>',
    errors: "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>",
  },
  keys: {
    REMOTE_HOST,
    SERVER_PROTOCOL,
    PATH_INFO,
    CONTENT_LENGTH: DECHUNKED_LENGTH,
    // adjustments.py: server_name and ident defaults; neither reads the request
    SERVER_NAME: { ...constantKey('waitress.invalid'), source: 'server' },
    SERVER_SOFTWARE: { ...constantKey('waitress'), source: 'server' },
    'wsgi.url_scheme': { ...constantKey('http'), source: 'server' },
    'wsgi.multithread': constantKey(true),
    'wsgi.file_wrapper': pyObjectKey("<class 'waitress.buffers.ReadOnlyFileBasedBuffer'>"),
    'wsgi.input_terminated': constantKey(true),
    'waitress.client_disconnected': CLIENT_DISCONNECTED,
  },
  // parser.py meets them in this order: the target, Transfer-Encoding, Content-Length
  refusals: [asciiTarget, onlyChunked, digitsOnlyLength],
  parser: WAITRESS_PARSER,
}
