/**
 * @module
 * Python's text rules the frameworks lean on: `str.strip()`, `int()`, UTF-8 with its error
 * ranges, and the latin-1 "native string" dance of PEP 3333.
 *
 * JavaScript's equivalents differ at the edges (`trim()` keeps `\x1c`–`\x1f` and `\x85`,
 * which Python strips; `TextDecoder` hides where the invalid bytes were), and those edges
 * are exactly what a request with odd bytes reaches.
 */
import { latin1Bytes, latin1Text as latin1String } from '../../contract/http.ts'
import { PyError, valueError } from './errors.ts'

export { latin1Bytes, latin1String }

/** Whether `str.isspace()` holds for one character of the latin-1 range or common spaces. */
export function isPySpace(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0
  if (code <= 0xff) {
    return (
      (code >= 0x09 && code <= 0x0d) ||
      (code >= 0x1c && code <= 0x20) ||
      code === 0x85 ||
      code === 0xa0
    )
  }
  return /^[\p{Zs}\u2028\u2029]$/u.test(ch)
}

/** `text.strip()` with no argument: Python's whitespace, which is not JavaScript's. */
export function pyStrip(text: string): string {
  return pyRstrip(pyLstrip(text))
}

/** `text.lstrip(chars)`; without `chars`, Python's whitespace. */
export function pyLstrip(text: string, chars?: string): string {
  let i = 0
  while (i < text.length && strips(text[i] as string, chars)) i++
  return text.slice(i)
}

/** `text.rstrip(chars)`; without `chars`, Python's whitespace. */
export function pyRstrip(text: string, chars?: string): string {
  let end = text.length
  while (end > 0 && strips(text[end - 1] as string, chars)) end--
  return text.slice(0, end)
}

function strips(ch: string, chars: string | undefined): boolean {
  return chars === undefined ? isPySpace(ch) : chars.includes(ch)
}

/**
 * `int(text)` for a str: surrounding whitespace, one sign, ASCII digits with single
 * underscores between them. Throws `ValueError` as Python does.
 */
export function pyInt(text: string): number {
  const body = pyStrip(text)
  if (!/^[+-]?\d+(?:_\d+)*$/.test(body)) {
    throw valueError(`invalid literal for int() with base 10: ${reprAscii(text)}`)
  }
  return Number(body.replaceAll('_', ''))
}

function reprAscii(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
}

const ENCODER = new TextEncoder()

/** `text.encode('utf-8')`. */
export function utf8Encode(text: string): Uint8Array {
  return ENCODER.encode(text)
}

/** A run of decoded text, or the byte range CPython's decoder reports as invalid. */
export type Utf8Piece =
  | { readonly text: string }
  | { readonly start: number; readonly end: number; readonly reason: string }

/**
 * Decode UTF-8 into valid runs and invalid byte ranges.
 *
 * The ranges are the "maximal subparts" of Unicode's substitution practice, which both
 * CPython's decoder (the `start:end` its error handlers get) and WHATWG's follow: one range
 * per replacement character `errors='replace'` would write.
 */
export function utf8Pieces(bytes: Uint8Array): Utf8Piece[] {
  const pieces: Utf8Piece[] = []
  let text = ''
  let needed = 0
  let seen = 0
  let codePoint = 0
  let lower = 0x80
  let upper = 0xbf
  let start = 0
  const invalid = (from: number, to: number, reason: string) => {
    if (text) pieces.push({ text })
    text = ''
    pieces.push({ start: from, end: to, reason })
  }
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number
    if (needed === 0) {
      start = i
      if (byte <= 0x7f) text += String.fromCharCode(byte)
      else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1
        codePoint = byte & 0x1f
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0
        if (byte === 0xed) upper = 0x9f
        needed = 2
        codePoint = byte & 0x0f
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90
        if (byte === 0xf4) upper = 0x8f
        needed = 3
        codePoint = byte & 0x07
      } else invalid(i, i + 1, 'invalid start byte')
      continue
    }
    if (byte < lower || byte > upper) {
      invalid(start, i, 'invalid continuation byte')
      needed = 0
      seen = 0
      lower = 0x80
      upper = 0xbf
      i-- // this byte starts over
      continue
    }
    lower = 0x80
    upper = 0xbf
    codePoint = (codePoint << 6) | (byte & 0x3f)
    seen++
    if (seen === needed) {
      text += String.fromCodePoint(codePoint)
      needed = 0
      seen = 0
    }
  }
  if (needed > 0) invalid(start, bytes.length, 'unexpected end of data')
  if (text) pieces.push({ text })
  return pieces
}

/** How a decode treats an invalid range: Python's `errors=` argument. */
export type DecodeErrors = 'strict' | 'replace' | ((bytes: Uint8Array) => string)

/** `bytes.decode('utf-8', errors)`. `strict` throws `UnicodeDecodeError` as Python words it. */
export function utf8Decode(bytes: Uint8Array, errors: DecodeErrors = 'strict'): string {
  let out = ''
  for (const piece of utf8Pieces(bytes)) {
    if ('text' in piece) out += piece.text
    else if (errors === 'replace') out += '\ufffd'
    else if (errors === 'strict') throw unicodeDecodeError(bytes, piece)
    else out += errors(bytes.subarray(piece.start, piece.end))
  }
  return out
}

function unicodeDecodeError(
  bytes: Uint8Array,
  { start, end, reason }: { start: number; end: number; reason: string }
): PyError {
  const hex = `0x${(bytes[start] as number).toString(16).padStart(2, '0')}`
  const what =
    end - start === 1 ? `byte ${hex} in position ${start}` : `bytes in position ${start}-${end - 1}`
  return new PyError('UnicodeDecodeError', `'utf-8' codec can't decode ${what}: ${reason}`)
}

/** Werkzeug's `_wsgi_decoding_dance`: latin-1 text back to bytes, read as UTF-8, replace. */
export function wsgiDecodingDance(text: string): string {
  return utf8Decode(latin1Bytes(text), 'replace')
}
