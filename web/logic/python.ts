/**
 * @module
 * Write an environ as a Python dict literal, with `repr()` quoting rules.
 *
 * The echo returns `str(v)` of every value, so the literal is a `dict[str, str]`; pasting it
 * into a test gives exactly the strings the app saw.
 */

/** Printable per Python's `str.isprintable()`: not Other (C*) or Separator (Z*), except space. */
function isPrintable(ch: string): boolean {
  return ch === ' ' || !/[\p{C}\p{Z}]/u.test(ch)
}

function escapeCode(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`
  return `\\U${code.toString(16).padStart(8, '0')}`
}

/**
 * Return Python's `repr()` of a string.
 *
 * Quotes with `'` unless the text holds `'` and no `"`. Escapes the backslash, the quote
 * in use, `\t` `\n` `\r`, and non-printable characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN`
 * (for latin-1 that is U+0000–U+001F, U+007F–U+00A0 and U+00AD).
 *
 * @see https://docs.python.org/3/library/functions.html#repr
 */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of text) {
    if (ch === '\\' || ch === quote) out += `\\${ch}`
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (!isPrintable(ch)) out += escapeCode(ch.codePointAt(0) ?? 0)
    else out += ch
  }
  return out + quote
}

/** Return the environ as a Python dict literal, one key per line, in the server's key order. */
export function toPythonDict(environ: Readonly<Record<string, string>>): string {
  const lines = Object.entries(environ).map(
    ([key, value]) => `    ${pyRepr(key)}: ${pyRepr(value)},`
  )
  return lines.length ? `{\n${lines.join('\n')}\n}` : '{}'
}
