/**
 * @module
 * Python's `idna` codec (IDNA 2003) for the two places the frameworks use it: Werkzeug's
 * `Map.bind` encodes the server name (`name.encode('idna')`), and Werkzeug's `uri_to_iri`
 * decodes `xn--` labels back to Unicode (`_decode_idna`).
 *
 * Modelled on CPython's `Lib/encodings/idna.py` (`Codec.encode`'s ASCII fast path,
 * `ToUnicode`) and `Lib/encodings/punycode.py`. Nameprep (RFC 3491's stringprep tables) is
 * approximated: case folding with `toLowerCase`, NFKC, the "map to nothing" characters and
 * the prohibited categories. Only a label that starts with `xn--` reaches it.
 */
import { PyError } from './errors.ts'
import { reprStr } from './repr.ts'

/**
 * `name.encode('idna')` for an ASCII name: every label but the last 1–63 characters, the
 * last under 64. Throws `UnicodeEncodeError`; non-ASCII names are refused by the caller.
 */
export function encodeIdnaAscii(name: string): string {
  if (!name) return name
  const labels = name.split('.')
  for (const label of labels.slice(0, -1)) {
    if (label.length === 0 || label.length >= 64) {
      throw new PyError(
        'UnicodeEncodeError',
        `'idna' codec can't encode characters: label empty or too long`
      )
    }
  }
  if ((labels[labels.length - 1] as string).length >= 64) {
    throw new PyError('UnicodeEncodeError', `'idna' codec can't encode characters: label too long`)
  }
  return name
}

/**
 * `domain.encode('ascii').decode('idna')` for an ASCII domain, as CPython 3.11–3.13 do it:
 * `xn--` labels are decoded, and a label that does not decode or round-trip raises
 * `UnicodeError` (not `UnicodeDecodeError`, so Werkzeug's `_decode_idna`, which catches
 * only the latter, lets it through).
 */
export function decodeIdna(domain: string): string {
  if (!domain.includes('xn--')) return domain
  const labels = domain.split('.')
  let trailingDot = ''
  if (labels[labels.length - 1] === '') {
    trailingDot = '.'
    labels.pop()
  }
  return labels.map(toUnicode).join('.') + trailingDot
}

/** The codec machinery's wrapping of an exception raised inside a codec. */
function codecFailed(codec: string, reason: string): string {
  return `decoding with '${codec}' codec failed (UnicodeError: ${reason})`
}

/** IDNA ToUnicode for an ASCII label. */
function toUnicode(label: string): string {
  if (!label.startsWith('xn--')) return label
  let decoded: string
  try {
    decoded = punycodeDecode(label.slice(4))
  } catch (error) {
    if (!(error instanceof PyError)) throw error
    throw new PyError('UnicodeError', codecFailed('idna', codecFailed('punycode', error.message)))
  }
  let ascii: string
  try {
    ascii = toAscii(decoded)
  } catch (error) {
    if (!(error instanceof PyError)) throw error
    throw new PyError('UnicodeError', codecFailed('idna', error.message))
  }
  if (label.toLowerCase() !== ascii) {
    throw new PyError('UnicodeError', `('IDNA does not round-trip', b'${label}', b'${ascii}')`)
  }
  return decoded
}

/** IDNA ToASCII of a decoded label; throws with Python's reason. */
function toAscii(label: string): string {
  const sized = (ascii: string) => {
    if (ascii.length > 0 && ascii.length < 64) return ascii
    throw new PyError('UnicodeError', 'label empty or too long')
  }
  if (/^[\x00-\x7f]*$/.test(label)) return sized(label)
  const prepared = nameprep(label)
  if (/^[\x00-\x7f]*$/.test(prepared)) return sized(prepared)
  return sized(`xn--${punycodeEncode(prepared)}`)
}

/** RFC 3491 "commonly mapped to nothing" (table B.1), as code point ranges. */
const MAPPED_TO_NOTHING: ReadonlyArray<readonly [number, number]> = [
  [0xad, 0xad],
  [0x34f, 0x34f],
  [0x1806, 0x1806],
  [0x180b, 0x180d],
  [0x200b, 0x200d],
  [0x2060, 0x2060],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
]

function mappedToNothing(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0
  return MAPPED_TO_NOTHING.some(([from, to]) => code >= from && code <= to)
}
/** Prohibited output (tables C.1.2–C.9), by category where the tables follow one. */
const PROHIBITED = /[\p{Cc}\p{Co}\p{Cs}\p{Cf}\u2ff0-\u2ffb\ufff9-\ufffd]|(?![ -~])\p{Zs}/u

/** RFC 3491 nameprep, approximated; throws `Invalid character` for prohibited output. */
function nameprep(label: string): string {
  const mapped = [...label]
    .filter((ch) => !mappedToNothing(ch))
    .join('')
    .toLowerCase()
    .normalize('NFKC')
  for (const ch of mapped) {
    if (PROHIBITED.test(ch)) throw new PyError('UnicodeError', `Invalid character ${reprStr(ch)}`)
  }
  return mapped
}

const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 128

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1
  d += Math.floor(d / points)
  let k = 0
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN))
    k += BASE
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW))
}

function digitValue(ch: string): number {
  const code = ch.charCodeAt(0)
  if (code >= 0x41 && code <= 0x5a) return code - 0x41
  if (code >= 0x61 && code <= 0x7a) return code - 0x61
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 26
  return -1
}

/** RFC 3492 decoding, as `bytes.decode('punycode')`; throws with Python's reason. */
export function punycodeDecode(text: string): string {
  const dash = text.lastIndexOf('-')
  const output = dash === -1 ? [] : [...text.slice(0, dash)].map((ch) => ch.codePointAt(0) ?? 0)
  const extended = dash === -1 ? text : text.slice(dash + 1)
  let n = INITIAL_N
  let i = 0
  let bias = INITIAL_BIAS
  let pos = 0
  while (pos < extended.length) {
    const oldI = i
    let w = 1
    for (let k = BASE; ; k += BASE) {
      if (pos >= extended.length) throw new PyError('UnicodeError', 'incomplete punicode string')
      const ch = extended[pos++] as string
      const digit = digitValue(ch)
      if (digit < 0) {
        throw new PyError('UnicodeError', `Invalid extended code point '${ch.toUpperCase()}'`)
      }
      i += digit * w
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
      if (digit < t) break
      w *= BASE - t
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0)
    n += Math.floor(i / (output.length + 1))
    if (n > 0x10ffff) throw new PyError('UnicodeError', `Invalid character U+${n.toString(16)}`)
    i %= output.length + 1
    output.splice(i, 0, n)
    i++
  }
  return String.fromCodePoint(...output)
}

/** RFC 3492 encoding with lower-case digits, as `text.encode('punycode')`. */
export function punycodeEncode(text: string): string {
  const points = [...text].map((ch) => ch.codePointAt(0) ?? 0)
  let output = points
    .filter((p) => p < 0x80)
    .map((p) => String.fromCharCode(p))
    .join('')
  const basic = output.length
  let handled = basic
  if (basic > 0) output += '-'
  let n = INITIAL_N
  let delta = 0
  let bias = INITIAL_BIAS
  while (handled < points.length) {
    const m = Math.min(...points.filter((p) => p >= n))
    delta += (m - n) * (handled + 1)
    n = m
    for (const p of points) {
      if (p < n) delta++
      if (p !== n) continue
      let q = delta
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
        if (q < t) break
        output += digitChar(t + ((q - t) % (BASE - t)))
        q = Math.floor((q - t) / (BASE - t))
      }
      output += digitChar(q)
      bias = adapt(delta, handled + 1, handled === basic)
      delta = 0
      handled++
    }
    delta++
    n++
  }
  return output
}

function digitChar(d: number): string {
  return String.fromCharCode(d < 26 ? 0x61 + d : 0x30 + d - 26)
}
