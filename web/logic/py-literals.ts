/**
 * @module
 * Python literals for the exported code: `str` and `bytes` written as `repr()` writes them, so
 * the code means exactly the request, escapes and all.
 *
 * @see https://docs.python.org/3/reference/lexical_analysis.html#string-and-bytes-literals
 */

import { pyRepr } from '../../server/contract/python.ts'
import { utf8Text } from './byte-codecs.ts'

/**
 * Return a Python `str` literal for `text`, as `repr()` writes it (escapes for the quote, `\\`,
 * `\t` `\n` `\r` and every unprintable character, a lone surrogate included).
 */
export const pyStr = pyRepr

/** Return a Python `bytes` literal for `bytes`, as `repr()` writes it (`b'a\x00\xff'`). */
export function pyBytes(bytes: Uint8Array): string {
  // the quote repr() picks: ' unless the bytes hold ' and no "
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'"
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
