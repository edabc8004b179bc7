/**
 * @module
 * Frame one HTTP/1.x response out of the bytes received so far (RFC 9112 §6.3).
 *
 * Interim 1xx responses are collected and skipped. The final response has no body after a
 * HEAD request or with 204/304; otherwise it is chunked (decoded here), sized by
 * Content-Length, or runs until the server closes. Called again on every chunk that
 * arrives, it says when the response is complete, so the relay can close the socket.
 */
import { latin1Text } from '../contract/http.ts'

export interface FramedResponse {
  readonly statusLine: string | null
  readonly status: number | null
  readonly headers: Array<[string, string]>
  readonly body: Uint8Array
  readonly informational: string[]
  readonly complete: boolean
  /** Framing that could not be followed (bad chunk size, conflicting lengths). */
  readonly error: string | null
}

const LF = 0x0a
const CR = 0x0d
const EMPTY = new Uint8Array(0)

/** Find the empty line ending a header block: `[end of headers, start of body]`. */
function headEnd(data: Uint8Array, from: number): [number, number] | null {
  for (let i = data.indexOf(LF, from); i !== -1; i = data.indexOf(LF, i + 1)) {
    if (data[i + 1] === LF) return [i, i + 2]
    if (data[i + 1] === CR && data[i + 2] === LF) return [i, i + 3]
  }
  return null
}

function parseFields(block: string): Array<[string, string]> {
  const fields: Array<[string, string]> = []
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue
    const colon = line.indexOf(':')
    fields.push(colon === -1 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).trim()])
  }
  return fields
}

function values(headers: Array<[string, string]>, name: string): string[] {
  return headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v)
}

/** Frame the response in `data`; `closed` says the server has closed its side. */
export function frameResponse(
  data: Uint8Array,
  options: { readonly head: boolean; readonly closed: boolean }
): FramedResponse {
  const informational: string[] = []
  let offset = 0
  for (;;) {
    const end = headEnd(data, offset)
    if (end === null) {
      const rest = data.subarray(offset)
      return {
        statusLine: null,
        status: null,
        headers: [],
        body: options.closed ? rest : EMPTY,
        informational,
        complete: false,
        error: options.closed && rest.length > 0 ? 'the connection closed inside the head' : null,
      }
    }
    const [lines, bodyStart] = end
    const block = latin1Text(data.subarray(offset, lines))
    const newline = block.indexOf('\n')
    const statusLine = (newline === -1 ? block : block.slice(0, newline)).replace(/\r$/, '')
    const match = /^HTTP\/\d\.\d (\d{3})(?: |$)/.exec(statusLine)
    const status = match ? Number(match[1]) : null
    const headers = newline === -1 ? [] : parseFields(block.slice(newline + 1))
    if (status !== null && status >= 100 && status < 200 && status !== 101) {
      informational.push(statusLine)
      offset = bodyStart
      continue
    }
    const base = { statusLine, status, headers, informational }
    const body = data.subarray(bodyStart)
    if (options.head || status === 204 || status === 304 || status === 101) {
      return { ...base, body: EMPTY, complete: true, error: null }
    }
    const codings = values(headers, 'transfer-encoding').join(',').toLowerCase()
    if (/(^|,)\s*chunked\s*$/.test(codings)) return { ...base, ...dechunk(body, options.closed) }
    const lengths = [...new Set(values(headers, 'content-length'))]
    if (lengths.length > 0 && codings === '') {
      const length =
        lengths.length === 1 && /^\d+$/.test(lengths[0] ?? '') ? Number(lengths[0]) : -1
      if (length < 0) {
        return { ...base, body, complete: true, error: `bad Content-Length ${lengths.join(', ')}` }
      }
      const complete = body.length >= length
      return {
        ...base,
        body: body.subarray(0, length),
        complete,
        error:
          !complete && options.closed ? `closed after ${body.length} of ${length} bytes` : null,
      }
    }
    return { ...base, body, complete: options.closed, error: null }
  }
}

/** Decode a chunked body received so far. */
function dechunk(
  data: Uint8Array,
  closed: boolean
): Pick<FramedResponse, 'body' | 'complete' | 'error'> {
  const parts: Uint8Array[] = []
  let pos = 0
  const done = (complete: boolean, error: string | null) => {
    const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const part of parts) {
      body.set(part, at)
      at += part.length
    }
    return {
      body,
      complete,
      error: error ?? (!complete && closed ? 'closed inside the chunked body' : null),
    }
  }
  for (;;) {
    const lineEnd = data.indexOf(LF, pos)
    if (lineEnd === -1) return done(false, null)
    const sizeText =
      latin1Text(data.subarray(pos, lineEnd)).replace(/\r$/, '').split(';')[0]?.trim() ?? ''
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText))
      return done(true, `bad chunk size ${JSON.stringify(sizeText)}`)
    const size = Number.parseInt(sizeText, 16)
    if (size === 0) {
      // the trailer section ends with an empty line
      return done(headEnd(data, lineEnd) !== null, null)
    }
    const start = lineEnd + 1
    if (data.length < start + size) return done(false, null)
    parts.push(data.subarray(start, start + size))
    pos = start + size
    if (data[pos] === CR) pos++
    if (data[pos] === LF) pos++
    else if (pos < data.length) return done(true, 'a chunk not followed by CRLF')
    else return done(false, null)
  }
}
