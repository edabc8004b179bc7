/**
 * @module
 * What the browser lets a page send: forbidden header names, header validity, suggestions.
 *
 * Rows the browser refuses are kept in the table and marked with the reason; the fetch
 * mode skips them, the later exact mode (sent from the server) will not.
 *
 * @see https://fetch.spec.whatwg.org/#forbidden-request-header
 * @see https://fetch.spec.whatwg.org/#forbidden-method
 */

const CONNECTION = 'Connection management belongs to the browser: it decides how the bytes travel.'
const ENCODING = 'The browser negotiates encodings itself and decodes the response for the page.'
const PREFLIGHT = 'Only the browser writes CORS preflight headers.'

/** Forbidden request-header names (lower case) and why the browser will not send them. */
const FORBIDDEN: Readonly<Record<string, string>> = {
  'accept-charset': ENCODING,
  'accept-encoding': ENCODING,
  'access-control-request-headers': PREFLIGHT,
  'access-control-request-method': PREFLIGHT,
  'access-control-request-private-network': PREFLIGHT,
  connection: CONNECTION,
  'content-length': 'The browser computes Content-Length from the body it actually sends.',
  cookie: 'The browser sends cookies from its own cookie jar, never from page script.',
  cookie2: 'The browser sends cookies from its own cookie jar, never from page script.',
  date: 'The browser decides whether to send Date.',
  dnt: 'Do-Not-Track reflects the user’s setting, not the page’s.',
  expect: 'Expect: 100-continue changes how the body is sent, which the browser controls.',
  host: 'The browser takes Host from the URL, so a page cannot pretend to be another site.',
  'keep-alive': CONNECTION,
  origin: 'The browser states where the request came from; a page cannot forge it.',
  referer: 'The browser sets Referer from the page URL and its referrer policy.',
  'set-cookie': 'Set-Cookie is a response header; browsers refuse it in requests.',
  te: CONNECTION,
  trailer: CONNECTION,
  'transfer-encoding': CONNECTION,
  upgrade: CONNECTION,
  via: 'Via is written by proxies on the path, not by the client page.',
}

const METHOD_OVERRIDE = new Set(['x-http-method', 'x-http-method-override', 'x-method-override'])

/** Methods fetch() refuses outright (it throws). */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK'])

/**
 * Return why the browser will not send this header, or undefined when it will.
 *
 * Covers the fixed list, the `Proxy-` and `Sec-` prefixes, and method-override headers
 * that name a forbidden method.
 */
export function forbiddenReason(name: string, value = ''): string | undefined {
  const lower = name.trim().toLowerCase()
  const fixed = FORBIDDEN[lower]
  if (fixed) return fixed
  if (lower.startsWith('proxy-')) return 'Proxy-* headers are reserved for proxies on the path.'
  if (lower.startsWith('sec-'))
    return 'Sec-* headers are reserved for the browser, so servers can trust them.'
  if (METHOD_OVERRIDE.has(lower)) {
    const named = value.split(',').map((m) => m.trim().toUpperCase())
    if (named.some((m) => FORBIDDEN_METHODS.has(m)))
      return 'A method override naming CONNECT, TRACE or TRACK is forbidden like the method itself.'
  }
  return undefined
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Return true when `text` is an HTTP token (RFC 9110 §5.6.2): valid as a method or header name. */
export function isToken(text: string): boolean {
  return TOKEN.test(text)
}

/**
 * Return why fetch() would reject this header outright, or undefined when it is valid.
 *
 * Names must be tokens; values may not hold NUL, CR or LF, and must be latin-1 (each
 * character becomes one byte on the wire).
 */
export function headerProblem(name: string, value: string): string | undefined {
  if (!isToken(name)) return "Not a valid header name: use letters, digits and !#$%&'*+-.^_`|~."
  if (['\0', '\r', '\n'].some((ch) => value.includes(ch)))
    return 'Header values cannot contain NUL, CR or LF.'
  if (Array.from(value).some((ch) => (ch.codePointAt(0) ?? 0) > 0xff))
    return 'Header values are bytes: characters above U+00FF cannot be sent (encode them first).'
  return undefined
}

/** Methods offered in the method field; any other token can be typed. */
export const COMMON_METHODS: readonly string[] = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
]
