/**
 * @module
 * The malformed-request cases a server's HTTP parser meets, and one server's verdict on each.
 *
 * Types and data only, so the UI can share them. Node's parser refuses every one of these
 * (or lets it through untouched); each Python server has its own rule, taken from its source,
 * and the Profiles comparison shows that rule instead of Node's refusal.
 */

/** Every case the classifier names, in the order a parser meets them (request line first). */
export const MALFORMATIONS = [
  'leading-crlf',
  'bare-cr',
  'bare-lf',
  'bare-lf-among-crlf',
  'http-0.9',
  'lowercase-method',
  'tab-in-request-line',
  'space-in-target',
  'extra-space-in-request-line',
  'target-without-slash',
  'non-ascii-target',
  'control-in-target',
  'unsupported-version',
  'lowercase-version',
  'malformed-version',
  'obs-fold',
  'no-colon',
  'whitespace-before-colon',
  'invalid-header-name',
  'control-in-value',
  'content-length-and-transfer-encoding',
  'two-content-lengths-equal',
  'two-content-lengths-different',
  'signed-content-length',
  'invalid-content-length',
  'transfer-encoding-not-chunked',
  'too-many-headers',
] as const

export type Malformation = (typeof MALFORMATIONS)[number]

/** What each case is, in one line for the UI. */
export const MALFORMATION_TITLES: Readonly<Record<Malformation, string>> = {
  'leading-crlf': 'an empty line before the request line',
  'bare-cr': 'a CR not followed by LF',
  'bare-lf': 'lines ending in LF without CR',
  'bare-lf-among-crlf': 'a bare LF in a head whose other lines end in CRLF',
  'http-0.9': 'an HTTP/0.9 request line (no version)',
  'lowercase-method': 'a method with lowercase letters',
  'tab-in-request-line': 'a tab in the request line',
  'space-in-target': 'a space inside the request-target (more than three words)',
  'extra-space-in-request-line': 'a run of spaces, or a space before or after the line',
  'target-without-slash': 'an origin-form target that does not start with /',
  'non-ascii-target': 'raw non-ASCII bytes in the request-target',
  'control-in-target': 'a control character (NUL...) in the request-target',
  'unsupported-version': 'an HTTP/1 minor version other than 0 or 1 (HTTP/1.2)',
  'lowercase-version': 'a version spelled in lowercase (http/1.1)',
  'malformed-version': 'a version not spelled HTTP/d.d (HTTP/01.01)',
  'obs-fold': 'a header continued on the next line (obs-fold)',
  'no-colon': 'a header line without a colon',
  'whitespace-before-colon': 'whitespace between a header name and its colon',
  'invalid-header-name': 'a header name with bytes outside the token set',
  'control-in-value': 'a control character in a header value',
  'content-length-and-transfer-encoding': 'Content-Length together with Transfer-Encoding: chunked',
  'two-content-lengths-equal': 'Content-Length repeated with equal values',
  'two-content-lengths-different': 'Content-Length repeated with different values',
  'signed-content-length': 'a Content-Length with a sign (+5, -1)',
  'invalid-content-length': 'a Content-Length that is not a number',
  'transfer-encoding-not-chunked': 'a Transfer-Encoding other than chunked',
  'too-many-headers': 'more than 100 header lines',
}

/** What a server does when its parser meets one case. */
export type ParserAnswer =
  /** It goes on; `does` says how the environ shows it (e.g. "obs-fold joined with one space"). */
  | { readonly kind: 'accepts'; readonly does: string }
  /** It never answers: it waits for bytes that end the head its way. */
  | { readonly kind: 'waits'; readonly does: string }
  /** It closes the connection without sending a byte (or sends no status line). */
  | { readonly kind: 'closes'; readonly does: string }
  | { readonly kind: 'refuses'; readonly status: number; readonly reason: string }

/** A server's answer to one case, traced to its current release's source. */
export type ParserVerdict = ParserAnswer & {
  /** `file:line` in the release the profile models. */
  readonly source: string
}

/** A server's verdicts; a case with no entry is one we have not modelled for it. */
export type ParserVerdicts = Readonly<Partial<Record<Malformation, ParserVerdict>>>
