/**
 * @module
 * uWSGI 2.0.30's Python plugin behind its own HTTP parser (`--http-socket`), one worker.
 *
 * uWSGI parses HTTP in C and checks almost nothing: header names map byte by byte (an `_`
 * name merges with its `-` twin, `Content_Type` becomes CONTENT_TYPE), repeats of any name
 * are joined with `, `, and the path is decoded its own way (dot segments resolved, `#` ends
 * it, a bad escape becomes a NUL). It sets REQUEST_URI, SERVER_NAME from the host name, no
 * REMOTE_PORT, and its own `uwsgi.*` keys. Real uWSGI takes `wsgi.url_scheme` from any
 * client's X-Forwarded-Proto (core/protocol.c); this profile reproduces the environ's shape,
 * never that trust.
 *
 * @see https://github.com/unbit/uwsgi/blob/2.0.30/proto/http.c
 * @see https://github.com/unbit/uwsgi/blob/2.0.30/plugins/python/wsgi_subhandler.c
 */
import { latin1Text } from '../../contract/http.ts'
import { pyBytesRepr } from '../../contract/python.ts'
import { pyObjectKey } from './key-rules.ts'
import { UWSGI_PARSER } from './parser/uwsgi.ts'
import type { KeyRule, ServerProfile } from './types.ts'

const HEX = /^[0-9A-Fa-f]{2}$/

/**
 * core/utils.c `http_url_decode` on the path's bytes (one per latin-1 character): `#` ends it, `%XX` is a byte, an escape
 * with a non-hex digit is a NUL (both characters consumed), a `%` without two characters
 * after it is dropped; then the dot segments are resolved (`//` runs stay). Latin-1 text.
 */
export function uwsgiDecodePath(rawPath: string): string {
  // the target arrives as latin-1 text: one character per byte
  const bytes = Uint8Array.from(rawPath, (char) => char.charCodeAt(0) & 0xff)
  const out: number[] = []
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number
    if (byte === 0x23) break // '#'
    if (byte !== 0x25) {
      out.push(byte)
      continue
    }
    if (i + 2 >= bytes.length) break // a lone trailing escape is dropped
    const pair = String.fromCharCode(bytes[i + 1] as number, bytes[i + 2] as number)
    out.push(HEX.test(pair) ? Number.parseInt(pair, 16) : 0)
    i += 2
  }
  return resolveDotSegments(latin1Text(Uint8Array.from(out)))
}

/** `/a/../b/./c/` → `/b/c/`: `.` and `..` segments removed, empty segments kept. */
function resolveDotSegments(path: string): string {
  const segments = path.split('/')
  const out: string[] = []
  segments.forEach((segment, at) => {
    const last = at === segments.length - 1
    if (segment === '.' || segment === '..') {
      if (segment === '..' && out.length > 1) out.pop()
      if (last) out.push('')
    } else out.push(segment)
  })
  return out.join('/')
}

/**
 * PATH_INFO; without a `?` uWSGI emits REQUEST_URI first (proto/http.c: it meets the space
 * before any `?`), so the key order depends on the query. The order lists PATH_INFO first.
 */
const PATH_INFO: KeyRule = {
  compile: () => (environ, parts) => {
    const question = parts.target.indexOf('?')
    if (question === -1) environ.REQUEST_URI = parts.target
    environ.PATH_INFO = uwsgiDecodePath(
      question === -1 ? parts.target : parts.target.slice(0, question)
    )
  },
}

/** The machine's host name: SERVER_NAME as text, `uwsgi.node` as bytes. */
function hostnameKey(render: (hostname: string) => string | { pyRepr: string }): KeyRule {
  return {
    source: 'server',
    fixed: true,
    compile: (key, _profile, server) => {
      const value = render(server.hostname ?? 'localhost')
      return (environ) => {
        environ[key] = value
      }
    },
  }
}

export const UWSGI: ServerProfile = {
  name: 'uwsgi',
  summary: "uWSGI 2.0.30's Python plugin, --http-socket, one worker (parses almost nothing)",
  serverSoftware: 'uWSGI/2.0.30',
  order: [
    'REQUEST_METHOD',
    'PATH_INFO',
    'REQUEST_URI',
    'QUERY_STRING',
    'SERVER_PROTOCOL',
    'SCRIPT_NAME',
    'SERVER_NAME',
    'SERVER_PORT',
    'REMOTE_ADDR',
    '@headers',
    'wsgi.input',
    'wsgi.file_wrapper',
    'wsgi.version',
    'wsgi.errors',
    'wsgi.run_once',
    'wsgi.multithread',
    'wsgi.multiprocess',
    'wsgi.url_scheme',
    'uwsgi.version',
    'uwsgi.node',
  ],
  target: {
    split: 'question-mark',
    collapseLeadingSlashes: false,
    unquote: 'latin1',
    absoluteFormSetsHost: false,
  },
  headers: {
    underscore: 'keep',
    skipExistingKeys: false,
    singletons: [],
    join: ', ',
    underscoreAsDash: true,
    joinContentRepeats: true,
  },
  serverName: 'bind-address',
  reprs: {
    input: '<uwsgi._Input object at 0x7f0000004010>',
    // the plugin wraps fd 2 itself: name=2, encoding upper-case
    errors: "<_io.TextIOWrapper name=2 mode='w' encoding='UTF-8'>",
  },
  keys: {
    PATH_INFO,
    SERVER_NAME: hostnameKey((hostname) => hostname),
    'wsgi.file_wrapper': pyObjectKey('<built-in function uwsgi_sendfile>'),
    'uwsgi.version': pyObjectKey("b'2.0.30'"),
    'uwsgi.node': hostnameKey((hostname) => ({
      pyRepr: pyBytesRepr(new TextEncoder().encode(hostname)),
    })),
  },
  // proto/http.c refuses nothing Node's parser lets through
  refusals: [],
  parser: UWSGI_PARSER,
}
