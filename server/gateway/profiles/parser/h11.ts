/**
 * @module
 * h11's verdicts (python-hyper/h11 0.16.0, `h11/…`), for any server that parses with it
 * (uvicorn's default `--http h11`; hypercorn's HTTP/1). h11 raises one `RemoteProtocolError`
 * for every refusal and the server picks the answer, so the caller passes its own.
 */

import type { ParserVerdict, ParserVerdicts } from '../../../contract/parser-verdicts.ts'

/** What the server sends when h11 raises: its status, its body, and where it says so. */
export interface H11ErrorAnswer {
  readonly status: number
  readonly reason: string
  /** `file:line` of the server's `except h11.RemoteProtocolError`. */
  readonly source: string
  /** The server sends h11's `error_status_hint` (501 for Transfer-Encoding), not `status`. */
  readonly hinted?: boolean
}

// request-line = token SP vchar+ SP HTTP/d.d, matched with fullmatch (_util.py:84-92)
const REQUEST_LINE = 'h11/_abnf.py:82-91 (method SP vchar+ SP HTTP/d.d, fullmatch)'
// header-field = token ":" OWS value OWS (_readers.py:64-69)
const HEADER_FIELD = 'h11/_abnf.py:64-70, h11/_readers.py:64-69 (token ":" OWS value OWS)'
const CONTENT_LENGTH = 'h11/_headers.py:172-184'

/** h11's verdicts, every refusal answered as `answer` says. */
export function h11Verdicts(answer: H11ErrorAnswer): ParserVerdicts {
  const refuses = (where: string): ParserVerdict => ({
    kind: 'refuses',
    status: answer.status,
    reason: answer.reason,
    source: `${where}; ${answer.source}`,
  })
  const lineEnds: ParserVerdict = {
    kind: 'accepts',
    does: 'a bare LF ends a line as CRLF does (the head ends at LF CR? LF, each line loses one trailing CR)',
    source: 'h11/_receivebuffer.py:44, 118-136',
  }
  return {
    'leading-crlf': refuses(
      'h11/_readers.py:81-82 ("no request line received"), h11/_receivebuffer.py:108-115'
    ),
    'bare-cr': refuses(`${REQUEST_LINE}: the CR stays inside the line`),
    'bare-lf': lineEnds,
    'bare-lf-among-crlf': lineEnds,
    'http-0.9': {
      kind: 'waits',
      does: 'it reads the head up to an empty line; with one, the two-word line fails the request-line rule and it refuses',
      source: `h11/_receivebuffer.py:118-121; ${REQUEST_LINE}`,
    },
    'lowercase-method': {
      kind: 'accepts',
      does: "a method is any token, kept as sent: scope method 'get'",
      source: 'h11/_abnf.py:17, 82',
    },
    'tab-in-request-line': refuses(REQUEST_LINE),
    'space-in-target': refuses(REQUEST_LINE),
    'extra-space-in-request-line': refuses(REQUEST_LINE),
    'target-without-slash': {
      kind: 'accepts',
      does: "any vchar+ target is taken and split at the first '?': path 'foo/bar'",
      source: 'h11/_abnf.py:83',
    },
    'non-ascii-target': refuses('h11/_abnf.py:54, 83 (target is vchar+, \\x21-\\x7e)'),
    'control-in-target': refuses('h11/_abnf.py:54, 83 (target is vchar+, \\x21-\\x7e)'),
    'unsupported-version': {
      kind: 'accepts',
      does: "any HTTP/d.d is taken: scope http_version '1.2'",
      source: 'h11/_abnf.py:84',
    },
    'lowercase-version': refuses('h11/_abnf.py:84 ("HTTP" is case-sensitive)'),
    'malformed-version': refuses('h11/_abnf.py:84 (one digit each side of the dot)'),
    'obs-fold': {
      kind: 'accepts',
      does: "a continuation line is joined to the previous value with one space: 'a b c'",
      source: 'h11/_readers.py:43-61',
    },
    'no-colon': refuses(HEADER_FIELD),
    'whitespace-before-colon': refuses(HEADER_FIELD),
    'invalid-header-name': refuses(HEADER_FIELD),
    'control-in-value': {
      kind: 'accepts',
      does: 'kept in the header bytes: values may hold any byte but NUL and whitespace controls (\\x0b, \\x0c are refused)',
      source: 'h11/_abnf.py:48-57 (issue #57)',
    },
    'content-length-and-transfer-encoding': {
      kind: 'accepts',
      does: 'chunked wins and the body is de-chunked; the content-length header stays in headers',
      source: 'h11/_connection.py:126-130',
    },
    'two-content-lengths-equal': {
      kind: 'accepts',
      does: 'equal values collapse: headers holds one content-length with that value',
      source: CONTENT_LENGTH,
    },
    'two-content-lengths-different': refuses(
      `${CONTENT_LENGTH} ("conflicting Content-Length headers")`
    ),
    'signed-content-length': refuses(`${CONTENT_LENGTH} (digits only, h11/_headers.py:72)`),
    'invalid-content-length': refuses(`${CONTENT_LENGTH} (digits only, h11/_headers.py:72)`),
    'transfer-encoding-not-chunked': {
      ...refuses('h11/_headers.py:185-203 (only a single Transfer-Encoding: chunked)'),
      // raised with error_status_hint=501
      ...(answer.hinted ? { status: 501 } : {}),
    },
    'too-many-headers': {
      kind: 'accepts',
      does: 'no count limit: only a head over h11_max_incomplete_event_size (16 KiB by default) is refused',
      source: 'h11/_connection.py:485-490',
    },
  }
}
