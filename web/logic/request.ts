/**
 * @module
 * The composer's draft and what fetch() will actually send for it.
 *
 * `buildOutgoing` is the single place that applies the browser's rules (forbidden
 * headers and methods, no body on GET/HEAD, duplicate headers merged with ", ", the URL
 * parser's percent-encoding), so the preview, the send and "copy as curl" all agree.
 */
import { isToken } from '../../server/contract/http.ts'
import { type Body, bodyBytes, isEmptyBody } from './body.ts'
import { FORBIDDEN_METHODS, forbiddenReason, headerProblem } from './headers.ts'
import { splitPathInput } from './path-input.ts'
import { buildQueryString } from './query.ts'
import { type KeyValueRow, makeRow } from './rows.ts'

export type QueryMode = 'table' | 'raw'

/** How a draft is sent: by fetch() with the browser's rules, or byte for byte by the server's relay. */
export type SendMode = 'browser' | 'exact'

/** Everything the composer holds. Plain data, so it can go to history and localStorage. */
export interface Draft {
  readonly method: string
  /** The path as typed; non-ASCII allowed (the browser percent-encodes it). */
  readonly path: string
  readonly queryMode: QueryMode
  readonly queryRows: readonly KeyValueRow[]
  /** Raw mode: the query exactly as typed, sent verbatim. */
  readonly rawQuery: string
  readonly headers: readonly KeyValueRow[]
  /** Text as typed (sent as UTF-8), or exact bytes (see body.ts). */
  readonly body: Body
  /** Left out by drafts saved before exact mode: `browser`. */
  readonly mode?: SendMode
  /** Exact mode: `1.1` (default) or `1.0`; any digit.digit the relay takes. */
  readonly httpVersion?: string
  /** Exact mode, Raw tab: the request as text (line breaks are CRLF; see raw-text.ts). */
  readonly raw?: string
  /** Exact mode: send `raw` instead of the form. */
  readonly sendRaw?: boolean
  /**
   * Exact mode: a mount point for this send, as `--script-name` sets one for the server;
   * absent: the server's own.
   */
  readonly scriptName?: string
}

/** The README's original example, the draft of a first visit (and the first of the examples). */
export function originalExample(): Draft {
  return {
    method: 'GET',
    path: '/foo/bar',
    queryMode: 'table',
    queryRows: [makeRow('baz', 'bat')],
    rawQuery: '',
    headers: [],
    body: '',
  }
}

/** Return how `draft` is sent (`browser` for drafts saved before exact mode). */
export function draftMode(draft: Draft): SendMode {
  return draft.mode ?? 'browser'
}

/** Why a header row does or does not go out. */
export type HeaderStatus = 'send' | 'forbidden' | 'invalid' | 'disabled' | 'empty'

export interface HeaderPlan {
  readonly row: KeyValueRow
  readonly status: HeaderStatus
  readonly reason?: string
}

/** The request fetch() will make. */
export interface Outgoing {
  /** The method on the wire (fetch upper-cases the six standard ones). */
  readonly method: string
  readonly url: string
  /** Path and query as the browser sends them in the request line. */
  readonly target: string
  /** Header lines as sent: one per name, repeated names merged with ", " like fetch's Headers. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  /** Undefined when no body is sent; text goes out as UTF-8, bytes as they are. */
  readonly body: string | Uint8Array | undefined
  readonly bodyBytes: number
  readonly plan: readonly HeaderPlan[]
  /** Reasons the request cannot be sent at all. */
  readonly problems: readonly string[]
  /** Things the browser changes that a learner should know about. */
  readonly notes: readonly string[]
}

/** Methods fetch() normalises to upper case (byte-case-insensitive match). */
const NORMALISED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']

/** Return the method as fetch() sends it: "get" → "GET", but "patch" stays "patch". */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase()
  return NORMALISED_METHODS.includes(upper) ? upper : method
}

/** Return the effective query string of the draft (raw text, or the table encoded). */
export function draftQuery(draft: Draft): string {
  return draft.queryMode === 'raw' ? draft.rawQuery : buildQueryString(draft.queryRows)
}

/**
 * Return the path and query the draft sends. A "?" typed into the Path field counts
 * already, as it will once the field is committed: its query replaces the table's, so the
 * preview never shows two "?". In browser mode a whole URL counts as its path and query;
 * exact mode sends it as typed (an absolute-form target).
 */
export function draftPathAndQuery(draft: Draft): { readonly path: string; readonly query: string } {
  const input = splitPathInput(draft.path, { urls: draftMode(draft) === 'browser' })
  return { path: input.path, query: input.query ?? draftQuery(draft) }
}

/** Return how each header row will be treated. */
export function planHeaders(rows: readonly KeyValueRow[]): HeaderPlan[] {
  return rows.map((row): HeaderPlan => {
    if (row.name.trim() === '') return { row, status: 'empty' }
    if (!row.enabled) return { row, status: 'disabled' }
    const problem = headerProblem(row.name, row.value)
    if (problem) return { row, status: 'invalid', reason: problem }
    const forbidden = forbiddenReason(row.name, row.value)
    if (forbidden) return { row, status: 'forbidden', reason: forbidden }
    return { row, status: 'send' }
  })
}

/** Merge sendable rows the way fetch's Headers does: one entry per name, values joined by ", ". */
export function mergeHeaders(plan: readonly HeaderPlan[]): Array<[string, string]> {
  const merged = new Map<string, [string, string]>()
  for (const { row, status } of plan) {
    if (status !== 'send') continue
    const value = row.value.replace(/^[ \t]+|[ \t]+$/g, '')
    const entry = merged.get(row.name.toLowerCase())
    if (entry) entry[1] = `${entry[1]}, ${value}`
    else merged.set(row.name.toLowerCase(), [row.name, value])
  }
  return [...merged.values()]
}

function contentTypeOf(headers: ReadonlyArray<readonly [string, string]>): string | undefined {
  return headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1]
}

/**
 * Work out what fetch() will send for `draft` against the echo at `origin`.
 *
 * Multipart bodies get CRLF line endings (a textarea only holds LF, and multipart
 * framing needs CRLF).
 */
export function buildOutgoing(draft: Draft, origin: string): Outgoing {
  const problems: string[] = []
  const notes: string[] = []
  const typed = draft.method.trim()
  const method = normalizeMethod(typed)
  if (!isToken(typed)) problems.push('The method must be a token: letters, digits, no spaces.')
  else if (FORBIDDEN_METHODS.has(typed.toUpperCase()))
    problems.push(`Browsers refuse to send ${typed.toUpperCase()} (a forbidden method in fetch).`)
  if (method !== typed) notes.push(`fetch() upper-cases "${typed}" to ${method}.`)

  const typedPath = draftPathAndQuery(draft)
  const rawPath = typedPath.path.trim() === '' ? '/' : typedPath.path
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`
  const query = typedPath.query
  if (/#/.test(path) || /#/.test(query))
    notes.push('"#" starts a fragment, which browsers never send: write %23 to send it.')
  let url: URL
  try {
    url = new URL(`${origin}${path}${query === '' ? '' : `?${query}`}`)
  } catch {
    url = new URL(`${origin}/`)
    problems.push('The path cannot be parsed as a URL.')
  }
  const target = `${url.pathname}${url.search}`
  if (url.pathname !== path.split('#')[0])
    notes.push(`The browser rewrites the path to ${url.pathname} (percent-encoding, dot segments).`)
  if (url.pathname === '/_inspector' || url.pathname.startsWith('/_inspector/'))
    problems.push('Paths under /_inspector/ belong to the inspector itself, not the echo.')

  const plan = planHeaders(draft.headers)
  const headers = mergeHeaders(plan)
  const sendCount = new Map<string, number>()
  for (const p of plan) {
    if (p.status !== 'send') continue
    const lower = p.row.name.toLowerCase()
    sendCount.set(lower, (sendCount.get(lower) ?? 0) + 1)
  }
  for (const [lower, count] of sendCount) {
    if (count > 1)
      notes.push(`fetch() merges the ${count} "${lower}" rows into one line joined by ", ".`)
  }

  let body: string | Uint8Array | undefined = isEmptyBody(draft.body)
    ? undefined
    : typeof draft.body === 'string'
      ? draft.body
      : bodyBytes(draft.body)
  if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
    notes.push(`fetch() cannot send a body with ${method}; the body is left out.`)
    body = undefined
  }
  // typed multipart text gets CRLF framing; bytes are never rewritten
  if (typeof body === 'string' && /^multipart\//i.test(contentTypeOf(headers) ?? ''))
    body = body.replace(/\r?\n/g, '\r\n')
  const bytes =
    body === undefined
      ? 0
      : typeof body === 'string'
        ? new TextEncoder().encode(body).length
        : body.length
  return { method, url: url.href, target, headers, body, bodyBytes: bytes, plan, problems, notes }
}

/** True when two drafts send the same request (row ids aside, which only the form uses). */
export function sameRequest(a: Draft, b: Draft): boolean {
  const plain = (draft: Draft) =>
    JSON.stringify({
      ...draft,
      queryRows: draft.queryRows.map(({ name, value, enabled }) => [name, value, enabled]),
      headers: draft.headers.map(({ name, value, enabled }) => [name, value, enabled]),
    })
  return plain(a) === plain(b)
}
