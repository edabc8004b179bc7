/**
 * @module
 * hypercorn 0.18.0 serving HTTP/1.1 with h11 (its asyncio worker). The echo is the scope
 * `protocol/http_stream.py` builds (lines 84-101 at 0.18.0), one dict literal in this order,
 * from the Request event `protocol/h11.py` makes (lines 230-243): headers `list(request.headers)`
 * (h11 lowercases names, keeps repeats and `_` names), the method upper-cased, the version
 * as h11 read it. `extensions` stays `{}` on HTTP/1 (trailers, push and early hints are for
 * versions "2" and "3" only, lines 34-36). Proxy headers are read only when the app is wrapped
 * in `hypercorn.middleware.ProxyFixMiddleware` (profiles/trust/asgi.ts). Observed: Debian
 * 0.13.2 with h11 0.14 (tests/corpus/servers/hypercorn.json); what differs is declared in
 * tests/corpus/servers/differences/hypercorn.ts.
 */
import type { AsgiProfile, RefusalRule } from './types.ts'

/** h11's request-target is `vchar+` (`_abnf.py`): anything else is a RemoteProtocolError. */
const NON_VCHAR_TARGET = /[^\x21-\x7e]/

/**
 * hypercorn answers h11's RemoteProtocolError with h11's hinted status (400) and no body
 * (`protocol/h11.py` `_send_error_response`, 0.16.0 "send the hinted error from h11").
 */
const invalidTarget: RefusalRule = ({ request }) =>
  NON_VCHAR_TARGET.test(request.target) ? { status: 400, reason: '' } : undefined

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
  refusals: [invalidTarget],
  trust: 'hypercorn',
}
