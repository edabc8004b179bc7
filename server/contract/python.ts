/**
 * @module
 * Python values and how CPython prints them. Part of the contract (no imports outside it), so
 * the server and the UI share it.
 *
 * The environ's values are Python values: strings, but also the `wsgi.*` flags, tuples and
 * objects, kept as their own kinds so that `pyStr()` renders them as Python's `str()` would,
 * and `json.dumps(d)` writes them with its default arguments (spec §1.1–1.2).
 *
 * `JSON.stringify` is not a substitute: it writes raw non-ASCII, leaves U+007F alone and
 * puts no space after `,` and `:`. The echo's body must equal Python's byte for byte.
 */
import { boundedMemo } from './memo.ts'

/** An object that Python would print with its repr, such as `<_io.BufferedReader name=4>`. */
export interface PyObject {
  readonly pyRepr: string
}

/** A Python tuple, such as `wsgi.version` `(1, 0)` or an ASGI scope's `(b'host', b'h')`. */
export interface PyTuple {
  readonly pyTuple: readonly EnvironValue[]
}

/** A Python list, such as an ASGI scope's `headers` (or daphne's `client`). */
export interface PyList {
  readonly pyList: readonly EnvironValue[]
}

/** A Python dict with str keys, such as `werkzeug.proxy_fix.orig` or a scope's `asgi`. */
export interface PyDict {
  readonly pyDict: ReadonlyArray<readonly [string, EnvironValue]>
}

/** A Python bytes object, such as a scope's `raw_path`: latin-1 text, one character per byte. */
export interface PyBytes {
  readonly pyBytes: string
}

/**
 * Every kind of value an environ or an ASGI scope holds. CGI keys are always latin-1 "native
 * strings"; a scope also holds bytes, lists, tuples and dicts of them.
 */
export type EnvironValue =
  | string
  | boolean
  | number
  | null
  | PyObject
  | PyTuple
  | PyList
  | PyDict
  | PyBytes

/**
 * A CGI/WSGI environment, or an ASGI scope: keys keep the server's spelling and insertion
 * order, values are Python values.
 */
export type Environ = Record<string, EnvironValue>

/** Return `str(value)` as Python prints it. */
export function pyStr(value: EnvironValue): string {
  if (typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return String(value)
  if (value === null) return 'None'
  if ('pyRepr' in value) return (value as PyObject).pyRepr
  if ('pyTuple' in value) return pyTupleRepr((value as PyTuple).pyTuple)
  if ('pyBytes' in value) return pyBytesText((value as PyBytes).pyBytes)
  if ('pyList' in value) return `[${(value as PyList).pyList.map(pyReprOf).join(', ')}]`
  return pyDictStr((value as PyDict).pyDict)
}

function pyDictStr(entries: PyDict['pyDict']): string {
  const parts = entries.map(([k, v]) => `${pyRepr(k)}: ${pyReprOf(v)}`)
  return `{${parts.join(', ')}}`
}

/** Printable per Python's `str.isprintable()`: not Other (C*) or Separator (Z*), except space. */
function isPrintable(ch: string): boolean {
  return ch === ' ' || !/[\p{C}\p{Z}]/u.test(ch)
}

/** How `repr()` escapes a code point it does not print: `\xNN`, `\uNNNN` or `\UNNNNNNNN`. */
function escapeCode(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`
  return `\\U${code.toString(16).padStart(8, '0')}`
}

/**
 * Return Python's `repr()` of a string.
 *
 * Quotes with `'` unless the text holds `'` and no `"`. Escapes the backslash, the quote in
 * use, `\t` `\n` `\r`, and what `str.isprintable()` refuses: for latin-1 that is C0, DEL,
 * C1, NBSP and the soft hyphen (`\xNN`); above it, `\uNNNN` or `\UNNNNNNNN`. Printable
 * characters stay raw.
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

/** Whether a value is one of the Python kinds kept as objects (tuple, list, dict, bytes, object). */
export function isPyKind<K extends 'pyTuple' | 'pyList' | 'pyDict' | 'pyBytes' | 'pyRepr'>(
  value: unknown,
  kind: K
): value is Extract<EnvironValue, Record<K, unknown>> {
  return typeof value === 'object' && value !== null && kind in value
}

/**
 * Return `repr(value)` for a value of any kind: a JS array prints as a Python list, a
 * Uint8Array as bytes, a function as `<function name>`, any other object by its class.
 */
export function pyReprOf(value: unknown): string {
  if (typeof value === 'string') return pyRepr(value)
  if (value === undefined || value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'number') return numberRepr(value)
  if (value instanceof Uint8Array) return pyBytesRepr(value)
  if (Array.isArray(value)) return `[${value.map(pyReprOf).join(', ')}]`
  if (typeof value === 'function') return `<function ${value.name || '<lambda>'}>`
  // repr() and str() of these agree: a container prints its items' repr either way
  if (
    isPyKind(value, 'pyTuple') ||
    isPyKind(value, 'pyList') ||
    isPyKind(value, 'pyDict') ||
    isPyKind(value, 'pyBytes') ||
    isPyKind(value, 'pyRepr')
  ) {
    return pyStr(value)
  }
  return `<${pyTypeName(value)} object>`
}

/** Return `repr(tuple(items))`: a 1-tuple keeps its trailing comma. */
export function pyTupleRepr(items: readonly unknown[]): string {
  const parts = items.map(pyReprOf)
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`
}

function numberRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan'
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf'
  return String(value)
}

/** Return `repr(bytes)`: printable ASCII raw, `\t\n\r` short, everything else `\xNN`. */
export function pyBytesRepr(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return pyBytesText(text)
}

/** {@link pyBytesRepr} of bytes held as latin-1 text (one character per byte). */
export function pyBytesText(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    const byte = text.charCodeAt(i)
    if (ch === '\\' || ch === quote) out += `\\${ch}`
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${(byte & 0xff).toString(16).padStart(2, '0')}`
    else out += ch
  }
  return `b${quote}${out}${quote}`
}

/** Return `type(value)` as Python prints it: `<class 'int'>`. */
export function pyClassRepr(value: unknown): string {
  return `<class '${pyTypeName(value)}'>`
}

/** The Python type a JS value stands for: number → int, null → NoneType, array → list. */
export function pyTypeName(value: unknown): string {
  if (typeof value === 'string') return 'str'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (typeof value === 'boolean') return 'bool'
  if (value === undefined || value === null) return 'NoneType'
  if (value instanceof Uint8Array) return 'bytes'
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'function') return 'function'
  if (isPyKind(value, 'pyTuple')) return 'tuple'
  if (isPyKind(value, 'pyList')) return 'list'
  if (isPyKind(value, 'pyBytes')) return 'bytes'
  if (isPyKind(value, 'pyDict')) return 'dict'
  if (isPyKind(value, 'pyRepr')) return classFromRepr(value.pyRepr)
  return (value as object).constructor?.name || 'object'
}

/** Read the class out of an object's repr: `<_io.BufferedReader name=4>` → `_io.BufferedReader`. */
function classFromRepr(repr: string): string {
  if (repr.startsWith('<class ')) return 'type'
  if (repr.startsWith('<bound method ')) return 'method'
  return /^<([A-Za-z_][\w.]*)[\s>]/.exec(repr)?.[1] ?? 'object'
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

/** Characters json.dumps(ensure_ascii=True) must escape: outside U+0020–U+007E, `"` and `\`. */
const NEEDS_ESCAPE = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/

/** The inside of a JSON string literal (no quotes), as Python's `json.dumps(text)` writes it. */
export function jsonStringBody(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    const code = text.charCodeAt(i)
    if (code >= 0x20 && code <= 0x7e && ch !== '"' && ch !== '\\') out += ch
    else out += SHORT_ESCAPES[ch] ?? `\\u${code.toString(16).padStart(4, '0')}`
  }
  return out
}

/** Return a JSON string literal exactly as Python's `json.dumps(text)` writes it. */
export function pyJsonString(text: string): string {
  return `"${jsonStringBody(text)}"`
}

/** An environ rendered for output: its keys in order and `str()` of each value. */
export interface RenderedEnviron {
  /** Shared with the previous rendering while the key list repeats; never changed. */
  readonly keys: readonly string[]
  readonly values: readonly string[]
}

// The key list rendered last: requests from the same client repeat it, so renderings share
// it instead of each holding a copy.
let lastKeys: readonly string[] = []
// The environ rendered last and its rendering: the echo renders an environ, then the live
// capture asks for the same one. Holds one environ at most.
let lastEnviron: object | undefined
let lastRendered: RenderedEnviron | undefined

/**
 * Return `[(k, str(v)) for k, v in environ.items()]` as parallel arrays.
 *
 * Parallel arrays, not a new object: building a 30-key object per request cost more than
 * the rest of the capture together. Asking twice for the same environ renders it once.
 */
export function renderEnviron(environ: Readonly<Record<string, EnvironValue>>): RenderedEnviron {
  if (environ === lastEnviron && lastRendered) return lastRendered
  const values: string[] = []
  let keys = lastKeys
  let copy: string[] | undefined
  let i = 0
  for (const key in environ) {
    if (copy) copy.push(key)
    else if (keys[i] !== key) {
      copy = keys.slice(0, i)
      copy.push(key)
    }
    values.push(pyStr(environ[key] as EnvironValue))
    i++
  }
  if (copy) keys = copy
  else if (i !== keys.length) keys = keys.slice(0, i)
  lastKeys = keys
  lastEnviron = environ
  lastRendered = { keys, values }
  return lastRendered
}

/** Return `{k: str(v) for k, v in environ.items()}` as an object, in the environ's order (the APIs' JSON). */
export function strEnviron(
  environ: Readonly<Record<string, EnvironValue>>
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key in environ) out[key] = pyStr(environ[key] as EnvironValue)
  return out
}

/**
 * Return `json.dumps({k: str(v) for k, v in environ.items()})` with Python's defaults.
 *
 * Separators are `", "` and `": "`; keys keep insertion order; UTF-16 code units above
 * U+FFFF come out as surrogate-pair escapes, as Python's do. Built from few, long pieces
 * (`", "KEY": "` is one memoised string): a string of many small ones is slow to flatten
 * when it is encoded.
 */
export function pyJsonDumps(environ: Readonly<Record<string, EnvironValue>>): string {
  const { keys, values } = renderEnviron(environ)
  if (keys.length === 0) return '{}'
  let out = `{${keyPrefix(keys[0] as string)}`
  out += jsonStringBody(values[0] as string)
  for (let i = 1; i < keys.length; i++) {
    out += nextKeyPrefix(keys[i] as string)
    out += jsonStringBody(values[i] as string)
  }
  return `${out}"}`
}

// keys repeat from request to request; bounded, so endless new header names cannot grow them

/** `"key": "` as json.dumps writes a first key and its value's opening quote, memoised. */
const keyPrefix = boundedMemo((key: string) => `${pyJsonString(key)}: "`, 4096)

/** `", "key": "`: the previous value's closing quote, the separator, the key, memoised. */
const nextKeyPrefix = boundedMemo((key: string) => `", ${pyJsonString(key)}: "`, 4096)
