/**
 * @module
 * Export a request as a HAR 1.2 file with one entry, which DevTools, Postman and Insomnia import.
 *
 * Only the request is known here, so the entry's response is the empty one HAR writers use for
 * a request that got none (status 0). A body that is not UTF-8 text goes in `postData.text` as
 * base64 with `"encoding": "base64"`: HAR 1.2 defines that field for response content only,
 * so a `comment` says so for readers that do not know it.
 *
 * @see http://www.softwareishard.com/blog/har-12-spec/
 */
import { bytesToBase64, utf8Text } from './byte-codecs.ts'
import { type HttpRequest, headerValue, requestTarget } from './http-request.ts'

export interface HarOptions {
  /** Where the request is sent: `http://127.0.0.1:8000`. */
  readonly origin: string
  /** ISO 8601 time of the entry (default: now). */
  readonly startedDateTime?: string
  /** This tool's version, for `log.creator`. */
  readonly version?: string
}

interface NameValue {
  readonly name: string
  readonly value: string
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return text
  }
}

/** Split a query string into HAR's decoded name/value pairs (`+` is a space, as in forms). */
function queryPairs(query: string): NameValue[] {
  if (query === '') return []
  return query.split('&').map((piece) => {
    const eq = piece.indexOf('=')
    return eq < 0
      ? { name: decodeComponent(piece), value: '' }
      : { name: decodeComponent(piece.slice(0, eq)), value: decodeComponent(piece.slice(eq + 1)) }
  })
}

/** Split every Cookie header into its `name=value` pairs. */
function cookiePairs(request: HttpRequest): NameValue[] {
  return request.headers
    .filter(([name]) => name.toLowerCase() === 'cookie')
    .flatMap(([, value]) => value.split(';'))
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=')
      return eq < 0
        ? { name: pair, value: '' }
        : { name: pair.slice(0, eq), value: pair.slice(eq + 1) }
    })
}

function postData(request: HttpRequest): Record<string, string> | undefined {
  if (request.body.length === 0) return undefined
  const mimeType = headerValue(request, 'content-type') ?? ''
  const text = utf8Text(request.body)
  if (text !== undefined) return { mimeType, text }
  return {
    mimeType,
    text: bytesToBase64(request.body),
    encoding: 'base64',
    comment: 'The body is not UTF-8 text: "text" holds its bytes in base64.',
  }
}

/** Return the request as a HAR 1.2 file (JSON text, two-space indented). */
export function toHar(request: HttpRequest, options: HarOptions): string {
  const httpVersion = `HTTP/${request.httpVersion ?? '1.1'}`
  const post = postData(request)
  const entry = {
    startedDateTime: options.startedDateTime ?? new Date().toISOString(),
    time: 0,
    request: {
      method: request.method,
      url: `${options.origin}${requestTarget(request)}`,
      httpVersion,
      cookies: cookiePairs(request),
      headers: request.headers.map(([name, value]) => ({ name, value })),
      queryString: queryPairs(request.query),
      ...(post ? { postData: post } : {}),
      headersSize: -1,
      bodySize: request.body.length,
    },
    response: {
      status: 0,
      statusText: '',
      httpVersion: '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  }
  const log = {
    version: '1.2',
    creator: { name: 'environ-inspector', version: options.version ?? '0.1.0' },
    entries: [entry],
  }
  return `${JSON.stringify({ log }, null, 2)}\n`
}
