/**
 * @module
 * What Twisted's HTTP/1.1 server (`twisted.web.http.HTTPChannel`, 24.10.0) refuses among the
 * requests Node's parser lets through, as refusal rules for daphne, which parses with it.
 * Twisted answers each with `_respondToBadRequestAndDisconnect`: `400 Bad Request`, no body.
 * Line numbers are `src/twisted/web/http.py` at tag twisted-24.10.0rc1 (same file as trunk
 * 64661601, 2024-10-18). Bytes Node itself refuses are the parser verdicts' job.
 */
import type { Refusal, RefusalRule } from './types.ts'

/** Twisted's 400 has no body; ours says why, as every refusal of the echo does. */
export const TWISTED_BAD_REQUEST: Refusal = {
  status: 400,
  reason: "Twisted's HTTP parser refused the request (daphne answers this 400 with no body)",
}
const BAD_REQUEST = TWISTED_BAD_REQUEST

/** Every value of header `name` (lower-case), in wire order. */
export function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === name) out.push(rawHeaders[i + 1] as string)
  }
  return out
}

/**
 * `_parseRequestLine` (lines 253-301): only HTTP/1.0 and HTTP/1.1, so an HTTP/0.9 line (two
 * words) and `HTTP/2.0` are refused; a target byte `c <= 32 or c > 176` is refused (176 is
 * decimal, so DEL and \x80-\xb0 pass).
 */
const requestLine: RefusalRule = ({ request }) => {
  if (request.httpVersion !== '1.1' && request.httpVersion !== '1.0') return BAD_REQUEST
  for (let i = 0; i < request.target.length; i++) {
    const c = request.target.charCodeAt(i)
    if (c <= 32 || c > 176) return BAD_REQUEST
  }
  return request.target === '' ? BAD_REQUEST : undefined
}

/**
 * `_maybeChooseTransferDecoder` (lines 2424-2461): Transfer-Encoding must be `chunked` or
 * `identity` (case-insensitive, the whole value), and a second length-deciding header
 * (another `chunked`, or a Content-Length after one) is refused.
 */
const transferEncoding: RefusalRule = ({ request }) => {
  const te = headerValues(request.rawHeaders, 'transfer-encoding').map((v) => v.toLowerCase())
  if (te.some((v) => v !== 'chunked' && v !== 'identity')) return BAD_REQUEST
  const chunked = te.filter((v) => v === 'chunked').length
  const lengths = headerValues(request.rawHeaders, 'content-length').length
  return chunked + lengths > 1 ? BAD_REQUEST : undefined
}

/** `maxHeaders = 500` (line 2304; headerReceived, lines 2496-2499). */
const tooManyHeaders: RefusalRule = ({ request }) =>
  request.rawHeaders.length / 2 > 500 ? BAD_REQUEST : undefined

/** Twisted's refusals, in the order it meets them: request line, then each header. */
export const TWISTED_REFUSALS: readonly RefusalRule[] = [
  requestLine,
  transferEncoding,
  tooManyHeaders,
]
