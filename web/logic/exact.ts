/**
 * @module
 * What exact mode sends for a draft: the JSON of `POST /_inspector/api/send`.
 *
 * The counterpart of `buildOutgoing` (browser mode): no header is refused and nothing is
 * merged, the HTTP version is the draft's, and the Raw tab sends its bytes as they are.
 * Only what the relay itself refuses (a method that is not a token, a space or CR/LF in
 * the target, CR/LF/NUL in a header value) is reported as a problem, with the way round it.
 */
import type { RelayProfileId, SendRequest } from '../../server/relay/types.ts'
import { isToken } from './headers.ts'
import { bytesToLatin1, latin1Bytes, rawBytes, rawText, toBase64 } from './raw-text.ts'
import { type Draft, draftQuery, type HeaderPlan } from './request.ts'
import type { KeyValueRow } from './rows.ts'

/** Every exact send asks for all three profiles, so the Profiles tab is always ready. */
export const PROFILES: readonly RelayProfileId[] = ['wsgiref', 'gunicorn', 'werkzeug']

/** The relay's limit on raw bytes and on a body (GET /_inspector/api/send `limits`). */
export const MAX_EXACT_BYTES = 64 * 1024

export interface ExactPlan {
  readonly request: SendRequest
  /** True when the Raw tab's bytes are sent instead of the form. */
  readonly raw: boolean
  /** The request line to preview (raw mode: its first line, as far as it reads as one). */
  readonly method: string
  /** The target as typed (the request's own `target` is its bytes, latin-1). */
  readonly target: string
  readonly httpVersion: string
  readonly byteCount: number
  readonly plan: readonly HeaderPlan[]
  readonly problems: readonly string[]
  readonly notes: readonly string[]
}

/** Return `text` as UTF-8 bytes in a latin-1 string: non-ASCII goes out as UTF-8, as curl sends it. */
export function utf8AsLatin1(text: string): string {
  return bytesToLatin1(new TextEncoder().encode(text))
}

/** Return the request-target exact mode sends: the path as typed (`/` when empty) and the query. */
export function exactTarget(draft: Draft): string {
  const path = draft.path === '' ? '/' : draft.path
  const query = draftQuery(draft)
  return query === '' ? path : `${path}?${query}`
}

/** Return how each header row is treated in exact mode: every name is allowed. */
export function planExactHeaders(rows: readonly KeyValueRow[]): HeaderPlan[] {
  return rows.map((row): HeaderPlan => {
    if (row.name.trim() === '') return { row, status: 'empty' }
    if (!row.enabled) return { row, status: 'disabled' }
    if (!isToken(row.name))
      return {
        row,
        status: 'invalid',
        reason:
          'A header name is a token: no spaces, colons or quotes. Use the Raw tab to send it anyway.',
      }
    if (/[\r\n\0]/.test(row.value))
      return {
        row,
        status: 'invalid',
        reason: 'CR, LF and NUL would break the header line; write them in the Raw tab.',
      }
    return { row, status: 'send' }
  })
}

function hasHeader(headers: ReadonlyArray<readonly [string, string]>, name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name)
}

function needsHost(httpVersion: string): boolean {
  const [major = 0, minor = 0] = httpVersion.split('.').map(Number)
  return major * 10 + minor >= 11
}

function firstLine(bytes: Uint8Array): { method: string; target: string; httpVersion: string } {
  const end = bytes.indexOf(0x0a)
  const line = bytesToLatin1(end < 0 ? bytes : bytes.subarray(0, end)).replace(/\r$/, '')
  const [method = '', target = '', version = ''] = line.split(' ')
  return { method, target, httpVersion: version.replace(/^HTTP\//, '') }
}

function planRaw(draft: Draft): ExactPlan {
  const bytes = rawBytes(draft.raw ?? '')
  const problems: string[] = []
  if (bytes.length === 0) problems.push('The raw request is empty: write one or pick a preset.')
  if (bytes.length > MAX_EXACT_BYTES)
    problems.push(
      `The raw request is ${bytes.length} bytes; the relay sends at most ${MAX_EXACT_BYTES}.`
    )
  return {
    request: { raw: toBase64(bytes), rawEncoding: 'base64', profiles: PROFILES },
    raw: true,
    ...firstLine(bytes),
    byteCount: bytes.length,
    plan: planExactHeaders(draft.headers),
    problems,
    notes: ['The Raw tab’s bytes are sent exactly; the form above is ignored.'],
  }
}

/** Work out the exact request for `draft`: `host` is what the relay adds as Host when needed. */
export function buildExact(draft: Draft, host = 'this server'): ExactPlan {
  if (draft.sendRaw) return planRaw(draft)
  const problems: string[] = []
  const notes: string[] = []
  const method = draft.method.trim()
  const httpVersion = draft.httpVersion ?? '1.1'
  if (!isToken(method))
    problems.push('The method must be a token (no spaces); the Raw tab sends anything.')
  const typed = exactTarget(draft)
  if (/[ \r\n\0]/.test(typed))
    problems.push(
      'A space, CR, LF or NUL in the target would change the request line: write %20, or use the Raw tab.'
    )
  if (/[^\x00-\x7f]/.test(typed))
    notes.push(
      'Non-ASCII characters in the target go out as raw UTF-8 bytes, which Node’s parser refuses (400); percent-encode them (é → %C3%A9) to reach the echo.'
    )
  if (/^\/_inspector(\/|$|\?)/.test(typed))
    notes.push('Targets under /_inspector/ are answered by the inspector, not the echo.')
  const target = utf8AsLatin1(typed)

  const plan = planExactHeaders(draft.headers)
  const headers = plan
    .filter((p) => p.status === 'send')
    .map(({ row }) => [row.name, utf8AsLatin1(row.value)] as const)
  const counts = new Map<string, number>()
  for (const [name] of headers)
    counts.set(name.toLowerCase(), (counts.get(name.toLowerCase()) ?? 0) + 1)
  for (const [name, count] of counts) {
    if (count > 1) notes.push(`The ${count} "${name}" rows go out as ${count} separate lines.`)
  }
  if (needsHost(httpVersion) && !hasHeader(headers, 'host'))
    notes.push(`No Host row: the server adds Host: ${host} (HTTP/${httpVersion} requires one).`)

  const multipart = headers.some(
    ([name, value]) => name.toLowerCase() === 'content-type' && /^multipart\//i.test(value)
  )
  const body = multipart ? draft.body.replace(/\r?\n/g, '\r\n') : draft.body
  const bodyBytes = new TextEncoder().encode(body).length
  if (bodyBytes > MAX_EXACT_BYTES)
    problems.push(`The body is ${bodyBytes} bytes; the relay sends at most ${MAX_EXACT_BYTES}.`)
  if (
    bodyBytes > 0 &&
    !hasHeader(headers, 'content-length') &&
    !hasHeader(headers, 'transfer-encoding')
  )
    notes.push(
      `No Content-Length row: the server adds Content-Length: ${bodyBytes} to frame the body.`
    )

  const head = `${method} ${target} HTTP/${httpVersion}\r\n`.length
  const lines = headers.reduce((n, [name, value]) => n + name.length + value.length + 4, 0)
  return {
    request: {
      method,
      target,
      httpVersion,
      headers,
      body,
      bodyEncoding: 'utf8',
      profiles: PROFILES,
    },
    raw: false,
    method,
    target: typed,
    httpVersion,
    byteCount: head + lines + 2 + bodyBytes,
    plan,
    problems,
    notes,
  }
}

/**
 * Return the form as Raw-tab text: the bytes the server would send for it, with `Host` and
 * `Content-Length` filled in as it would add them, so a malformed variant starts from a real request.
 */
export function formAsRawText(draft: Draft, host: string): string {
  const plan = buildExact({ ...draft, sendRaw: false }, host)
  const request = plan.request
  if (!('method' in request)) return ''
  const headers = [...(request.headers ?? [])]
  if (needsHost(plan.httpVersion) && !hasHeader(headers, 'host')) headers.unshift(['Host', host])
  const body = new TextEncoder().encode(request.body ?? '')
  if (
    body.length > 0 &&
    !hasHeader(headers, 'content-length') &&
    !hasHeader(headers, 'transfer-encoding')
  )
    headers.push(['Content-Length', String(body.length)])
  const head = latin1Bytes(
    `${plan.method} ${request.target} HTTP/${plan.httpVersion}\r\n${headers
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`
  )
  const bytes = new Uint8Array(head.length + body.length)
  bytes.set(head)
  bytes.set(body, head.length)
  return rawText(bytes)
}
