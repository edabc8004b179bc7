/**
 * @module
 * The Raw tab's text ⇄ the exact bytes it sends.
 *
 * A textarea only holds LF line breaks, yet HTTP needs CRLF and a malformed request needs
 * the other endings too. So: every line break in the text is sent as CRLF, and escapes write
 * any other byte: `\r` (CR), `\n` (LF), `\t`, `\0`, `\xNN`, `\\`. A line that ends with an
 * escaped `\r` or `\n` is sent without the CRLF (its line break is only for reading), which
 * is how a bare LF is written. Plain characters go out as UTF-8, as curl sends them.
 */

const ESCAPED: Readonly<Record<string, number>> = {
  r: 0x0d,
  n: 0x0a,
  t: 0x09,
  '0': 0x00,
  '\\': 0x5c,
}
const HEX = /^[0-9A-Fa-f]{2}$/

/** Return the bytes of one line (no line break) and whether it ends with an escaped CR or LF. */
function lineBytes(line: string): { bytes: number[]; endsWithBreak: boolean } {
  const bytes: number[] = []
  const encoder = new TextEncoder()
  let plain = ''
  let endsWithBreak = false
  const flush = () => {
    if (plain) bytes.push(...encoder.encode(plain))
    plain = ''
  }
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i)
    endsWithBreak = false
    if (ch !== '\\') {
      plain += ch
      continue
    }
    const next = line.charAt(i + 1)
    const hex = line.slice(i + 2, i + 4)
    if (next in ESCAPED) {
      flush()
      const byte = ESCAPED[next] as number
      bytes.push(byte)
      endsWithBreak = byte === 0x0d || byte === 0x0a
      i += 1
    } else if (next === 'x' && HEX.test(hex)) {
      flush()
      bytes.push(Number.parseInt(hex, 16))
      i += 3
    } else {
      plain += ch // not an escape: the backslash is sent as is
    }
  }
  flush()
  return { bytes, endsWithBreak }
}

/** Return the exact bytes the Raw tab's `text` stands for. */
export function rawBytes(text: string): Uint8Array {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const out: number[] = []
  lines.forEach((line, index) => {
    const { bytes, endsWithBreak } = lineBytes(line)
    out.push(...bytes)
    if (index < lines.length - 1 && !endsWithBreak) out.push(0x0d, 0x0a)
  })
  return Uint8Array.from(out)
}

/** Length of the well-formed UTF-8 sequence starting at `at` (0 when there is none). */
function utf8Length(bytes: Uint8Array, at: number): number {
  const first = bytes[at] ?? 0
  const length = first >= 0xf0 && first <= 0xf4 ? 4 : first >= 0xe0 ? 3 : first >= 0xc2 ? 2 : 0
  if (length === 0 || first > 0xf4) return 0
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + length))
    return at + length <= bytes.length ? length : 0
  } catch {
    return 0
  }
}

function hexEscape(byte: number): string {
  return `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`
}

/** Return Raw-tab text for `bytes`: the inverse of {@link rawBytes}. */
export function rawText(bytes: Uint8Array): string {
  let out = ''
  // a line ending in an escaped \r takes no CRLF, so a CRLF right after one is spelled out
  let afterBareCr = false
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number
    const bareCr = byte === 0x0d && bytes[i + 1] !== 0x0a
    if (byte === 0x0d && bytes[i + 1] === 0x0a) {
      out += afterBareCr ? '\\r\\n\n' : '\n'
      i += 1
    } else if (byte === 0x0a) out += '\\n\n'
    else if (bareCr) out += '\\r'
    else if (byte === 0x5c) out += '\\\\'
    else if (byte === 0x09) out += '\t'
    else if (byte < 0x20 || byte === 0x7f) out += hexEscape(byte)
    else if (byte < 0x80) out += String.fromCharCode(byte)
    else {
      const length = utf8Length(bytes, i)
      if (length === 0) out += hexEscape(byte)
      else {
        out += new TextDecoder().decode(bytes.subarray(i, i + length))
        i += length - 1
      }
    }
    afterBareCr = bareCr
  }
  return out
}

/** Return the bytes of a latin-1 string (one character per byte, as the relay's `sent.text`). */
export function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff)
}

/** Return `bytes` as a latin-1 string: character i is byte i. */
export function bytesToLatin1(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += String.fromCharCode(byte)
  return out
}

/** Return standard base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  return btoa(bytesToLatin1(bytes))
}
