/**
 * @module
 * wsgiref's verdicts: http.server's, plus what its `get_environ` does with the headers
 * (CPython 3.13 `Lib/wsgiref/simple_server.py`).
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'
import { HTTP_SERVER_VERDICTS } from './http-server.ts'

export const WSGIREF_PARSER: ParserVerdicts = {
  ...HTTP_SERVER_VERDICTS,
  'obs-fold': {
    kind: 'accepts',
    does: "the continuation is kept with its CRLF: 'a\\r\\n  b'",
    source:
      'Lib/email/_policybase.py:309-311 (compat32 joins source lines); Lib/wsgiref/simple_server.py:98-105',
  },
  'content-length-and-transfer-encoding': {
    kind: 'accepts',
    does: 'both kept; the chunked body is not decoded, wsgi.input is the raw socket',
    source: 'Lib/wsgiref/simple_server.py:98-105',
  },
  'two-content-lengths-equal': {
    kind: 'accepts',
    does: 'CONTENT_LENGTH is the first value (headers.get)',
    source: 'Lib/wsgiref/simple_server.py:98-100',
  },
  'two-content-lengths-different': {
    kind: 'accepts',
    does: 'CONTENT_LENGTH is the first value (headers.get); the rest is read as the next request',
    source: 'Lib/wsgiref/simple_server.py:98-100',
  },
}
