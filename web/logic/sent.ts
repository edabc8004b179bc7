/**
 * @module
 * Rebuild "the request as it went out" from what we asked fetch() to send and the environ
 * the server echoed back.
 *
 * The browser never shows a page its final header list. What it added can be read off the
 * environ: every `HTTP_*` key we did not set came from the browser. The request line uses
 * what the server saw (REQUEST_METHOD, SERVER_PROTOCOL, RAW_URI/REQUEST_URI when the
 * profile has them).
 */
import type { CurlRequest } from './curl.ts'
import type { Outgoing } from './request.ts'
import { headerKey, headerNameFromKey } from './trace.ts'

export type HeaderOrigin = 'you' | 'browser' | 'blocked'

export interface SentHeader {
  readonly name: string
  readonly value: string
  readonly origin: HeaderOrigin
  /** Why it was blocked, or how the environ differs from what was sent. */
  readonly note?: string
}

export interface SentView {
  readonly method: string
  readonly target: string
  readonly protocol: string
  readonly headers: readonly SentHeader[]
  /** Text as typed, or bytes that are not text. */
  readonly body: string | Uint8Array | undefined
  readonly bodyBytes: number
}

/** What fetch() puts in Content-Type for a string body when the page sets none. */
export const FETCH_TEXT_TYPE = 'text/plain;charset=UTF-8'

/** Header names Chromium sends in lower case (client hints); the rest are shown title-cased. */
const LOWERCASE_NAMES = /^HTTP_SEC_CH_/

function browserHeaderName(key: string): string {
  if (key === 'CONTENT_TYPE') return 'Content-Type'
  if (key === 'CONTENT_LENGTH') return 'Content-Length'
  if (LOWERCASE_NAMES.test(key)) return key.slice(5).toLowerCase().replaceAll('_', '-')
  return headerNameFromKey(key)
}

function missingNote(name: string, profile: string): string {
  if (name.includes('_') && profile !== 'wsgiref')
    return `Not in the environ: ${profile} drops header names containing "_" (they could spoof "-" names).`
  return 'Not in the environ: the server dropped or renamed it.'
}

/** Return the header lines of the request as it most likely went out, in a readable order. */
export function sentHeaders(
  outgoing: Outgoing,
  environ: Readonly<Record<string, string>>,
  profile: string
): SentHeader[] {
  const yours: SentHeader[] = outgoing.headers.map(([name, value]) => {
    const key = headerKey(name)
    const actual = environ[key]
    if (actual === undefined)
      return { name, value, origin: 'you', note: missingNote(name, profile) }
    if (actual !== value)
      return { name, value, origin: 'you', note: `The environ has ${JSON.stringify(actual)}.` }
    return { name, value, origin: 'you' }
  })
  const setKeys = new Set(outgoing.headers.map(([name]) => headerKey(name)))
  const added: SentHeader[] = []
  for (const [key, value] of Object.entries(environ)) {
    if (setKeys.has(key) || !key.startsWith('HTTP_')) continue
    added.push({ name: browserHeaderName(key), value, origin: 'browser' })
  }
  if (outgoing.body !== undefined && !setKeys.has('CONTENT_TYPE') && environ.CONTENT_TYPE)
    added.push({ name: 'Content-Type', value: environ.CONTENT_TYPE, origin: 'browser' })
  if (environ.CONTENT_LENGTH && !setKeys.has('CONTENT_LENGTH'))
    added.push({ name: 'Content-Length', value: environ.CONTENT_LENGTH, origin: 'browser' })
  const host = added.filter((h) => h.name === 'Host')
  const blocked: SentHeader[] = outgoing.plan
    .filter((p) => p.status === 'forbidden')
    .map((p) => ({ name: p.row.name, value: p.row.value, origin: 'blocked', note: p.reason }))
  return [...host, ...yours, ...added.filter((h) => h.name !== 'Host'), ...blocked]
}

/** Return the full "as it went out" view for a successful echo. */
export function sentView(
  outgoing: Outgoing,
  environ: Readonly<Record<string, string>>,
  profile: string
): SentView {
  return {
    method: environ.REQUEST_METHOD ?? outgoing.method,
    target: environ.RAW_URI ?? environ.REQUEST_URI ?? outgoing.target,
    protocol: environ.SERVER_PROTOCOL ?? 'HTTP/1.1',
    headers: sentHeaders(outgoing, environ, profile),
    body: outgoing.body,
    bodyBytes: outgoing.bodyBytes,
  }
}

/**
 * Return the curl input that reproduces what the browser sent (minus the headers it adds).
 *
 * Adds what fetch() adds implicitly and the environ would show: the text/plain type of a
 * string body without a Content-Type, and an empty body (Content-Length: 0) on POST/PUT.
 */
export function curlRequestFor(outgoing: Outgoing): CurlRequest {
  const headers = [...outgoing.headers]
  const hasType = headers.some(([name]) => name.toLowerCase() === 'content-type')
  // fetch types a string body as text; bytes go out with no Content-Type
  if (typeof outgoing.body === 'string' && !hasType) headers.push(['Content-Type', FETCH_TEXT_TYPE])
  const emptyBody = outgoing.method === 'POST' || outgoing.method === 'PUT' ? '' : undefined
  return { method: outgoing.method, url: outgoing.url, headers, body: outgoing.body ?? emptyBody }
}
