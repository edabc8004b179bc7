/**
 * @module
 * granian 2.8.1 (Rust, hyper 1.11) serving ASGI over HTTP/1.1. **Modelled from source only:
 * granian is not packaged by Debian, so no real server was run and there is no differential
 * test**; tests/unit/gateway/profiles/granian.test.ts checks each rule against the source lines
 * it cites. The scope is built in Rust, `src/asgi/utils.rs:22-101` (`build_scope_common!` then
 * `method`), and the Python callback appends `root_path` and `state`
 * (`granian/asgi.py:111-112`, `scope.update(root_path=…, state=state.copy())`). hyper parses the
 * request: the target is a `Uri` (`raw_path` is `uri.path()`, a fragment is dropped), headers
 * are a `HeaderMap` (names lower-case, a name's values together). granian has no proxy trust
 * of its own: its `granian.utils.proxies` wrappers are app middleware, so the profile has none.
 */

import { uriCharRefused } from './http-uri.ts'
import { GRANIAN_PARSER, hyperRefusal } from './parser/granian.ts'
import type { AsgiProfile, RefusalRule } from './types.ts'

/** Every value of header `name` (lower-case), in wire order. */
function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === name) out.push(rawHeaders[i + 1] as string)
  }
  return out
}

/** httparse takes only `HTTP/1.0` and `HTTP/1.1` (an error → `Parse::Version` → 400). */
const version: RefusalRule = ({ request }) =>
  request.httpVersion === '1.0' || request.httpVersion === '1.1' ? undefined : hyperRefusal(400)

/**
 * hyper's `Server::parse` (src/proto/h1/role.rs): Transfer-Encoding on HTTP/1.0 is an error,
 * and one whose last coding is not `chunked` is a 400 (RFC 7230 §3.3.3).
 */
const transferEncoding: RefusalRule = ({ request }) => {
  const te = headerValues(request.rawHeaders, 'transfer-encoding')
  if (te.length === 0) return undefined
  if (request.httpVersion === '1.0') return hyperRefusal(400)
  const last = te.join(',').split(',').at(-1)?.trim().toLowerCase()
  return last === 'chunked' ? undefined : hyperRefusal(400)
}

/**
 * Bytes Node lets through but the \`http\` crate's Uri refuses (role.rs:221 → Parse::Uri → 400):
 * \`<\`, \`>\`, \`\`\` in the path, \`"\`, \`<\`, \`>\` in the query.
 */
const uriChars: RefusalRule = ({ request }) =>
  uriCharRefused(request.target) ? hyperRefusal(400) : undefined

/** hyper parses at most 100 header lines (`MAX_HEADERS`); more is `TooLarge` → 431. */
const tooManyHeaders: RefusalRule = ({ request }) =>
  request.rawHeaders.length / 2 > 100 ? hyperRefusal(431) : undefined

export const GRANIAN: AsgiProfile = {
  name: 'granian',
  interface: 'asgi',
  summary: 'granian 2.8.1 (hyper), ASGI: echoes the scope (from source; not packaged by Debian)',
  serverSoftware: 'granian',
  order: [
    'asgi',
    'extensions',
    'type',
    'http_version',
    'server',
    'client',
    'scheme',
    'path',
    'raw_path',
    'query_string',
    'headers',
    'method',
    'root_path',
    'state',
  ],
  asgi: { version: '3.0', specVersion: '2.3' },
  extensions: ['http.response.pathsend', 'websocket.http.response'],
  // utils.rs:56-67: hyper::Version::HTTP_10 => "1"
  httpVersions: { '1.0': '1' },
  // utils.rs:68-69: (ip(), port().to_string())
  address: 'tuple-str-port',
  // net.rs SockAddr::UDS: ip() is the socket's path, port() is 0
  unixServer: 'path-zero',
  headerOrder: 'by-name',
  hostWhenMissing: true,
  target: 'uri',
  // root_path is --url-path-prefix; path is the decoded uri.path() alone
  rootPathInPath: false,
  // in hyper's order: httparse reads the whole head, then the Uri, then the length headers
  refusals: [version, tooManyHeaders, uriChars, transferEncoding],
  parser: GRANIAN_PARSER,
}
