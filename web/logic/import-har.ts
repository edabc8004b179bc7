/**
 * @module
 * Import the request of a HAR file (DevTools "Save all as HAR", this tool's HAR export): the
 * first entry's method, URL, headers and body. The response and the other entries are left out.
 *
 * @see http://www.softwareishard.com/blog/har-12-spec/#request
 */
import { base64ToBytes, utf8Bytes } from './byte-codecs.ts'
import { type Dropped, type Header, httpRequest, type ImportResult } from './http-request.ts'
import { originOf, splitUrl, wirePathAndQuery } from './import-url.ts'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Find the request object: in `log.entries[0]`, an entry, or a bare request. */
function findRequest(json: unknown, dropped: Dropped[]): Record<string, unknown> | undefined {
  if (!isRecord(json)) return undefined
  const log = json.log
  if (isRecord(log) && Array.isArray(log.entries)) {
    if (log.entries.length > 1)
      dropped.push({
        what: `${log.entries.length - 1} more entries`,
        why: 'Only the first request of a HAR file is imported.',
      })
    return findRequest(log.entries[0], dropped)
  }
  if (isRecord(json.request)) return json.request
  return typeof json.method === 'string' && typeof json.url === 'string' ? json : undefined
}

/** Return the HAR's body bytes: `postData.text`, base64 when `encoding` says so. */
function bodyOf(request: Record<string, unknown>, dropped: Dropped[]): Uint8Array | string {
  const post = request.postData
  if (!isRecord(post)) return new Uint8Array()
  if (typeof post.text !== 'string') {
    if (Array.isArray(post.params) && post.params.length > 0)
      dropped.push({ what: 'postData.params', why: 'Only postData.text holds the body’s bytes.' })
    return new Uint8Array()
  }
  if (post.encoding !== 'base64') return utf8Bytes(post.text)
  const decoded = base64ToBytes(post.text)
  return decoded.ok ? decoded.value : `postData.text is not valid base64: ${decoded.error}`
}

/** Import a HAR file's first request. */
export function importHar(text: string): ImportResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, error: 'This is not valid JSON, so not a HAR file.' }
  }
  const dropped: Dropped[] = []
  const notes: string[] = []
  const request = findRequest(json, dropped)
  if (!request || typeof request.method !== 'string' || typeof request.url !== 'string')
    return { ok: false, error: 'No request with a method and a URL in this HAR file.' }
  const url = splitUrl(request.url)
  if (!url || (url.scheme !== 'http' && url.scheme !== 'https'))
    return {
      ok: false,
      error: `Only http:// and https:// requests can be imported: ${request.url}`,
    }
  const headers: Header[] = []
  let host: string | undefined
  for (const header of Array.isArray(request.headers) ? request.headers : []) {
    if (!isRecord(header) || typeof header.name !== 'string' || typeof header.value !== 'string')
      continue
    if (header.name === ':authority') host = header.value
    else if (header.name.startsWith(':')) continue
    else headers.push([header.name, header.value])
  }
  if (host !== undefined && !headers.some(([n]) => n.toLowerCase() === 'host')) {
    headers.unshift(['Host', host])
    notes.push('The HTTP/2 :authority pseudo-header became a Host header.')
  }
  const body = bodyOf(request, dropped)
  if (typeof body === 'string') return { ok: false, error: body }
  const version = typeof request.httpVersion === 'string' ? request.httpVersion : ''
  const { path, query } = wirePathAndQuery(url, dropped, notes)
  return {
    ok: true,
    value: {
      format: 'har',
      request: httpRequest({
        method: request.method,
        path,
        query,
        headers,
        body,
        ...(/^HTTP\/1\.0$/i.test(version) ? { httpVersion: '1.0' } : {}),
      }),
      origin: originOf(url),
      dropped,
      notes,
    },
  }
}
