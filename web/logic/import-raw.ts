/**
 * @module
 * Import a raw HTTP request (as a proxy log, `nc -l` or DevTools shows it) or a `.http` file
 * (VS Code REST Client, JetBrains HTTP Client): request line, header lines, empty line, body.
 *
 * Tolerant of what a paste does to a request: LF line ends, leading comments, an absolute URL
 * or no HTTP version in the request line, HTTP/2 pseudo-headers (`:authority`, `:path`) in
 * place of a request line. A chunked body is de-chunked, since the composer holds bytes and
 * frames them itself; a body longer than its Content-Length is cut to it. Each change is noted.
 */
import { latin1Text, latin1ToBytes, utf8Latin1 } from './byte-codecs.ts'
import {
  binaryText,
  type Dropped,
  type Header,
  httpRequest,
  type ImportResult,
  splitTarget,
  targetText,
  wireEncode,
} from './http-request.ts'
import { originOf, splitUrl, wirePathAndQuery } from './import-url.ts'

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
const REQUEST_LINE = new RegExp(`^(${TOKEN}) +(\\S.*?)(?: +(HTTP/[0-9.]+))? *$`)
const HEADER_LINE = /^(:?[^\s:]+):[ \t]*(.*?)[ \t]*$/

/** Return true when `line` reads as an HTTP request line (`GET /x HTTP/1.1`, `POST https://…`). */
export function isRequestLine(line: string): boolean {
  const m = REQUEST_LINE.exec(line)
  return !!m && (m[3] !== undefined || /^(\/|\*|https?:\/\/)/i.test(m[2] ?? ''))
}

/** Return true when `text` looks like a raw request or a `.http` file. */
export function looksLikeRaw(text: string): boolean {
  const first = meaningfulLines(text.replace(/\r\n/g, '\n').split('\n'))[0] ?? ''
  return isRequestLine(first) || /^:(method|path|authority|scheme):/i.test(first)
}

/** Skip blank lines, `#` and `//` comments and `###` separators before the request line. */
function meaningfulLines(lines: readonly string[]): string[] {
  const at = lines.findIndex((line) => line.trim() !== '' && !/^\s*(#|\/\/)/.test(line))
  return at < 0 ? [] : lines.slice(at)
}

/** Decode a chunked body (binary string), or undefined when it is not well formed. */
export function dechunk(body: string): string | undefined {
  let out = ''
  let at = 0
  for (;;) {
    const end = body.indexOf('\n', at)
    if (end < 0) return undefined
    const size = Number.parseInt(body.slice(at, end).split(';')[0]?.trim() ?? '', 16)
    if (!Number.isFinite(size) || size < 0) return undefined
    at = end + 1
    if (size === 0) return out
    out += body.slice(at, at + size)
    at += size
    if (body.startsWith('\r\n', at)) at += 2
    else if (body.startsWith('\n', at)) at += 1
    else return undefined
  }
}

/** True when a request line follows line `at`, past blank lines and comments but no other `###`. */
function requestFollows(lines: readonly string[], at: number): boolean {
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === '' || (/^\s*(#|\/\/)/.test(line) && !/^###/.test(line))) continue
    return isRequestLine(line)
  }
  return false
}

/** Cut a `.http` file's second request: from a `###` line that a request line follows. */
function firstRequestOnly(body: string, dropped: Dropped[]): string {
  const lines = body.split('\n')
  const at = lines.findIndex((line, i) => /^###/.test(line) && requestFollows(lines, i))
  if (at < 0) return body
  dropped.push({
    what: lines[at] ?? '###',
    why: 'Only the first request of a .http file is imported.',
  })
  return lines
    .slice(0, at)
    .join('\n')
    .replace(/\r?\n$/, '')
}

/** Import a raw request: text as typed (sent as UTF-8) or the exact bytes. */
export function importRaw(input: string | Uint8Array): ImportResult {
  const binary = typeof input === 'string' ? utf8Latin1(input) : latin1Text(input)
  const text = meaningfulLines(binary.split('\n')).join('\n')
  const split = /\r?\n\r?\n/.exec(text)
  const head = split ? text.slice(0, split.index) : text.replace(/\r?\n$/, '')
  const dropped: Dropped[] = []
  const notes: string[] = []
  let body = split ? text.slice(split.index + split[0].length) : ''
  const lines = head.split(/\r?\n/)
  let method = 'GET'
  let target: string | undefined
  let version: string | undefined
  let origin: string | undefined
  const first = lines[0] ?? ''
  const requestLine = REQUEST_LINE.exec(first)
  if (requestLine && isRequestLine(first)) {
    method = requestLine[1] ?? 'GET'
    target = requestLine[2] ?? '/'
    version = requestLine[3]
    lines.shift()
  } else if (!/^:/.test(first)) return { ok: false, error: 'The first line is not a request line.' }

  const headers: Array<[string, string]> = []
  const pseudo = new Map<string, string>()
  for (const line of lines) {
    const previous = headers[headers.length - 1]
    if (/^[ \t]/.test(line) && previous) {
      previous[1] = `${previous[1]} ${line.trim()}`
      notes.push(`A folded line (obs-fold) was joined to ${previous[0]}.`)
      continue
    }
    const m = HEADER_LINE.exec(line)
    if (!m) {
      if (line.trim() !== '') dropped.push({ what: line, why: 'Not a "Name: value" header line.' })
      continue
    }
    const name = m[1] ?? ''
    if (name.startsWith(':')) pseudo.set(name.toLowerCase(), m[2] ?? '')
    else headers.push([name, m[2] ?? ''])
  }
  if (pseudo.size > 0) {
    method = pseudo.get(':method') ?? method
    target ??= pseudo.get(':path')
    const authority = pseudo.get(':authority')
    if (authority && !headers.some(([n]) => n.toLowerCase() === 'host'))
      headers.unshift(['Host', authority])
    notes.push(
      'HTTP/2 pseudo-headers (:method, :path, :authority) became the request line and Host.'
    )
  }

  let path = '/'
  let query = ''
  const typed = targetText(target ?? '/')
  const url = splitUrl(typed)
  if (url) {
    origin = originOf(url)
    ;({ path, query } = wirePathAndQuery(url, dropped, notes))
  } else {
    const encoded = /\s/.test(typed) ? wireEncode(typed) : typed
    if (encoded !== typed) notes.push(`Spaces in the target were percent-encoded: ${encoded}`)
    ;({ path, query } = splitTarget(encoded))
  }
  let httpVersion: string | undefined
  if (version === 'HTTP/1.0') httpVersion = '1.0'
  else if (version && version !== 'HTTP/1.1')
    dropped.push({ what: version, why: 'This inspector sends HTTP/1.1 (or 1.0).' })

  body = firstRequestOnly(body, dropped)
  const header = (name: string) => headers.findIndex(([n]) => n.toLowerCase() === name)
  const te = header('transfer-encoding')
  if (te >= 0 && /chunked/i.test(headers[te]?.[1] ?? '')) {
    const decoded = dechunk(body)
    if (decoded === undefined) notes.push('The chunked body is not well formed; it was kept as is.')
    else {
      body = decoded
      dropped.push({
        what: `Transfer-Encoding: ${headers[te]?.[1]}`,
        why: 'The body was de-chunked; the composer frames it with Content-Length.',
      })
      headers.splice(te, 1)
    }
  }
  const cl = header('content-length')
  const length = cl >= 0 ? Number(headers[cl]?.[1]) : Number.NaN
  if (Number.isInteger(length) && body.length > length) {
    dropped.push({
      what: `${body.length - length} bytes after the body`,
      why: `Content-Length says the body is ${length} bytes.`,
    })
    body = body.slice(0, length)
  } else if (Number.isInteger(length) && body.length < length) {
    notes.push(`Content-Length says ${length} bytes, but the body has ${body.length}.`)
  }

  return {
    ok: true,
    value: {
      format: 'raw',
      request: httpRequest({
        method,
        path,
        query,
        headers: headers.map(
          ([name, value]): Header => [name, binaryText(value, `The value of ${name}`, notes)]
        ),
        body: latin1ToBytes(body),
        ...(httpVersion ? { httpVersion } : {}),
      }),
      ...(origin ? { origin } : {}),
      dropped,
      notes,
    },
  }
}
