/**
 * @module
 * Export a request as Python: `requests` and `httpx` code that sends it, and a pytest fixture
 * that builds its environ with Werkzeug's `EnvironBuilder`, for testing a WSGI app without a
 * server.
 *
 * Bodies are `bytes` literals and header values that are not ASCII are encoded, so the code
 * sends the same bytes. What a library cannot do (requests merges repeated headers; both add
 * headers of their own) is said in a comment above the call.
 */
import { type HttpRequest, requestTarget } from './http-request.ts'
import { pyBytesReadable, pyHeaderValue, pyNativeString, pyStr } from './py-literals.ts'

/** Where the request is sent: `http://127.0.0.1:8000`. */
export interface PythonExportOptions {
  readonly origin: string
}

/** Return `text` safe for a `#` comment: one line, no control characters. */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?')
}

/**
 * True when an HTTP library would not send the target as written: dot segments (which
 * urllib3 and httpx resolve), a `%` that starts no escape, or characters RFC 3986 does not
 * allow in a URL (`[`, `{`, a space…), which they percent-encode.
 */
export function libraryChangesTarget(request: HttpRequest): boolean {
  const target = requestTarget(request)
  return (
    /(^|\/)\.\.?(\/|$)/.test(request.path) ||
    /%(?![0-9A-Fa-f]{2})/.test(target) ||
    /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/.test(target)
  )
}

function targetNote(request: HttpRequest, library: string): string[] {
  return libraryChangesTarget(request)
    ? [
        `# ${library} resolves dot segments and re-encodes stray % and characters RFC 3986 does not`,
        '# allow, so this target reaches the server changed; the curl export keeps it exact.',
      ]
    : []
}

function indent(lines: readonly string[], by: string): string {
  return lines.map((line) => `${by}${line}`).join('\n')
}

/** The `headers=[…]` argument: one `(name, value)` tuple a line, in order, repeats kept. */
function headersArgument(request: HttpRequest, value: (v: string) => string): string[] {
  if (request.headers.length === 0) return []
  const tuples = request.headers.map(([name, v]) => `    (${pyStr(name)}, ${value(v)}),`)
  return ['headers=[', ...tuples, '],']
}

/** Return code that sends the request with `requests`. */
export function toRequests(request: HttpRequest, { origin }: PythonExportOptions): string {
  const url = `${origin}${requestTarget(request)}`
  const comments: string[] = []
  const merged = new Map<string, { name: string; values: string[] }>()
  for (const [name, value] of request.headers) {
    const entry = merged.get(name.toLowerCase())
    if (entry) entry.values.push(value)
    else merged.set(name.toLowerCase(), { name, values: [value] })
  }
  if ([...merged.values()].some((entry) => entry.values.length > 1))
    comments.push(
      '# requests takes one value per header name: repeated headers are joined with ", ".'
    )
  comments.push(
    '# requests also sends User-Agent, Accept-Encoding, Accept and Connection unless given.',
    ...targetNote(request, 'requests')
  )
  const headerLines = [...merged.values()].map(
    ({ name, values }) => `${pyStr(name)}: ${pyHeaderValue(values.join(', '))},`
  )
  const args = [`${pyStr(request.method)},`, `${pyStr(url)},`]
  if (headerLines.length > 0)
    args.push('headers={', ...headerLines.map((line) => `    ${line}`), '},')
  if (request.body.length > 0) args.push(`data=${pyBytesReadable(request.body)},`)
  args.push('allow_redirects=False,')
  return [
    'import requests',
    '',
    ...comments,
    'response = requests.request(',
    indent(args, '    '),
    ')',
    'print(response.status_code)',
    'print(response.text)',
    '',
  ].join('\n')
}

/** Return code that sends the request with `httpx` (repeated headers are kept). */
export function toHttpx(request: HttpRequest, { origin }: PythonExportOptions): string {
  const url = `${origin}${requestTarget(request)}`
  const args = [`${pyStr(request.method)},`, `${pyStr(url)},`]
  args.push(...headersArgument(request, pyHeaderValue))
  if (request.body.length > 0) args.push(`content=${pyBytesReadable(request.body)},`)
  return [
    'import httpx',
    '',
    '# httpx also sends Host, Accept, Accept-Encoding, Connection and User-Agent unless given.',
    ...targetNote(request, 'httpx'),
    'response = httpx.request(',
    indent(args, '    '),
    ')',
    'print(response.status_code)',
    'print(response.text)',
    '',
  ].join('\n')
}

/**
 * Return a pytest fixture that builds the request's environ with Werkzeug's `EnvironBuilder`.
 *
 * The path keeps its query (`path='/a?x=1'`) so REQUEST_URI matches what servers report.
 * Header values are the environ's native strings (UTF-8 bytes read as latin-1, as a server
 * makes them). EnvironBuilder joins repeated headers with ", " where servers use ",".
 */
export function toWerkzeugFixture(request: HttpRequest, { origin }: PythonExportOptions): string {
  const args = [
    `method=${pyStr(request.method)},`,
    `path=${pyStr(requestTarget(request))},`,
    `base_url=${pyStr(origin)},`,
  ]
  if (request.httpVersion === '1.0') args.push("environ_overrides={'SERVER_PROTOCOL': 'HTTP/1.0'},")
  args.push(...headersArgument(request, pyNativeString))
  if (request.body.length > 0) args.push(`data=${pyBytesReadable(request.body)},`)
  const repeated = new Set<string>()
  const seen = new Set<string>()
  for (const [name] of request.headers) {
    const lower = name.toLowerCase()
    if (seen.has(lower)) repeated.add(lower)
    seen.add(lower)
  }
  return [
    `# ${printable(`${request.method} ${requestTarget(request)}`)} as a WSGI environ, exported by environ-inspector.`,
    'import pytest',
    'from werkzeug.test import EnvironBuilder',
    '',
    '',
    '@pytest.fixture',
    'def environ():',
    ...(repeated.size > 0
      ? ['    # EnvironBuilder joins repeated headers with ", "; servers join them with ",".']
      : []),
    '    builder = EnvironBuilder(',
    indent(args, '        '),
    '    )',
    '    try:',
    '        yield builder.get_environ()',
    '    finally:',
    '        builder.close()',
    '',
    '',
    'def test_environ(environ):',
    `    assert environ['REQUEST_METHOD'] == ${pyStr(request.method)}`,
    '',
  ].join('\n')
}
