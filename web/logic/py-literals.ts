/**
 * @module
 * Python literals for the exported code: `str` and `bytes` written as `repr()` writes them, so
 * the code means exactly the request, escapes and all.
 *
 * @see https://docs.python.org/3/reference/lexical_analysis.html#string-and-bytes-literals
 */
import { utf8Text } from './byte-codecs.ts'

/** Printable per Python's `str.isprintable()`: not Other (C*) or Separator (Z*), except space. */
function isPrintable(ch: string): boolean {
  return ch === ' ' || !/[\p{C}\p{Z}]/u.test(ch)
}

function escapeCode(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`
  return `\\U${code.toString(16).padStart(8, '0')}`
}

function quoteFor(text: string): string {
  return text.includes("'") && !text.includes('"') ? '"' : "'"
}

/**
 * Return a Python `str` literal for `text`, as `repr()` writes it: `'` unless the text holds
 * `'` and no `"`; `\\`, the quote, `\t` `\n` `\r` escaped; other unprintable characters as
 * `\xNN`, `\uNNNN` or `\UNNNNNNNN` (a lone surrogate too, which Python allows in a `str`).
 */
export function pyStr(text: string): string {
  const quote = quoteFor(text)
  let out = quote
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) ?? 0
    const ch = String.fromCodePoint(code)
    i += ch.length
    if (ch === '\\' || ch === quote) out += `\\${ch}`
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (code >= 0xd800 && code <= 0xdfff) out += escapeCode(code)
    else if (!isPrintable(ch)) out += escapeCode(code)
    else out += ch
  }
  return out + quote
}

/** Return a Python `bytes` literal for `bytes`, as `repr()` writes it (`b'a\x00\xff'`). */
export function pyBytes(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  const quote = quoteFor(text)
  let out = `b${quote}`
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte)
    if (ch === '\\' || ch === quote) out += `\\${ch}`
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return out + quote
}

/**
 * Return the most readable Python expression for these bytes: `b'…'` when they are ASCII,
 * `'café'.encode()` when they are UTF-8 text, else the `bytes` literal with its escapes.
 */
export function pyBytesReadable(bytes: Uint8Array): string {
  const text = utf8Text(bytes)
  if (text === undefined || /^[\x00-\x7f]*$/.test(text)) return pyBytes(bytes)
  return `${pyStr(text)}.encode()`
}

/**
 * Return a Python expression for a header value that goes out as UTF-8 bytes: a plain `str`
 * when ASCII (what http.client sends as is), else `'é'.encode()` so no library re-encodes it
 * as latin-1.
 */
export function pyHeaderValue(value: string): string {
  return /^[\x00-\x7f]*$/.test(value) ? pyStr(value) : `${pyStr(value)}.encode()`
}

/**
 * Return a Python expression for a header value as a WSGI server puts it in the environ: the
 * UTF-8 bytes read as latin-1 (PEP 3333 "bytes-as-unicode"), `'é'.encode().decode('latin-1')`.
 */
export function pyNativeString(value: string): string {
  if (/^[\x00-\x7f]*$/.test(value)) return pyStr(value)
  return `${pyStr(value)}.encode().decode('latin-1')`
}
