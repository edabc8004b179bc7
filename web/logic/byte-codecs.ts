/**
 * @module
 * Bytes ⇄ text for the binary body editor and the link codec: hex, base64 (standard and
 * URL-safe), UTF-8 and latin-1 ("binary strings", one character per byte).
 *
 * The decoders are strict and say where the input went wrong (`line 2, column 7`), because
 * what they read was typed or pasted by a person; they ignore only whitespace.
 */

/** A decoding that failed, with a message a person can act on. */
export interface DecodeError {
  readonly ok: false
  readonly error: string
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | DecodeError

const HEX_DIGITS = '0123456789abcdef'

/** Return "line L, column C" (1-based) of offset `at` in `text`. */
export function positionOf(text: string, at: number): string {
  const before = text.slice(0, at)
  const line = before.split('\n').length
  const column = at - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}

/**
 * Return `bytes` as hex: pairs separated by a space, `perLine` bytes to a line (0: one line).
 *
 * `de ad be ef` reads better in an editor than `deadbeef` and {@link hexToBytes} takes both.
 */
export function bytesToHex(bytes: Uint8Array, perLine = 16): string {
  let out = ''
  bytes.forEach((byte, i) => {
    if (i > 0) out += perLine > 0 && i % perLine === 0 ? '\n' : ' '
    out += (HEX_DIGITS[byte >> 4] ?? '') + (HEX_DIGITS[byte & 15] ?? '')
  })
  return out
}

/**
 * Read hex digits into bytes. Whitespace, `0x` / `\x` prefixes and `,` `:` `-` separators
 * between bytes are allowed, so `de ad`, `0xde, 0xad`, `\xde\xad` and `de:ad` all work.
 */
export function hexToBytes(text: string): Decoded<Uint8Array> {
  const out: number[] = []
  let high = -1
  let highAt = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    const prefix = text.slice(i, i + 2).toLowerCase()
    if (high < 0 && (prefix === '0x' || prefix === '\\x')) {
      i += 1
      continue
    }
    const digit = HEX_DIGITS.indexOf(ch.toLowerCase())
    if (digit >= 0) {
      if (high < 0) {
        high = digit
        highAt = i
      } else {
        out.push((high << 4) | digit)
        high = -1
      }
    } else if (/[\s,:-]/.test(ch)) {
      if (high >= 0)
        return fail(`A lone hex digit at ${positionOf(text, highAt)}: each byte is two digits.`)
    } else {
      return fail(`"${ch}" at ${positionOf(text, i)} is not a hex digit (0-9, a-f).`)
    }
  }
  if (high >= 0)
    return fail(`A lone hex digit at ${positionOf(text, highAt)}: each byte is two digits.`)
  return { ok: true, value: Uint8Array.from(out) }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function encode64(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0
    const b = bytes[i + 1] ?? 0
    const c = bytes[i + 2] ?? 0
    const n = (a << 16) | (b << 8) | c
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2
    for (let k = 0; k < 4; k++) {
      if (k < chars) out += alphabet.charAt((n >> (18 - 6 * k)) & 63)
      else if (pad) out += '='
    }
  }
  return out
}

/** Return standard base64 (RFC 4648 §4) of `bytes`, padded. */
export function bytesToBase64(bytes: Uint8Array): string {
  return encode64(bytes, BASE64, true)
}

/** Return URL-safe base64 (RFC 4648 §5) of `bytes`, without padding: safe in a URL fragment. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return encode64(bytes, BASE64URL, false)
}

/**
 * Read base64, standard or URL-safe (`+/` or `-_`), padding optional, whitespace ignored.
 *
 * Padding in the middle, a dangling sixth bit group or leftover bits that are not zero are
 * errors: they mean the text was cut or mistyped, and guessing would change the bytes.
 */
export function base64ToBytes(text: string): Decoded<Uint8Array> {
  const out: number[] = []
  let bits = 0
  let count = 0
  let padAt = -1
  let lastAt = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    if (/\s/.test(ch)) continue
    if (ch === '=') {
      if (padAt < 0) padAt = i
      continue
    }
    if (padAt >= 0) return fail(`"=" at ${positionOf(text, padAt)} is padding, but more follows.`)
    let value = BASE64.indexOf(ch)
    if (value < 0) value = BASE64URL.indexOf(ch)
    if (value < 0) return fail(`"${ch}" at ${positionOf(text, i)} is not a base64 character.`)
    bits = (bits << 6) | value
    count += 6
    lastAt = i
    if (count >= 8) {
      count -= 8
      out.push((bits >> count) & 0xff)
      bits &= (1 << count) - 1
    }
  }
  if (count === 6)
    return fail(`The base64 text ends with a lone character (${positionOf(text, lastAt)}).`)
  if (bits !== 0)
    return fail('The base64 text does not end cleanly: it may have been cut or mistyped.')
  return { ok: true, value: Uint8Array.from(out) }
}

/** Return the UTF-8 bytes of `text`. */
export function utf8Bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

/** Return `bytes` decoded as UTF-8, or `undefined` when they are not valid UTF-8. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/** Return a binary string of `bytes`: character i is byte i (latin-1). */
export function latin1Text(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += String.fromCharCode(byte)
  return out
}

/** Return the bytes of a binary string (characters above U+00FF keep their low byte). */
export function latin1ToBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff)
}

/** Return `text` as a binary string of its UTF-8 bytes. */
export function utf8Latin1(text: string): string {
  return latin1Text(utf8Bytes(text))
}

/**
 * Return true when `bytes` read well as text in an editor: valid UTF-8 with no control
 * characters other than tab, LF and CR. The body editor opens such bodies as text, others as hex.
 */
export function isText(bytes: Uint8Array): boolean {
  const text = utf8Text(bytes)
  return text !== undefined && !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.test(text)
}

/** Return true when `a` and `b` hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

function fail(error: string): DecodeError {
  return { ok: false, error }
}
