/**
 * @module
 * `repr()` of the Python values the frameworks return: str (any code point, not only
 * latin-1), bool, None, int, lists, tuples and named tuples.
 *
 * The gateway's `pyRepr` covers the latin-1 environ; URLs that Starlette and Werkzeug decode
 * to Unicode need CPython's full rule: a character is written as is when `str.isprintable()`
 * holds, else as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 */

/** Characters `str.isprintable()` rejects: other, separators (the ASCII space excepted). */
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u

/** `repr(text)` as CPython writes it. */
export function reprStr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\' || ch === quote) out += `\\${ch}`
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === ' ' || !NOT_PRINTABLE.test(ch)) out += ch
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`
    else out += `\\U${hex(code, 8)}`
  }
  return out + quote
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0')
}

/** `repr(value)` for True/False. */
export function reprBool(value: boolean): string {
  return value ? 'True' : 'False'
}

/** `repr(text)` or `None`. */
export function reprOptionalStr(text: string | null): string {
  return text === null ? 'None' : reprStr(text)
}

/** `repr(list_of_str)`: `['a', 'b']`. */
export function reprStrList(items: readonly string[]): string {
  return `[${items.map(reprStr).join(', ')}]`
}

/** `repr(obj)` of a named tuple: `Address(host='127.0.0.1', port=50000)`. */
export function reprNamedTuple(
  name: string,
  fields: ReadonlyArray<readonly [string, string]>
): string {
  return `${name}(${fields.map(([field, value]) => `${field}=${value}`).join(', ')})`
}

/** `repr((a, b))` from already-rendered items. */
export function reprTuple(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`
}
