/**
 * @module
 * What exact mode sends for a draft: the JSON of `POST /_inspector/api/send`.
 *
 * The counterpart of `buildOutgoing` (browser mode): no header is refused and nothing is
 * merged, the HTTP version is the draft's, and the Raw tab sends its bytes as they are.
 * Only what the relay itself refuses (a method that is not a token, a space or CR/LF in
 * the target, CR/LF/NUL in a header value) is reported as a problem, with the way round it.
 */

import type { SendRequest } from '../../server/contract/api/send.ts'
import { isToken } from '../../server/contract/http.ts'
import { PROFILE_IDS } from '../../server/contract/profiles.ts'
import { hasHeader, needsHost, serializeRequest } from '../../server/contract/serialize.ts'
import { type Body, bodyBytes } from './body.ts'
import { isUrl, splitPathInput } from './path-input.ts'
import { bytesToLatin1, rawBytes, rawText, toBase64 } from './raw-text.ts'
import { type Draft, draftPathAndQuery, type HeaderPlan } from './request.ts'
import type { KeyValueRow } from './rows.ts'

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
  const typed = draftPathAndQuery(draft)
  const path = typed.path === '' ? '/' : typed.path
  const query = typed.query
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
    // every exact send asks for every profile, so the Profiles tab is always ready
    request: {
      raw: toBase64(bytes),
      rawEncoding: 'base64',
      profiles: PROFILE_IDS,
      ...mountOf(draft),
    },
    raw: true,
    ...firstLine(bytes),
    byteCount: bytes.length,
    plan: planExactHeaders(draft.headers),
    problems,
    notes: [
      'The Raw tab’s bytes are sent exactly; the form above is ignored.',
      ...mountNote(draft),
    ],
  }
}

/** The mount point to ask for, when the draft sets one (see `Draft.scriptName`). */
function mountOf(draft: Draft): { scriptName?: string } {
  return draft.scriptName === undefined ? {} : { scriptName: draft.scriptName }
}

/** Say what a mount point for this send does, and which server flag does it for good. */
function mountNote(draft: Draft): string[] {
  if (draft.scriptName === undefined) return []
  const where = draft.scriptName || '/ (the root)'
  return [
    `Mounted at ${where} for this send: the environ is built as a server started with --script-name ${draft.scriptName || "''"} builds it.`,
  ]
}

/**
 * Return the body's bytes and how the API takes them: typed text as UTF-8 (multipart text
 * with CRLF line ends, which a textarea cannot hold), bytes as base64, untouched.
 */
function exactBody(body: Body, multipart: boolean) {
  if (typeof body === 'string') {
    const text = multipart ? body.replace(/\r?\n/g, '\r\n') : body
    return {
      bytes: new TextEncoder().encode(text),
      json: { body: text, bodyEncoding: 'utf8' as const },
    }
  }
  return { bytes: bodyBytes(body), json: { body: body.base64, bodyEncoding: 'base64' as const } }
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
  if (isUrl(splitPathInput(typed)))
    notes.push(
      'The target is a whole URL: it goes out as typed, an absolute-form target as proxies receive it (Werkzeug then takes Host from it). Split it to send its path with a Host header instead.'
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
  const body = exactBody(draft.body, multipart)
  const bodyBytes = body.bytes.length
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
      ...body.json,
      profiles: PROFILE_IDS,
      ...mountOf(draft),
    },
    raw: false,
    method,
    target: typed,
    httpVersion,
    byteCount: head + lines + 2 + bodyBytes,
    plan,
    problems,
    notes: [...notes, ...mountNote(draft)],
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
  const body =
    request.bodyEncoding === 'base64'
      ? Uint8Array.from(atob(request.body ?? ''), (ch) => ch.charCodeAt(0))
      : new TextEncoder().encode(request.body ?? '')
  const { bytes } = serializeRequest(
    {
      method: plan.method,
      target: request.target ?? '/',
      httpVersion: plan.httpVersion,
      headers: request.headers ?? [],
      body,
    },
    host
  )
  return rawText(bytes)
}
