/**
 * @module
 * uvicorn 0.51.0 with its default HTTP implementation when installed plainly
 * (`pip install uvicorn`: h11; `uvicorn[standard]` adds httptools, which orders the scope
 * differently). The echo is the HTTP scope `protocols/http/h11_impl.py` builds (lines
 * 199-219 at 0.51.0), one dict literal in this order. Observed: Debian 0.17.6 with h11 0.14
 * (tests/corpus/servers/uvicorn.json); what differs is declared in
 * tests/corpus/servers/differences/uvicorn.ts.
 */
import type { AsgiProfile, RefusalRule } from './types.ts'

/** h11's request-target is `vchar+` (`_abnf.py`): anything else is a RemoteProtocolError. */
const NON_VCHAR_TARGET = /[^\x21-\x7e]/

/** uvicorn answers every h11 RemoteProtocolError with this 400 (`h11_impl.py:180-186`). */
const invalidTarget: RefusalRule = ({ request }) =>
  NON_VCHAR_TARGET.test(request.target)
    ? { status: 400, reason: 'Invalid HTTP request received.' }
    : undefined

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
  refusals: [invalidTarget],
}
