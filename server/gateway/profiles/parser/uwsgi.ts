/**
 * @module
 * uWSGI 2.0's HTTP parser (`--http-socket`, plugins/http/http.c) checks almost nothing: it
 * cuts the request line at the first two spaces and each header at its colon. Wired to the
 * uwsgi profile once it is on main.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'

const NO_CHECKS = 'plugins/http/http.c (no check for this case)'
const accepts = (does: string, source = NO_CHECKS) => ({ kind: 'accepts', does, source }) as const

export const UWSGI_PARSER: ParserVerdicts = {
  'leading-crlf': accepts(
    "REQUEST_METHOD starts with the CRLF ('\\r\\nGET')",
    'plugins/http/http.c:195-202'
  ),
  'bare-cr': {
    kind: 'closes',
    does: 'the CR is not a line end; the connection closes without a response',
    source: 'plugins/http/http.c:250-254',
  },
  'bare-lf': {
    kind: 'waits',
    does: 'only CRLF ends a line: it waits until the client gives up',
    source: 'plugins/http/http.c:250-254, 359-363',
  },
  'http-0.9': accepts(
    'no PATH_INFO, REQUEST_URI, QUERY_STRING or SERVER_PROTOCOL keys; replied as HTTP/1.0',
    'plugins/http/http.c:205-260'
  ),
  'space-in-target': accepts(
    "cut at the first two spaces: PATH_INFO '/a', SERVER_PROTOCOL 'b HTTP/1.1'",
    'plugins/http/http.c:221-258'
  ),
  'extra-space-in-request-line': accepts(
    'cut at the first two spaces: the rest, spaces included, is SERVER_PROTOCOL',
    'plugins/http/http.c:205-260'
  ),
  'unsupported-version': accepts(
    'any version text is SERVER_PROTOCOL and echoed in the status line',
    'plugins/http/http.c:248-260'
  ),
  'lowercase-version': accepts(
    'any version text is SERVER_PROTOCOL and echoed in the status line',
    'plugins/http/http.c:248-260'
  ),
  'malformed-version': accepts(
    'any version text is SERVER_PROTOCOL and echoed in the status line',
    'plugins/http/http.c:248-260'
  ),
  'no-colon': {
    kind: 'closes',
    does: 'a header line without a colon ends the connection without a response',
    source: 'plugins/http/http.c:375-379',
  },
  'lowercase-method': accepts("REQUEST_METHOD is the method as sent ('get')"),
  'invalid-content-length': accepts('CONTENT_LENGTH is the value as sent'),
  'signed-content-length': accepts('CONTENT_LENGTH is the value as sent'),
  'two-content-lengths-different': accepts("the values are joined: CONTENT_LENGTH '3, 5'"),
  'bare-lf-among-crlf': accepts('the LF stays inside the header value it follows'),
  'tab-in-request-line': accepts('the tab is part of the target'),
  'target-without-slash': accepts('PATH_INFO is the target as sent'),
  'non-ascii-target': accepts('the bytes reach PATH_INFO as they are'),
  'control-in-target': accepts('the bytes reach PATH_INFO as they are'),
  'obs-fold': accepts('the continuation line is kept as a header line of its own'),
  'whitespace-before-colon': accepts('the name is cut at the colon, the space kept in it'),
  'invalid-header-name': accepts('the name is passed on as it is'),
  'control-in-value': accepts('the control character is kept in the value'),
  'two-content-lengths-equal': accepts("the values are joined: CONTENT_LENGTH '3, 3'"),
  'content-length-and-transfer-encoding': accepts(
    'both passed to the app; the body is not de-chunked'
  ),
  'transfer-encoding-not-chunked': accepts('HTTP_TRANSFER_ENCODING is passed to the app as sent'),
}
