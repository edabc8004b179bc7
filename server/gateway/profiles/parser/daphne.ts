/**
 * @module
 * daphne 4.2.2 on Twisted 24.10.0 (the `daphne` profile): Twisted's `HTTPChannel` parses the
 * head (`src/twisted/web/http.py` at tag twisted-24.10.0rc1, the same file as trunk 64661601),
 * then daphne's `http_protocol.py` checks names, values, path and query. Twisted refuses with
 * `_respondToBadRequestAndDisconnect`: `400 Bad Request`, no body, connection closed.
 * daphne does not pin Twisted (`twisted[tls]>=22.4`): an older Twisted takes more (Debian's
 * 22.4 split the request line on any whitespace and took any version text).
 */

import type { ParserVerdict, ParserVerdicts } from '../../../contract/parser-verdicts.ts'
import { TWISTED_BAD_REQUEST } from '../twisted.ts'

const TWISTED = 'twisted/web/http.py'
const REQUEST_LINE = `${TWISTED}:253-301 (_parseRequestLine: line.split(b" ") into exactly 3 words)`
const DECODER = `${TWISTED}:2424-2461 (_maybeChooseTransferDecoder)`

const refuses = (source: string): ParserVerdict => ({
  kind: 'refuses',
  ...TWISTED_BAD_REQUEST,
  source,
})

export const DAPHNE_PARSER: ParserVerdicts = {
  'leading-crlf': {
    kind: 'accepts',
    does: 'one empty line before the request line is skipped ("IE sends an extraneous empty line")',
    source: `${TWISTED}:2364-2367`,
  },
  'bare-cr': refuses(`${REQUEST_LINE}: the CR stays in a word, which fails the version check`),
  'bare-lf': {
    kind: 'waits',
    does: 'lines end only at CRLF (LineReceiver), so a head ended by bare LFs never ends',
    source: `${TWISTED}:2199 (HTTPChannel(basic.LineReceiver)), twisted/protocols/basic.py`,
  },
  'bare-lf-among-crlf': {
    kind: 'accepts',
    does: "the LF stays inside its CRLF-ended line: it is part of that header's value",
    source: `${TWISTED}:2463-2501 (headerReceived refuses only NUL in a value)`,
  },
  'http-0.9': refuses(`${REQUEST_LINE}: two words`),
  'lowercase-method': {
    kind: 'accepts',
    does: "a method is any token, kept as sent: scope method 'get'",
    source: `${TWISTED}:288-291 (_istoken); daphne/http_protocol.py:181`,
  },
  'tab-in-request-line': refuses(`${REQUEST_LINE}: a target byte <= 32`),
  'space-in-target': refuses(`${REQUEST_LINE}: four words`),
  'extra-space-in-request-line': refuses(`${REQUEST_LINE}: an empty word`),
  'target-without-slash': {
    kind: 'accepts',
    does: "any non-empty target is taken: path 'foo/bar'",
    source: `${TWISTED}:293-297`,
  },
  // 176 is decimal there: \x80-\xb0 pass Twisted and meet daphne's own 400s instead
  'non-ascii-target': refuses(
    `${TWISTED}:293-295 (a target byte > 176); daphne/http_protocol.py:108-123 ("Invalid characters in path", "Invalid query string")`
  ),
  'control-in-target': refuses(`${REQUEST_LINE}: a target byte <= 32`),
  'unsupported-version': refuses(`${REQUEST_LINE}: only HTTP/1.0 and HTTP/1.1`),
  'lowercase-version': refuses(`${REQUEST_LINE}: only HTTP/1.0 and HTTP/1.1`),
  'malformed-version': refuses(`${REQUEST_LINE}: only HTTP/1.0 and HTTP/1.1`),
  'obs-fold': {
    kind: 'accepts',
    does: "a continuation line is joined to the previous value with one space: 'a b c'",
    source: `${TWISTED}:2402-2404`,
  },
  'no-colon': refuses(`${TWISTED}:2475-2479 (line.split(b":", 1))`),
  'whitespace-before-colon': refuses(
    `${TWISTED}:2481-2486 (_NameEncoder.encode: the name must be a token)`
  ),
  'invalid-header-name': refuses(
    `${TWISTED}:2481-2486 (_NameEncoder.encode: the name must be a token); daphne/http_protocol.py:73-77`
  ),
  'control-in-value': {
    kind: 'accepts',
    does: 'kept in the value: Twisted refuses only NUL, daphne only \\x0b \\x0c \\x1c-\\x1e \\x85 (4.2.2)',
    source: `${TWISTED}:2489-2491; daphne/http_protocol.py:78-83, utils.py:11`,
  },
  'content-length-and-transfer-encoding': refuses(`${DECODER}: a second length-deciding header`),
  'two-content-lengths-equal': refuses(`${DECODER}: a second length-deciding header`),
  'two-content-lengths-different': refuses(`${DECODER}: a second length-deciding header`),
  'signed-content-length': refuses(`${DECODER}: Content-Length must be isdigit()`),
  'invalid-content-length': refuses(`${DECODER}: Content-Length must be isdigit()`),
  'transfer-encoding-not-chunked': {
    kind: 'accepts',
    does: "'identity' is ignored and the body follows Content-Length; any other value but 'chunked' is a 400",
    source: DECODER,
  },
  'too-many-headers': {
    kind: 'accepts',
    does: 'up to 500 header lines (maxHeaders), and 16 KiB of head (totalHeadersSize)',
    source: `${TWISTED}:2304-2305, 2496-2499`,
  },
}
