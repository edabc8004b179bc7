/**
 * @module
 * How CPython's `http.server` parser (which wsgiref and Werkzeug's development server both
 * use) answers malformed requests: it reads lines up to LF, splits the request line on any
 * whitespace, and hands the headers to the email parser, which ends the head at the first
 * line that is not a header and keeps going. CPython 3.13 `Lib/http/server.py`.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'

const PARSE_REQUEST = 'Lib/http/server.py:267-375 (parse_request)'
const HEADER_LINE = 'Lib/email/feedparser.py:37 (headerRE); Lib/http/client.py:245-249'

/** What both servers do the same way (they differ on obs-fold and chunked bodies). */
export const HTTP_SERVER_VERDICTS: ParserVerdicts = {
  'leading-crlf': {
    kind: 'closes',
    does: 'the first line is empty, so parse_request gives up and closes without a byte',
    source: PARSE_REQUEST,
  },
  'bare-cr': {
    kind: 'closes',
    does: 'the CR is not a line end: the line runs on, its last word is not a version, and the 400 "Bad request version" goes out HTTP/0.9-style, with no status line',
    source: PARSE_REQUEST,
  },
  'bare-lf': {
    kind: 'accepts',
    does: 'readline() ends lines at LF: parsed as if every line ended in CRLF',
    source: 'Lib/http/server.py:407-409 (rfile.readline); Lib/http/client.py:213-226',
  },
  'bare-lf-among-crlf': {
    kind: 'accepts',
    does: 'readline() ends lines at LF: the bare LF ends its line like a CRLF',
    source: 'Lib/http/server.py:407-409 (rfile.readline); Lib/http/client.py:213-226',
  },
  'http-0.9': {
    kind: 'accepts',
    does: "reads headers up to an empty line, runs the app with SERVER_PROTOCOL 'HTTP/0.9' and replies with the body only, no status line",
    source: PARSE_REQUEST,
  },
  'lowercase-method': {
    kind: 'accepts',
    does: "REQUEST_METHOD is the method as sent ('get')",
    source: PARSE_REQUEST,
  },
  'tab-in-request-line': {
    kind: 'refuses',
    status: 400,
    reason: 'Bad request syntax',
    source: `${PARSE_REQUEST}: split() cuts at the tab, giving more than three words`,
  },
  'space-in-target': {
    kind: 'refuses',
    status: 400,
    reason: 'Bad request syntax',
    source: `${PARSE_REQUEST}: more than three words`,
  },
  'extra-space-in-request-line': {
    kind: 'accepts',
    does: 'split() collapses runs of whitespace and drops it at the ends',
    source: PARSE_REQUEST,
  },
  'target-without-slash': {
    kind: 'accepts',
    does: "PATH_INFO is the target as sent ('foo/bar', '')",
    source: 'Lib/wsgiref/simple_server.py:88-96',
  },
  'non-ascii-target': {
    kind: 'accepts',
    does: 'each byte becomes one latin-1 character of PATH_INFO / QUERY_STRING',
    source: 'Lib/http/server.py:277 (str(raw_requestline, "iso-8859-1"))',
  },
  'control-in-target': {
    kind: 'accepts',
    does: 'split() does not cut at it: the control character stays in PATH_INFO',
    source: PARSE_REQUEST,
  },
  'unsupported-version': {
    kind: 'accepts',
    does: "SERVER_PROTOCOL is the version as sent ('HTTP/1.2')",
    source: PARSE_REQUEST,
  },
  'lowercase-version': {
    kind: 'closes',
    does: 'the version must start with "HTTP/": the 400 "Bad request version" goes out HTTP/0.9-style, with no status line',
    source: PARSE_REQUEST,
  },
  'malformed-version': {
    kind: 'accepts',
    does: "leading zeros are fine: SERVER_PROTOCOL is the word as sent ('HTTP/01.01')",
    source: PARSE_REQUEST,
  },
  'no-colon': {
    kind: 'accepts',
    does: 'the email parser starts the body at that line: it and every header after it disappear',
    source: HEADER_LINE,
  },
  'whitespace-before-colon': {
    kind: 'accepts',
    does: 'the email parser starts the body at that line: it and every header after it disappear',
    source: HEADER_LINE,
  },
  'invalid-header-name': {
    kind: 'accepts',
    does: 'the email parser starts the body at that line: it and every header after it disappear',
    source: HEADER_LINE,
  },
  'control-in-value': {
    kind: 'accepts',
    does: 'the control character is kept in the value',
    source: 'Lib/http/client.py:213-226',
  },
  'signed-content-length': {
    kind: 'accepts',
    does: 'CONTENT_LENGTH is the value as sent; the app decides what it means',
    source: 'Lib/wsgiref/simple_server.py:98-105',
  },
  'invalid-content-length': {
    kind: 'accepts',
    does: 'CONTENT_LENGTH is the value as sent; the app decides what it means',
    source: 'Lib/wsgiref/simple_server.py:98-105',
  },
  'transfer-encoding-not-chunked': {
    kind: 'accepts',
    does: 'HTTP_TRANSFER_ENCODING is passed to the app as sent',
    source: 'Lib/wsgiref/simple_server.py:98-105',
  },
  'too-many-headers': {
    kind: 'refuses',
    status: 431,
    reason: 'Too many headers',
    source: 'Lib/http/client.py:111-112, 213-226 (_MAXHEADERS = 100, the empty line counted)',
  },
}
