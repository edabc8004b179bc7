/**
 * @module
 * uvicorn 0.51.0 with its default HTTP implementation when installed plainly
 * (`pip install uvicorn`: h11; `uvicorn[standard]` adds httptools, which orders the scope
 * differently). The echo is the HTTP scope `protocols/http/h11_impl.py` builds (lines
 * 199-219 at 0.51.0), one dict literal in this order. Observed: Debian 0.17.6 with h11 0.14
 * (tests/corpus/servers/uvicorn.json); what differs is declared in
 * tests/corpus/servers/differences/uvicorn.ts.
 */
import { h11Refusals } from './h11.ts'
import { UVICORN_H11_ERROR, UVICORN_PARSER } from './parser/uvicorn.ts'
import type { AsgiProfile } from './types.ts'

export const UVICORN: AsgiProfile = {
  name: 'uvicorn',
  interface: 'asgi',
  summary: 'uvicorn 0.51.0 (h11), ASGI: echoes the scope',
  serverSoftware: 'uvicorn',
  order: [
    'type',
    'asgi',
    'http_version',
    'server',
    'client',
    'scheme',
    'method',
    'root_path',
    'path',
    'raw_path',
    'query_string',
    'headers',
    'state',
  ],
  asgi: { version: '3.0', specVersion: '2.3' },
  // 0.26.0 (#2213): path and raw_path start with root_path
  rootPathInPath: true,
  // protocols/utils.py get_local_addr: a unix socket's name is a str → (path, None)
  unixServer: 'path-none',
  refusals: h11Refusals(UVICORN_H11_ERROR),
  parser: UVICORN_PARSER,
  // --proxy-headers / --forwarded-allow-ips (middleware/proxy_headers.py); off unless asked
  trust: 'uvicorn',
}
