/**
 * @module
 * One request shape for import and export: method, path, query, header lines and body bytes,
 * with no opinion on how it will be sent. The importers produce it (with what they had to
 * drop, and why), the exporters take it.
 *
 * Strings are text: header values and the path are sent as UTF-8, as curl and the relay send
 * them. The body is bytes, always, so a binary body survives every round trip.
 */
import { latin1ToBytes, utf8Bytes, utf8Text } from './byte-codecs.ts'

/** A header line: name and value as written, duplicates and order kept. */
export type Header = readonly [name: string, value: string]

export interface HttpRequest {
  /** The method token as written ("GET", "PURGE"). */
  readonly method: string
  /** The path as it goes on the wire, percent-encoding kept: `/caf%C3%A9`. Never empty. */
  readonly path: string
  /** The query string as it goes on the wire, without the `?`; empty when there is none. */
  readonly query: string
  readonly headers: readonly Header[]
  readonly body: Uint8Array
  /** `1.1` when absent; the importers set `1.0` when the source asked for it. */
  readonly httpVersion?: string
}

/** Something an importer could not carry over, and why. */
export interface Dropped {
  /** What was left out, as the source wrote it: `--compressed`, `#section`, `Connection: close`. */
  readonly what: string
  readonly why: string
}

export type ImportFormat = 'curl' | 'url' | 'raw' | 'har'

/** What an importer made of a paste. */
export interface Imported {
  readonly format: ImportFormat
  readonly request: HttpRequest
  /** Where the source sent it (`https://api.example.com`); this inspector sends it to itself. */
  readonly origin?: string
  /** Parts left out, with the reason; empty when nothing was lost. */
  readonly dropped: readonly Dropped[]
  /** Things changed or assumed on the way, that a person should know. */
  readonly notes: readonly string[]
}

export type ImportResult = { readonly ok: true; readonly value: Imported } | ImportError

export interface ImportError {
  readonly ok: false
  readonly error: string
}

/** Return a request with the given parts; the rest are an empty GET of `/`. */
export function httpRequest(parts: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', path: '/', query: '', headers: [], body: new Uint8Array(), ...parts }
}

/** Return the request-target: path and `?query`. */
export function requestTarget(request: HttpRequest): string {
  return request.query === '' ? request.path : `${request.path}?${request.query}`
}

/** Return the value of the first header called `name` (any case), or undefined. */
export function headerValue(request: HttpRequest, name: string): string | undefined {
  const lower = name.toLowerCase()
  return request.headers.find(([n]) => n.toLowerCase() === lower)?.[1]
}

/** Return true when the request has a header called `name` (any case). */
export function hasHeader(request: HttpRequest, name: string): boolean {
  return headerValue(request, name) !== undefined
}

/**
 * Percent-encode what may not go on the wire as is: space, controls, `#`, `"`, `<`, `>`, and
 * everything outside ASCII (as its UTF-8 bytes), the way a browser's URL parser does.
 * `%XX` escapes already there are kept, so encoding twice changes nothing.
 */
export function wireEncode(text: string): string {
  let out = ''
  for (const ch of text) {
    if (/^[\x21-\x7e]$/.test(ch) && !'#"<>`'.includes(ch)) out += ch
    else
      out += [...utf8Bytes(ch)]
        .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('')
  }
  return out
}

/** Split a request-target into path and query at the first `?`; the path defaults to `/`. */
export function splitTarget(target: string): { path: string; query: string } {
  const at = target.indexOf('?')
  const path = at < 0 ? target : target.slice(0, at)
  return { path: path === '' ? '/' : path, query: at < 0 ? '' : target.slice(at + 1) }
}

/**
 * Return a request-target or URL given as bytes (a binary string) as text: decoded when it is
 * UTF-8, else with each byte above 0x7F written as `%XX`, which is what goes on the wire.
 */
export function targetText(binary: string): string {
  return (
    utf8Text(latin1ToBytes(binary)) ??
    binary.replace(/[\x80-\xff]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
  )
}

/**
 * Return a binary string (header bytes) as text: decoded when it is UTF-8, else read as latin-1,
 * with a note, since sending that text as UTF-8 changes the bytes.
 */
export function binaryText(binary: string, what: string, notes: string[]): string {
  const text = utf8Text(latin1ToBytes(binary))
  if (text !== undefined) return text
  notes.push(`${what} is not UTF-8; it was read as latin-1 and will be sent as UTF-8.`)
  return binary
}
