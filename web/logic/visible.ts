/**
 * @module
 * Make environ values readable: invisible characters get a visible stand-in, and latin-1
 * "native strings" get a hint of how their bytes decode as UTF-8.
 *
 * PEP 3333 values are bytes read as latin-1, so a UTF-8 "é" (C3 A9) shows as "Ã©". The
 * hint reverses that (latin-1 → bytes → UTF-8), which is what an application does with
 * `value.encode('latin-1').decode('utf-8')`.
 */

/** A run of a value: plain text, one invisible character, or one non-ASCII character. */
export interface Segment {
  readonly kind: 'text' | 'invisible' | 'nonascii'
  /** What to display. For `invisible` this is a stand-in glyph, never the raw character. */
  readonly text: string
  /** What the stand-in means, for tooltips and screen readers. */
  readonly label?: string
}

const NAMED: Readonly<Record<string, readonly [glyph: string, label: string]>> = {
  '\t': ['⇥', 'tab (\\t)'],
  '\n': ['↵', 'line feed (\\n)'],
  '\r': ['␍', 'carriage return (\\r)'],
  '\0': ['␀', 'NUL (\\x00)'],
  '\x7f': ['␡', 'delete (\\x7f)'],
  '\xa0': ['⍽', 'no-break space (\\xa0)'],
  '\xad': ['‐', 'soft hyphen (\\xad)'],
}

function hex(code: number): string {
  return code.toString(16).padStart(2, '0')
}

function invisible(ch: string): Segment | undefined {
  const named = NAMED[ch]
  if (named) return { kind: 'invisible', text: named[0], label: named[1] }
  const code = ch.codePointAt(0) ?? 0
  // C0 controls have Unicode "control pictures" at U+2400 + code
  if (code < 0x20) {
    return {
      kind: 'invisible',
      text: String.fromCodePoint(0x2400 + code),
      label: `control \\x${hex(code)}`,
    }
  }
  if (code >= 0x80 && code < 0xa0) {
    return { kind: 'invisible', text: `\\x${hex(code)}`, label: `C1 control \\x${hex(code)}` }
  }
  return undefined
}

/**
 * Split a value into segments for display.
 *
 * Leading and trailing spaces become `·` (they matter and are easy to miss); inner
 * spaces stay spaces. Printable non-ASCII is kept as is but marked, so the mojibake is
 * visible as such.
 */
export function visibleSegments(value: string): Segment[] {
  const chars = Array.from(value)
  const lead = chars.findIndex((ch) => ch !== ' ')
  const firstInner = lead < 0 ? chars.length : lead
  let lastInner = chars.length - 1
  while (lastInner >= firstInner && chars[lastInner] === ' ') lastInner -= 1
  const out: Segment[] = []
  let text = ''
  const flush = () => {
    if (text) out.push({ kind: 'text', text })
    text = ''
  }
  chars.forEach((ch, i) => {
    const special =
      ch === ' ' && (i < firstInner || i > lastInner)
        ? ({ kind: 'invisible', text: '·', label: 'space at the edge' } as const)
        : invisible(ch)
    if (special) {
      flush()
      out.push(special)
    } else if ((ch.codePointAt(0) ?? 0) > 0x7e) {
      flush()
      out.push({ kind: 'nonascii', text: ch, label: `U+${hexCode(ch)}` })
    } else {
      text += ch
    }
  })
  flush()
  return out
}

function hexCode(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
}

/** Return the value's characters as bytes when it is a latin-1 native string, else undefined. */
export function latin1Bytes(value: string): Uint8Array | undefined {
  const bytes = new Uint8Array(value.length)
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code > 0xff) return undefined
    bytes[i] = code
  }
  return bytes
}

/**
 * Return how the value reads when its latin-1 bytes are decoded as UTF-8.
 *
 * Undefined when there is nothing to recover: pure ASCII, characters beyond latin-1, or
 * bytes that are not valid UTF-8 (then the value is best left as latin-1).
 */
export function utf8Hint(value: string): string | undefined {
  if (!/[\x80-\xff]/.test(value)) return undefined
  const bytes = latin1Bytes(value)
  if (!bytes) return undefined
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}
