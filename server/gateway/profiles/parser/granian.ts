/**
 * @module
 * granian 2.8.1 over HTTP/1 (the `granian` profile): its Cargo.lock pins hyper 1.11.0,
 * httparse 1.10.1 and http 1.5.0. httparse reads the head, hyper's `Server::parse` checks the
 * length headers and parses the target as an `http::Uri`; granian's own code answers nothing
 * before its app for these bytes (it builds hyper's `http1::Builder` with timeouts and buffer
 * size only, no parser option: src/workers.rs:514-523, 711-718). hyper answers each parse
 * error itself (`on_error`), with an empty body. http 1.5.0's source is not readable here: its
 * release notes change no parsing rule of 1.4.2 (Method::QUERY, Builder, a length cap), whose
 * lines are cited. **From source only: granian is not packaged by Debian, nothing was run.**
 */

import type { ParserVerdict, ParserVerdicts } from '../../../contract/parser-verdicts.ts'
import type { Refusal } from '../types.ts'

/** What hyper sends for a parse error: the status alone, no body (role.rs `on_error`). */
export const hyperRefusal = (status: number): Refusal => ({
  status,
  reason: `hyper refused the request (granian answers this ${status} with no body)`,
})

const LIB = 'httparse src/lib.rs'
const ROLE = 'hyper src/proto/h1/role.rs'
const HEADERS = 'hyper src/headers.rs'
const ANSWER = `${ROLE}:481-497 (on_error: Method, Header, Uri, Version → 400; TooLarge → 431)`
const TOKEN_AFTER_METHOD = `${ROLE}:203-211 (Error::Token after the method → Parse::Uri)`
const VERSION = `${LIB}:758-791 (parse_version: exactly "HTTP/1.0" or "HTTP/1.1")`
const DIGITS = `${HEADERS}:35-37, 70-95 (from_digits: ASCII digits only, no sign); ${ROLE}:290-292`

const refuses = (status: number, where: string): ParserVerdict => ({
  kind: 'refuses',
  ...hyperRefusal(status),
  source: `${where}; ${ANSWER}`,
})

const lineEnds: ParserVerdict = {
  kind: 'accepts',
  does: 'a bare LF ends the request line, a header line or the head as CRLF does',
  source: `${LIB}:500 (newline!), 1105-1116, 1206-1209`,
}

export const GRANIAN_PARSER: ParserVerdicts = {
  'leading-crlf': {
    kind: 'accepts',
    does: 'empty lines (CRLF or LF) before the request line are skipped',
    source: `${LIB}:489, 558-578 (skip_empty_lines)`,
  },
  'bare-cr': refuses(400, `${LIB}:500 (newline!: CR must be followed by LF → Error::NewLine)`),
  'bare-lf': lineEnds,
  'bare-lf-among-crlf': lineEnds,
  'http-0.9': refuses(
    400,
    `${LIB}:911-930 (parse_uri: the target must end at a space, here a CR → Error::Token); ${TOKEN_AFTER_METHOD}`
  ),
  'lowercase-method': {
    kind: 'accepts',
    does: "a method is any token, kept as sent (an extension method for http): scope method 'get'",
    source: `${LIB}:58, 887-906 (parse_token); http src/method.rs:98-130; granian src/asgi/utils.rs:99`,
  },
  'tab-in-request-line': refuses(
    400,
    `${LIB}:69-71, 887-930 (a tab ends neither the method nor the target → Error::Token); ${TOKEN_AFTER_METHOD}`
  ),
  'space-in-target': refuses(
    400,
    `${LIB}:495, 499, 758-791 (the target ends at the first space; "b HTTP/1.1" is no version → Error::Version)`
  ),
  // hyper's server keeps ParserConfig::default() (src/server/conn/http1.rs:241-243)
  'extra-space-in-request-line': refuses(
    400,
    `${LIB}:492-500 (allow_multiple_spaces_in_request_line_delimiters off: an empty target is Error::Token, a space after the version Error::NewLine)`
  ),
  'target-without-slash': refuses(
    400,
    `http src/uri/mod.rs:332-340, 823-853 (not "/": scheme or authority; "foo/bar" and "?x" are neither → InvalidUri; a bare host[:port] is authority-form and passes with path ''); ${ROLE}:221 (→ Parse::Uri)`
  ),
  'non-ascii-target': {
    kind: 'accepts',
    does: "UTF-8 is taken in path and query: raw_path keeps the bytes, path is decoded ('/café'); bytes that are not UTF-8 are refused with 400 (parse_uri's from_utf8 → Parse::Uri)",
    source: `${LIB}:69-71, 921-926; http src/uri/path.rs:32-34, 457-460, 495-497 (since http 1.3.0); granian src/asgi/utils.rs:24-26`,
  },
  'control-in-target': refuses(
    400,
    `${LIB}:69-71 (URI_MAP: "!" to "~" and 0x80-0xFF), 911-930 → Error::Token; ${TOKEN_AFTER_METHOD}`
  ),
  'unsupported-version': refuses(400, VERSION),
  'lowercase-version': refuses(400, VERSION),
  'malformed-version': refuses(400, VERSION),
  'obs-fold': refuses(
    400,
    `${LIB}:508 (allow_obsolete_multiline_headers: false for requests), 1117-1134 (a line starting with SP or HTAB has no header name → Error::HeaderName)`
  ),
  'no-colon': refuses(400, `${LIB}:1138-1165 (a header name must end at ":" → Error::HeaderName)`),
  'whitespace-before-colon': refuses(
    400,
    `${LIB}:507 (allow_spaces_after_header_name: false for requests), 1150-1165 → Error::HeaderName`
  ),
  'invalid-header-name': refuses(
    400,
    `${LIB}:78-86 (TOKEN_MAP), 1117-1134, 1138-1165 → Error::HeaderName`
  ),
  'control-in-value': refuses(
    400,
    `${LIB}:90-97 (HEADER_VALUE_MAP: HTAB, SP to "~", 0x80-0xFF), 1198-1212 → Error::HeaderValue`
  ),
  'content-length-and-transfer-encoding': {
    kind: 'accepts',
    does: 'chunked wins and the body is de-chunked; the content-length header is dropped from headers whichever came first, and the connection closes after the response',
    source: `${ROLE}:266-289 (Transfer-Encoding removes a seen Content-Length, a later one is skipped), 348-350 (keep_alive = false)`,
  },
  'two-content-lengths-equal': {
    kind: 'accepts',
    does: "the repeated equal header is dropped: headers holds one content-length; one header holding a list ('3, 3') is not digits and is refused with 400",
    source: `${ROLE}:290-302 ("we don't need to append this secondary length"); ${DIGITS}`,
  },
  'two-content-lengths-different': refuses(
    400,
    `${ROLE}:293-300 (different values → content_length_invalid)`
  ),
  'signed-content-length': refuses(400, DIGITS),
  'invalid-content-length': refuses(400, DIGITS),
  'transfer-encoding-not-chunked': refuses(
    400,
    `${ROLE}:266-285, 343-346 (chunked must be the last coding, ${HEADERS}:128-137; any Transfer-Encoding on HTTP/1.0 is transfer_encoding_unexpected)`
  ),
  // granian sets no max_headers (src/workers.rs:514-523): hyper's 100 slots
  'too-many-headers': refuses(
    431,
    `${ROLE}:31, 159-169 (100 header slots); ${LIB}:1044, 1223-1226 (a 101st → Error::TooManyHeaders); hyper src/error.rs:653-665 (→ Parse::TooLarge)`
  ),
}
