/**
 * @module
 * Classic malformed requests for the Raw tab. Each is written in the Raw tab's notation
 * (a line break is CRLF, `\n` a bare LF; see raw-text.ts) and says what a careful server
 * does with it. Node's parser (llhttp, strict) refuses all of them with a 400 and a reason.
 */

export interface RawPreset {
  readonly id: string
  readonly title: string
  readonly text: string
  /** Why it is malformed, and why servers must refuse it. */
  readonly lesson: string
}

export const RAW_PRESETS: readonly RawPreset[] = [
  {
    id: 'cl-te',
    title: 'CL + TE',
    text: 'POST / HTTP/1.1\nHost: example.test\nContent-Length: 5\nTransfer-Encoding: chunked\n\n0\n\n',
    lesson:
      'Content-Length and Transfer-Encoding together: a front end and a back end that pick different ones disagree on where the body ends (request smuggling, RFC 9112 §6.3).',
  },
  {
    id: 'two-lengths',
    title: 'Two Content-Lengths',
    text: 'POST / HTTP/1.1\nHost: example.test\nContent-Length: 3\nContent-Length: 5\n\nabc',
    lesson:
      'Two different Content-Length values leave the body length undefined; RFC 9112 §6.3 says to refuse the request.',
  },
  {
    id: 'obs-fold',
    title: 'obs-fold',
    text: 'GET / HTTP/1.1\nHost: example.test\nX-Folded: first\n  second\n\n',
    lesson:
      'A line starting with whitespace continues the previous header (obsolete line folding); RFC 9112 §5.2 lets a server refuse it or unfold it.',
  },
  {
    id: 'bare-lf',
    title: 'Bare LF',
    text: 'GET / HTTP/1.1\\n\nHost: example.test\\n\n\\n\n',
    lesson:
      'Lines ended by LF alone instead of CRLF. Lenient parsers accept them, strict ones do not; the disagreement is a smuggling vector.',
  },
  {
    id: 'no-colon',
    title: 'No colon',
    text: 'GET / HTTP/1.1\nHost: example.test\nNo colon here\n\n',
    lesson: 'A header line without a colon is not a header at all.',
  },
]
