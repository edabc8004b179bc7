/**
 * @module
 * What h11 (0.16.0) refuses among the requests Node's parser lets through, as refusal rules
 * for any ASGI profile that parses with h11. The server decides the answer (uvicorn: 400
 * "Invalid HTTP request received."), so each rule takes it. Bytes Node itself refuses are
 * the parser verdicts' job (parser/h11.ts). Two refusals cannot be seen here: a leading
 * empty line and extra spaces in the request line, which Node drops before we see the request.
 */
import type { Refusal, RefusalRule } from './types.ts'

/** A request-target is `vchar+` (`h11/_abnf.py:54, 83`). */
const NON_VCHAR = /[^\x21-\x7e]/

/** Every header value of `name` (lowercase), in wire order. */
function values(rawHeaders: readonly string[], name: string): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === name) out.push(rawHeaders[i + 1] as string)
  }
  return out
}

/**
 * h11's refusals, in the order it meets them: request line, header fields, then Host.
 * `hinted`: the server answers with h11's `error_status_hint` (hypercorn ≥0.16), 501 for a
 * Transfer-Encoding h11 does not support, not with its one status.
 */
export function h11Refusals(answer: Refusal, hinted = false): readonly RefusalRule[] {
  const refuse = (): Refusal => ({ status: answer.status, reason: answer.reason })
  // h11/_headers.py:185-203 raise with error_status_hint=501
  const refuseEncoding = (): Refusal => (hinted ? { ...refuse(), status: 501 } : refuse())
  return [
    // an HTTP/0.9 line has no version: it fails the request-line rule (_abnf.py:85-91)
    ({ request }) => (request.httpVersion === '0.9' ? refuse() : undefined),
    ({ request }) => (NON_VCHAR.test(request.target) ? refuse() : undefined),
    // one Transfer-Encoding, and only `chunked` (_headers.py:185-203)
    ({ request }) => {
      const te = values(request.rawHeaders, 'transfer-encoding')
      if (te.length > 1) return refuseEncoding()
      return te.length === 1 && te[0]?.toLowerCase() !== 'chunked' ? refuseEncoding() : undefined
    },
    // RFC 9112 §3.2: Host is required on 1.1 and never repeated (_events.py:112-119)
    ({ request }) => {
      const hosts = values(request.rawHeaders, 'host').length
      if (hosts > 1) return refuse()
      return hosts === 0 && request.httpVersion === '1.1' ? refuse() : undefined
    },
  ]
}
