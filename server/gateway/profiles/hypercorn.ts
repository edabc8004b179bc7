/**
 * @module
 * hypercorn 0.18.0 serving HTTP/1.1 with h11 (its asyncio worker). The echo is the scope
 * `protocol/http_stream.py` builds (lines 84-101 at 0.18.0), one dict literal in this order,
 * from the Request event `protocol/h11.py` makes (lines 230-243): headers `list(request.headers)`
 * (h11 lowercases names, keeps repeats and `_` names), the method upper-cased, the version
 * as h11 read it. `extensions` stays `{}` on HTTP/1 (trailers, push and early hints are for
 * versions "2" and "3" only, lines 34-36). Proxy headers are read only when the app is wrapped
 * in `hypercorn.middleware.ProxyFixMiddleware` (profiles/trust/hypercorn.ts). Observed: Debian
 * 0.13.2 with h11 0.14 (tests/corpus/servers/hypercorn.json); what differs is declared in
 * tests/corpus/servers/differences/hypercorn.ts.
 */
import { h11Refusals } from './h11.ts'
import { HYPERCORN_H11_ERROR, HYPERCORN_PARSER } from './parser/hypercorn.ts'
import type { AsgiProfile } from './types.ts'

export const HYPERCORN: AsgiProfile = {
  name: 'hypercorn',
  interface: 'asgi',
  summary: 'hypercorn 0.18.0 (h11), ASGI: echoes the scope',
  serverSoftware: 'hypercorn-h11',
  order: [
    'type',
    'http_version',
    'asgi',
    'method',
    'scheme',
    'path',
    'raw_path',
    'query_string',
    'root_path',
    'headers',
    'client',
    'server',
    'state',
    'extensions',
  ],
  asgi: { version: '3.0', specVersion: '2.1' },
  // http_stream.py:90 writes {"spec_version": "2.1", "version": "3.0"}
  asgiKeys: ['spec_version', 'version'],
  method: 'upper',
  // path is unquote(raw_path) alone; root_path is config.root_path (`--root-path`)
  rootPathInPath: false,
  refusals: h11Refusals(HYPERCORN_H11_ERROR, HYPERCORN_H11_ERROR.hinted),
  parser: HYPERCORN_PARSER,
  trust: 'hypercorn',
}
