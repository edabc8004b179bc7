/**
 * @module
 * The JSON views of a captured record (contract/api/requests.ts): the list's summary, the
 * event stream's event, the full record with the raw request.
 *
 * The head is **reconstructed**: Node's parser (llhttp) does not expose the bytes it read,
 * so the head is rebuilt from the request line parts and `rawHeaders` (latin-1, one
 * character per byte). It differs from the wire where llhttp normalised it: `: ` and CRLF
 * as separators, no trailing whitespace in values, no leading empty line.
 */
import type {
  RequestEventJson,
  RequestRecordJson,
  RequestSummaryJson,
} from '../contract/api/requests.ts'
import type { CapturedRequest } from './record.ts'

/** The rendered environ as a plain object in key order; null if the profile refused. */
export function environOf(record: CapturedRequest): Record<string, string> | null {
  const { environKeys: keys, environValues: values } = record
  if (!keys || !values) return null
  const out: Record<string, string> = {}
  for (let i = 0; i < keys.length; i++) out[keys[i] as string] = values[i] as string
  return out
}

export function toSummary(record: CapturedRequest): RequestSummaryJson {
  return {
    id: String(record.id),
    time: new Date(record.startedAt).toISOString(),
    durationMs: record.durationMs,
    peer: { address: record.remoteAddress, port: record.remotePort },
    method: record.method,
    target: record.target,
    httpVersion: record.httpVersion,
    status: record.status,
    responseBytes: record.responseBytes,
    bodySize: record.bodySize,
    contentType: firstHeader(record.rawHeaders, 'content-type'),
    refusal: record.refusal,
    headers: headerPairs(record.rawHeaders),
  }
}

function headerPairs(rawHeaders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = []
  for (let i = 0; i < rawHeaders.length; i += 2) {
    pairs.push([rawHeaders[i] as string, rawHeaders[i + 1] as string])
  }
  return pairs
}

export function toEvent(record: CapturedRequest): RequestEventJson {
  return { ...toSummary(record), environ: environOf(record) }
}

export function toRecordJson(record: CapturedRequest): RequestRecordJson {
  const headText = reconstructHead(record)
  const summary = toSummary(record)
  const { headers } = summary
  const { body } = record
  return {
    ...summary,
    local: { address: record.localAddress, port: record.localPort },
    request: {
      method: record.method,
      target: record.target,
      httpVersion: record.httpVersion,
      requestLine: requestLine(record),
      headers,
      head: { text: headText, bytes: headText.length, reconstructed: true },
      body: {
        size: record.bodySize,
        sha256: record.bodySha256,
        kept: body.length,
        truncated: body.length < record.bodySize,
        base64: Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64'),
      },
    },
    environ: environOf(record),
    redacted: [...record.redacted],
  }
}

/** `GET /p?q HTTP/1.1`; an HTTP/0.9 request line has no version. */
export function requestLine(record: Pick<CapturedRequest, 'method' | 'target' | 'httpVersion'>) {
  return record.httpVersion === '0.9'
    ? `${record.method} ${record.target}`
    : `${record.method} ${record.target} HTTP/${record.httpVersion}`
}

/** The request head rebuilt from its parts: request line, `Name: value` lines, empty line. */
export function reconstructHead(
  record: Pick<CapturedRequest, 'method' | 'target' | 'httpVersion' | 'rawHeaders'>
): string {
  let text = `${requestLine(record)}\r\n`
  for (let i = 0; i < record.rawHeaders.length; i += 2) {
    text += `${record.rawHeaders[i]}: ${record.rawHeaders[i + 1]}\r\n`
  }
  return `${text}\r\n`
}

function firstHeader(rawHeaders: readonly string[], lowerName: string): string | null {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) {
      return rawHeaders[i + 1] as string
    }
  }
  return null
}
