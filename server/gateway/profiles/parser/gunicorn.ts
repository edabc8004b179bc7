/**
 * @module
 * gunicorn 26's verdicts: strict RFC 9112 parsing in `gunicorn/http/message.py` (snapshot
 * benoitc/gunicorn@65ac1a3a4c0a, the release the profile models). Every refusal is a 400
 * with the exception's text in the body.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'

const REQUEST_LINE = 'gunicorn/http/message.py:868-871'
const HEADER = 'gunicorn/http/message.py:128-136, 359-360, 387-388'

export const GUNICORN_PARSER: ParserVerdicts = {
  'leading-crlf': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid Request Line',
    source: REQUEST_LINE,
  },
  'bare-cr': { kind: 'refuses', status: 400, reason: 'Invalid Request Line', source: REQUEST_LINE },
  'bare-lf': {
    kind: 'waits',
    does: 'only CRLF ends a line: it waits for CRLF CRLF until the client gives up',
    source: 'gunicorn/http/message.py (read_line: data.find(b"\\r\\n"))',
  },
  'bare-lf-among-crlf': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header',
    source: `${HEADER}: only CRLF ends a line, so the LF is a control character in a value`,
  },
  'http-0.9': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid Request Line',
    source: `${REQUEST_LINE}: split(b" ", 2) must give three parts`,
  },
  'lowercase-method': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP method',
    source: 'gunicorn/http/message.py:130, 876-885 (METHOD_BADCHAR_RE)',
  },
  'tab-in-request-line': {
    kind: 'accepts',
    does: "urlsplit deletes the tab: PATH_INFO '/ab', RAW_URI keeps it",
    source: 'gunicorn/http/message.py:909-916; Lib/urllib/parse.py:92, 497',
  },
  'space-in-target': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Version',
    source: `${REQUEST_LINE}: the third part is everything after the second space`,
  },
  'extra-space-in-request-line': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid Request Line',
    source: REQUEST_LINE,
  },
  'target-without-slash': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid request target',
    source: 'gunicorn/http/message.py:909-916',
  },
  'non-ascii-target': {
    kind: 'accepts',
    does: 'each byte becomes one latin-1 character of PATH_INFO / QUERY_STRING',
    source: 'gunicorn/http/wsgi.py:99-116',
  },
  'unsupported-version': {
    kind: 'accepts',
    does: "any HTTP/1.x is taken: SERVER_PROTOCOL 'HTTP/1.2'",
    source: 'gunicorn/http/message.py:886-895 (1.0 <= version < 2.0)',
  },
  'lowercase-version': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Version',
    source: 'gunicorn/http/message.py:886-895 (VERSION_RE HTTP/(\\d)\\.(\\d))',
  },
  'malformed-version': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Version',
    source: 'gunicorn/http/message.py:886-895 (VERSION_RE HTTP/(\\d)\\.(\\d))',
  },
  'obs-fold': {
    kind: 'refuses',
    status: 400,
    reason: 'Obsolete line folding is unacceptable',
    source: 'gunicorn/http/message.py (ObsoleteFolding unless permit_obsolete_folding, since 23.0)',
  },
  'no-colon': { kind: 'refuses', status: 400, reason: 'Invalid HTTP Header', source: HEADER },
  'whitespace-before-colon': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header',
    source: HEADER,
  },
  'invalid-header-name': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header',
    source: HEADER,
  },
  'control-in-value': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header',
    source: 'gunicorn/http/message.py:133-136, 387-388',
  },
  'content-length-and-transfer-encoding': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header: CONTENT-LENGTH',
    source: 'gunicorn/http/message.py:436-446 (request smuggling guard)',
  },
  'two-content-lengths-equal': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header: CONTENT-LENGTH',
    source: 'gunicorn/http/message.py:154-157, 237-240 (singleton headers)',
  },
  'two-content-lengths-different': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header: CONTENT-LENGTH',
    source: 'gunicorn/http/message.py:154-157, 237-240 (singleton headers)',
  },
  'signed-content-length': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header: CONTENT-LENGTH',
    source: 'gunicorn/http/message.py:447-456 (digits only)',
  },
  'invalid-content-length': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid HTTP Header: CONTENT-LENGTH',
    source: 'gunicorn/http/message.py:447-456 (digits only)',
  },
  'transfer-encoding-not-chunked': {
    kind: 'accepts',
    does: "identity is ignored; 'gzip, chunked' is de-chunked and the connection closed after the answer",
    source: 'gunicorn/http/message.py:420-446',
  },
  'too-many-headers': {
    kind: 'refuses',
    status: 400,
    reason: 'Limit request headers fields',
    source: 'gunicorn/http/message.py (limit_request_fields, default 100)',
  },
}
