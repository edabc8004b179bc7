/**
 * @module
 * Write a request from its parts as the exact bytes the relay sends: the request
 * serialisation the server and the UI share (the UI shows the bytes before it sends them).
 *
 * The request line is `METHOD SP target SP HTTP/x.y CRLF`, each header `name: value CRLF` in
 * the order, case and number given, then an empty line and the body. Strings are latin-1
 * (one byte per character). Nothing else is added except what HTTP needs and the user did
 * not write, and the result says what: a `Host` for HTTP/1.1 and later (RFC 9112 §3.2), and
 * a `Content-Length` when there is a body but neither Content-Length nor Transfer-Encoding
 * (RFC 9112 §6.3: without them a request has no body). No `Connection: close`: the relay
 * reads one response and closes the connection itself.
 */

import type { AddedHeader } from './api/send.ts'

/** A request written as parts: what structured mode sends, before it is bytes. */
export interface RequestParts {
  /** A token. */
  readonly method: string
  /** The request-target as sent: origin-form, absolute-form, `*`, authority-form. */
  readonly target: string
  /** `digit.digit`, such as `1.1`. */
  readonly httpVersion: string
  /** In wire order; case and repeats kept exactly; names and values latin-1. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  readonly body: Uint8Array
}

export interface Serialized {
  readonly bytes: Uint8Array
  readonly added: readonly AddedHeader[]
}

const HOST_REASON =
  "HTTP/1.1 requires a Host header (RFC 9112 §3.2); this is the server's own address"
const LENGTH_REASON =
  'the body needs framing: without Content-Length or Transfer-Encoding a request has no body (RFC 9112 §6.3)'

/** Whether the request names a header (`name` in lower case), in any case. */
export function hasHeader(headers: RequestParts['headers'], name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name)
}

/** HTTP/1.1 and later need Host; 1.0 and 0.9 do not. */
export function needsHost(httpVersion: string): boolean {
  const [major = 0, minor = 0] = httpVersion.split('.').map(Number)
  return major * 10 + minor >= 11
}

/**
 * Return the bytes of `request` and the headers the server added to it.
 *
 * `host` is the Host value used when one is needed and missing: the server's own address,
 * such as `127.0.0.1:8000`.
 */
export function serializeRequest(request: RequestParts, host: string): Serialized {
  const added: AddedHeader[] = []
  let head = `${request.method} ${request.target} HTTP/${request.httpVersion}\r\n`
  const addLine = (name: string, value: string, reason: string) => {
    const start = head.length
    head += `${name}: ${value}`
    added.push({ name, value, reason, range: [start, head.length] })
    head += '\r\n'
  }
  if (needsHost(request.httpVersion) && !hasHeader(request.headers, 'host')) {
    addLine('Host', host, HOST_REASON)
  }
  for (const [name, value] of request.headers) head += `${name}: ${value}\r\n`
  if (
    request.body.length > 0 &&
    !hasHeader(request.headers, 'content-length') &&
    !hasHeader(request.headers, 'transfer-encoding')
  ) {
    addLine('Content-Length', String(request.body.length), LENGTH_REASON)
  }
  head += '\r\n'
  const bytes = new Uint8Array(head.length + request.body.length)
  for (let i = 0; i < head.length; i++) bytes[i] = head.charCodeAt(i)
  bytes.set(request.body, head.length)
  return { bytes, added }
}
