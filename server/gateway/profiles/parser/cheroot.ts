/**
 * @module
 * cheroot 11.x's verdicts (CherryPy's server): `cheroot/server.py` HTTPRequest.read_request_line
 * and read_request_headers demand CRLF, a strict request line and origin-form targets.
 * Wired to the cheroot profile once it is on main.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'

const REQUEST_LINE = 'cheroot/server.py:801-826'
const BAD_LINE = 'Malformed Request-Line'

export const CHEROOT_PARSER: ParserVerdicts = {
  'bare-lf': {
    kind: 'refuses',
    status: 400,
    reason: 'HTTP requires CRLF terminators',
    source: 'cheroot/server.py:795-799, 231-232',
  },
  'bare-lf-among-crlf': {
    kind: 'refuses',
    status: 400,
    reason: 'HTTP requires CRLF terminators',
    source: 'cheroot/server.py:231-232',
  },
  'http-0.9': { kind: 'refuses', status: 400, reason: BAD_LINE, source: REQUEST_LINE },
  'lowercase-method': {
    kind: 'refuses',
    status: 400,
    reason: 'Malformed method name',
    source: 'cheroot/server.py:829-838',
  },
  'space-in-target': {
    kind: 'refuses',
    status: 400,
    reason: 'Malformed Request-Line: bad protocol',
    source: 'cheroot/server.py:803-809',
  },
  'extra-space-in-request-line': {
    kind: 'refuses',
    status: 400,
    reason: 'Malformed Request-Line: bad protocol',
    source: 'cheroot/server.py:803-809',
  },
  'lowercase-version': {
    kind: 'refuses',
    status: 400,
    reason: 'Malformed Request-Line: bad protocol',
    source: 'cheroot/server.py:803-809',
  },
  'unsupported-version': {
    kind: 'refuses',
    status: 505,
    reason: 'Cannot fulfill request',
    source: 'cheroot/server.py:818-823',
  },
  'target-without-slash': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid path in Request-URI',
    source: 'cheroot/server.py:906-921',
  },
  'non-ascii-target': {
    kind: 'refuses',
    status: 400,
    reason: 'Malformed Request-URI',
    source: 'cheroot/server.py:842-845',
  },
  'obs-fold': {
    kind: 'accepts',
    does: 'the header keeps only its last continuation line',
    source: 'cheroot/server.py:233-259',
  },
  'no-colon': {
    kind: 'refuses',
    status: 400,
    reason: 'Illegal header line.',
    source: 'cheroot/server.py:240-244',
  },
  'signed-content-length': {
    kind: 'accepts',
    does: "int() takes a sign: CONTENT_LENGTH is the value as sent ('+5')",
    source: 'cheroot/server.py:1010-1017',
  },
  'invalid-content-length': {
    kind: 'refuses',
    status: 400,
    reason: 'Malformed Content-Length Header.',
    source: 'cheroot/server.py:1010-1017 (what int() does not take)',
  },
  'two-content-lengths-different': {
    kind: 'waits',
    does: 'the last Content-Length wins, and it waits for that many body bytes',
    source: 'cheroot/server.py:255-259',
  },
  'transfer-encoding-not-chunked': {
    kind: 'refuses',
    status: 501,
    reason: 'Unimplemented',
    source: 'cheroot/server.py:1045-1054',
  },
}
