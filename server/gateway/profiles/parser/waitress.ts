/**
 * @module
 * waitress 3.x's verdicts: `src/waitress/parser.py` (HTTPRequestParser) reads a head only up
 * to CRLF CRLF, matches the start line with one strict regex and every header line with
 * another, and de-chunks bodies itself. Wired to the waitress profile once it is on main.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'

const START_LINE = 'src/waitress/parser.py:412-437 (first_line_re: METHOD SP URI [SP HTTP/d.d])'
const HEADER = 'src/waitress/parser.py:222-226 (header field regex)'
const BARE = 'src/waitress/parser.py:213-214, 396-399'
const LENGTH = 'src/waitress/parser.py:321-325'

export const WAITRESS_PARSER: ParserVerdicts = {
  'leading-crlf': {
    kind: 'accepts',
    does: 'empty lines before the request line are stripped',
    source: 'src/waitress/parser.py:133 (header_plus.lstrip())',
  },
  'bare-cr': {
    kind: 'refuses',
    status: 400,
    reason: 'Bare CR or LF found in HTTP message',
    source: BARE,
  },
  'bare-lf': {
    kind: 'waits',
    does: 'the head ends only at CRLF CRLF: it waits until the client gives up',
    source: 'src/waitress/parser.py:81-133',
  },
  'bare-lf-among-crlf': {
    kind: 'refuses',
    status: 400,
    reason: 'Bare CR or LF found in HTTP message',
    source: BARE,
  },
  'http-0.9': {
    kind: 'accepts',
    does: "the version is optional: served as HTTP/1.0 (SERVER_PROTOCOL 'HTTP/1.0')",
    source: `${START_LINE}; src/waitress/task.py:158-162`,
  },
  'lowercase-method': {
    kind: 'refuses',
    status: 400,
    reason: 'Malformed HTTP method',
    source: 'src/waitress/parser.py:438-439 (method must equal method.upper())',
  },
  'tab-in-request-line': {
    kind: 'accepts',
    does: "the tab is part of the URI: REQUEST_URI '/a\\tb', PATH_INFO '/ab' after urlsplit",
    source: START_LINE,
  },
  'space-in-target': {
    kind: 'refuses',
    status: 400,
    reason: 'Start line is invalid',
    source: START_LINE,
  },
  'extra-space-in-request-line': {
    kind: 'refuses',
    status: 400,
    reason: 'Start line is invalid',
    source: START_LINE,
  },
  'target-without-slash': {
    kind: 'accepts',
    does: "PATH_INFO gets a leading '/' ('/foo/bar')",
    source: 'src/waitress/parser.py:371-380',
  },
  'non-ascii-target': {
    kind: 'refuses',
    status: 400,
    reason: 'Bad URI',
    source: 'src/waitress/parser.py:371-374',
  },
  'control-in-target': {
    kind: 'accepts',
    does: 'the control character stays in PATH_INFO',
    source: START_LINE,
  },
  'unsupported-version': {
    kind: 'accepts',
    does: "any HTTP/d.d is taken; the environ says SERVER_PROTOCOL 'HTTP/1.0'",
    source: 'src/waitress/task.py:158-162',
  },
  'lowercase-version': {
    kind: 'refuses',
    status: 400,
    reason: 'Start line is invalid',
    source: START_LINE,
  },
  'malformed-version': {
    kind: 'refuses',
    status: 400,
    reason: 'Start line is invalid',
    source: START_LINE,
  },
  'obs-fold': {
    kind: 'accepts',
    does: "continuation lines are joined without their CRLF: 'first  second'",
    source: 'src/waitress/parser.py:396-410',
  },
  'no-colon': { kind: 'refuses', status: 400, reason: 'Invalid header', source: HEADER },
  'whitespace-before-colon': {
    kind: 'refuses',
    status: 400,
    reason: 'Invalid header',
    source: HEADER,
  },
  'invalid-header-name': { kind: 'refuses', status: 400, reason: 'Invalid header', source: HEADER },
  'control-in-value': { kind: 'refuses', status: 400, reason: 'Invalid header', source: HEADER },
  'content-length-and-transfer-encoding': {
    kind: 'accepts',
    does: 'chunked wins: the body is de-chunked, Content-Length dropped, the connection closed after',
    source: 'src/waitress/parser.py:306-321',
  },
  'two-content-lengths-equal': {
    kind: 'refuses',
    status: 400,
    reason: 'Content-Length is invalid',
    source: `${LENGTH} (repeats are joined with ', ', which is not digits)`,
  },
  'two-content-lengths-different': {
    kind: 'refuses',
    status: 400,
    reason: 'Content-Length is invalid',
    source: `${LENGTH} (repeats are joined with ', ', which is not digits)`,
  },
  'signed-content-length': {
    kind: 'refuses',
    status: 400,
    reason: 'Content-Length is invalid',
    source: `${LENGTH} (digits only)`,
  },
  'invalid-content-length': {
    kind: 'refuses',
    status: 400,
    reason: 'Content-Length is invalid',
    source: LENGTH,
  },
  'transfer-encoding-not-chunked': {
    kind: 'refuses',
    status: 501,
    reason: 'Transfer-Encoding requested is not supported.',
    source: 'src/waitress/parser.py:288-313',
  },
  'too-many-headers': {
    kind: 'accepts',
    does: 'no limit on the number of fields, only on the head size (256 KiB)',
    source: 'src/waitress/adjustments.py:243 (max_request_header_size)',
  },
}
