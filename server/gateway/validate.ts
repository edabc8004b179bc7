/**
 * @module
 * Check that an environ, and an app running on it, obey PEP 3333: the gateway's
 * `wsgiref.validate`. Messages are wsgiref's word for word wherever wsgiref has one, so a
 * learner can paste them into a search engine. Check ids are in brackets.
 *
 * `checkEnviron(environ)` checks, in wsgiref's order:
 *
 * - The environ is a plain object, not a class instance (wsgiref: a dict, not a
 *   subclass). [environ-type]
 * - Every key ENVIRON_KEYS marks `required` is present. [required-key]
 * - HTTP_CONTENT_TYPE and HTTP_CONTENT_LENGTH are absent; those headers belong in
 *   CONTENT_TYPE and CONTENT_LENGTH. [forbidden-key]
 * - Warns if QUERY_STRING is missing, as the cgi module then reads sys.argv.
 *   [query-string-missing]
 * - CGI-style variables (keys without a ".") hold a str. [str-type]
 * - wsgi.version is a tuple. [version-tuple]
 * - wsgi.url_scheme is exactly 'http' or 'https'. [url-scheme]
 * - wsgi.input has read, readline, readlines and __iter__. [input-stream]
 * - wsgi.errors has flush, write and writelines. [error-stream]
 * - Warns if REQUEST_METHOD is not one wsgiref knows (CONNECT and PURGE are not).
 *   [unknown-method]
 * - SCRIPT_NAME and PATH_INFO are present (wsgiref raises KeyError without them)
 *   [script-name-missing, path-info-missing], and empty or start with "/". [script-name,
 *   path-info-slash]
 * - A non-empty CONTENT_LENGTH is an int of at least 0. [content-length]
 * - SCRIPT_NAME is not "/" (it should be "", and PATH_INFO "/"). [script-name-root]
 *
 * and then the PEP 3333 rules wsgiref.validate leaves out:
 *
 * - Every CGI str holds only code points U+0000–U+00FF ("native strings"). [latin1]
 * - SERVER_NAME, SERVER_PORT and REQUEST_METHOD are not empty. [server-name-empty,
 *   server-port-empty, request-method-empty]
 *
 * `validator(app)` throws the first of those errors before the app runs, then checks the app:
 *
 * - start_response gets 2 or 3 arguments.
 * - The status is a str of at least 4 characters: a 3-digit code of at least 100, a
 *   space, a reason (wsgiref's handler messages).
 * - The headers are a list of (name, value) pairs of str; no "Status" header; names are
 *   letters, digits, "-" and "_", start with a letter and do not end in "-" or "_" (so no
 *   ":", CR or LF); values hold no control character below U+0020; no hop-by-hop header.
 * - write() gets bytes (a Uint8Array).
 * - The app returns an iterable (sync or async), not a str or bytes, that yields only
 *   bytes, and start_response was called before the first chunk.
 *
 * Not checked, unlike wsgiref: that Content-Type is sent (and not for 204/304), exc_info's
 * type, how the app uses wsgi.input and wsgi.errors, and that the body iterator is closed.
 *
 * @see wsgiref.validate
 */

import { isHopByHop } from '../contract/http.ts'
import {
  type Environ,
  type EnvironValue,
  isPyKind,
  pyClassRepr,
  pyRepr,
  pyReprOf,
  pyTupleRepr,
  pyTypeName,
} from '../contract/python.ts'
import { ENVIRON_KEYS } from './environ-keys.ts'
import { GatewayError } from './errors.ts'
import type { App, Header } from './types.ts'

/** One thing `checkEnviron` found. `check` is a stable id, `message` wsgiref's wording. */
export interface ValidationProblem {
  level: 'error' | 'warning'
  check: string
  message: string
}

/** Options of `validator()`. */
export interface ValidatorOptions {
  /** Called with each warning (wsgiref's `WSGIWarning`) found before the app runs. */
  onWarning?: (problem: ValidationProblem) => void
}

/** Keys wsgiref.validate requires, read from the one description of every key. */
const REQUIRED_KEYS: readonly string[] = ENVIRON_KEYS.filter((doc) => doc.required).map(
  (doc) => doc.key
)

const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PATCH', 'PUT', 'DELETE', 'TRACE']

type Report = (level: ValidationProblem['level'], check: string, message: string) => void

/**
 * Return every way `environ` breaks PEP 3333, errors and warnings, in wsgiref's order.
 *
 * wsgiref stops at the first failed assertion; this goes on, so the list can be shown
 * whole. Checks on a key that is absent are skipped: the missing key is reported once.
 *
 * @see wsgiref.validate.check_environ
 */
export function checkEnviron(environ: Environ): ValidationProblem[] {
  const problems: ValidationProblem[] = []
  const report: Report = (level, check, message) => problems.push({ level, check, message })
  checkShape(environ, report)
  checkTypes(environ, report)
  checkPaths(environ, report)
  checkNativeStrings(environ, report)
  return problems
}

/**
 * Wrap `app` so that it and its server are checked against PEP 3333 on every call.
 *
 * The environ is checked first: the first error throws `EI_ERR_VALIDATION`, and warnings
 * found before it go to `onWarning`. Then start_response, write() and the body are
 * checked as the app uses them, each failure throwing its own `EI_ERR_*` code. Nothing is
 * changed on the way through: the environ, status, headers and chunks pass as they came.
 *
 * @see wsgiref.validate.validator
 * @example
 * ```ts
 * const app = validator(echoEnviron, { onWarning: (p) => log.warn(p.message) })
 * ```
 */
export function validator(app: App, { onWarning }: ValidatorOptions = {}): App {
  if (typeof app !== 'function') throw new TypeError('validator: app must be a function')

  return function validatorApp(environ, startResponse) {
    for (const problem of checkEnviron(environ)) {
      if (problem.level === 'warning') onWarning?.(problem)
      else throw new GatewayError('EI_ERR_VALIDATION', problem.message)
    }

    let started = false
    function validatorStartResponse(...args: unknown[]) {
      if (args.length !== 2 && args.length !== 3) {
        const message = `Invalid number of arguments: ${argumentsRepr(args)}`
        throw new GatewayError('EI_ERR_VALIDATION', message)
      }
      const [status, headers] = args
      checkStatus(status)
      checkHeaders(headers)
      started = true
      const write = startResponse(...(args as [string, readonly Header[], unknown?]))
      return function validatorWrite(chunk: Uint8Array) {
        if (!(chunk instanceof Uint8Array)) {
          throw new GatewayError(
            'EI_ERR_APP_RETURNED_NON_BYTES',
            'write() argument must be a bytes instance'
          )
        }
        write(chunk)
      }
    }

    const body: unknown = app(environ, validatorStartResponse)
    return checkedBody(body, () => started)
  }
}

function checkShape(environ: Environ, report: Report): void {
  const prototype: unknown = Object.getPrototypeOf(environ)
  if (prototype !== Object.prototype && prototype !== null) {
    const name = (environ as object).constructor?.name || 'object'
    const message = `Environment is not of the right type: <class '${name}'> (environment: ${environRepr(environ)})`
    report('error', 'environ-type', message)
  }
  for (const key of REQUIRED_KEYS) {
    if (!has(environ, key)) {
      report('error', 'required-key', `Environment missing required key: ${pyRepr(key)}`)
    }
  }
  for (const key of ['HTTP_CONTENT_TYPE', 'HTTP_CONTENT_LENGTH']) {
    if (has(environ, key)) {
      const message = `Environment should not have the key: ${key} (use ${key.slice(5)} instead)`
      report('error', 'forbidden-key', message)
    }
  }
  if (!has(environ, 'QUERY_STRING')) {
    report(
      'warning',
      'query-string-missing',
      'QUERY_STRING is not in the WSGI environment; the cgi module will use sys.argv when ' +
        'this variable is missing, so application errors are more likely'
    )
  }
}

function checkTypes(environ: Environ, report: Report): void {
  for (const [key, value] of Object.entries(environ)) {
    if (key.includes('.')) continue // an extension: its type is its own business
    if (typeof value !== 'string') {
      const message = `Environmental variable ${key} is not a string: ${pyClassRepr(value)} (value: ${pyReprOf(value)})`
      report('error', 'str-type', message)
    }
  }
  const version = get(environ, 'wsgi.version')
  if (version !== undefined && !isPyKind(version, 'pyTuple')) {
    report('error', 'version-tuple', `wsgi.version should be a tuple (${pyReprOf(version)})`)
  }
  const scheme = get(environ, 'wsgi.url_scheme')
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    report('error', 'url-scheme', `wsgi.url_scheme unknown: ${pyReprOf(scheme)}`)
  }
  checkStream(environ, 'wsgi.input', 'input-stream', report)
  checkStream(environ, 'wsgi.errors', 'error-stream', report)

  const method = get(environ, 'REQUEST_METHOD')
  if (method !== undefined && !(typeof method === 'string' && KNOWN_METHODS.includes(method))) {
    report('warning', 'unknown-method', `Unknown REQUEST_METHOD: ${pyReprOf(method)}`)
  }
}

/** What each stream needs, by its Python attribute name. */
const STREAM_ATTRIBUTES = {
  'wsgi.input': [
    ['read', 'read'],
    ['readline', 'readline'],
    ['readlines', 'readlines'],
    ['__iter__', Symbol.iterator],
  ],
  'wsgi.errors': [
    ['flush', 'flush'],
    ['write', 'write'],
    ['writelines', 'writelines'],
  ],
} as const

function checkStream(
  environ: Environ,
  key: keyof typeof STREAM_ATTRIBUTES,
  check: string,
  report: Report
): void {
  if (!has(environ, key)) return
  const stream = environ[key] as EnvironValue
  for (const [pythonName, property] of STREAM_ATTRIBUTES[key]) {
    // hasattr(): present is enough, callable or not; a str is iterable, as in Python
    if (!(property in Object(stream))) {
      const message = `${key} (${pyReprOf(stream)}) doesn't have the attribute ${pythonName}`
      report('error', check, message)
    }
  }
}

function checkPaths(environ: Environ, report: Report): void {
  // wsgiref formats these two messages eagerly with environ['SCRIPT_NAME'] and
  // environ['PATH_INFO'], so a missing key raises KeyError even when the path is fine
  const scriptName = get(environ, 'SCRIPT_NAME')
  if (scriptName === undefined) {
    report('error', 'script-name-missing', "KeyError: 'SCRIPT_NAME'")
  } else if (typeof scriptName === 'string' && scriptName && !scriptName.startsWith('/')) {
    report('error', 'script-name', `SCRIPT_NAME doesn't start with /: ${pyRepr(scriptName)}`)
  }
  const pathInfo = get(environ, 'PATH_INFO')
  if (pathInfo === undefined) {
    // also what wsgiref's "One of SCRIPT_NAME or PATH_INFO are required" meant to catch;
    // that assertion comes later and is never reached
    report('error', 'path-info-missing', "KeyError: 'PATH_INFO'")
  } else if (typeof pathInfo === 'string' && pathInfo && !pathInfo.startsWith('/')) {
    report('error', 'path-info-slash', `PATH_INFO doesn't start with /: ${pyRepr(pathInfo)}`)
  }
  const contentLength = get(environ, 'CONTENT_LENGTH')
  if (typeof contentLength === 'string' && contentLength) {
    const sign = pyIntSign(contentLength)
    if (sign === undefined) {
      const message = `ValueError: invalid literal for int() with base 10: ${pyRepr(contentLength)}`
      report('error', 'content-length', message)
    } else if (sign < 0) {
      report('error', 'content-length', `Invalid CONTENT_LENGTH: ${pyRepr(contentLength)}`)
    }
  }
  if (scriptName === '/') {
    report(
      'error',
      'script-name-root',
      "SCRIPT_NAME cannot be '/'; it should instead be '', and PATH_INFO should be '/'"
    )
  }
}

/** First code point above U+00FF, if any: PEP 3333 native strings are latin-1. */
const NOT_LATIN1 = /[\u{100}-\u{10ffff}]/u

function checkNativeStrings(environ: Environ, report: Report): void {
  for (const [key, value] of Object.entries(environ)) {
    if (key.includes('.') || typeof value !== 'string') continue
    const match = NOT_LATIN1.exec(value)
    if (match) {
      const codePoint = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
      const position = [...value.slice(0, match.index)].length
      const message = `Environmental variable ${key} is not a latin-1 native string: ${pyRepr(value)} (U+${codePoint} at index ${position})`
      report('error', 'latin1', message)
    }
  }
  for (const [key, check] of [
    ['SERVER_NAME', 'server-name-empty'],
    ['SERVER_PORT', 'server-port-empty'],
    ['REQUEST_METHOD', 'request-method-empty'],
  ] as const) {
    if (get(environ, key) === '') report('error', check, `${key} must not be empty`)
  }
}

/**
 * Check a status line as wsgiref's handler does, plus validate's "at least 100".
 *
 * "Digits" are ASCII digits; Python's `isdigit()` would also pass "²²²", which no
 * server can send.
 */
function checkStatus(status: unknown): asserts status is string {
  const fail = (message: string) => new GatewayError('EI_ERR_STATUS_INVALID', message)
  if (typeof status !== 'string') throw fail(`Status must be of type str (got ${pyReprOf(status)})`)
  const chars = [...status]
  if (chars.length < 4) throw fail('Status must be at least 4 characters')
  if (!/^[0-9]{3}/.test(status)) throw fail('Status message must begin w/3-digit code')
  if (chars[3] !== ' ') throw fail('Status message must have a space after code')
  const code = Number(status.slice(0, 3))
  if (code < 100) throw fail(`Status code is invalid: ${code}`)
}

const HEADER_NAME = /^[a-zA-Z][a-zA-Z0-9\-_]*$/

/** Check headers as wsgiref.validate's check_headers, then the handler's hop-by-hop rule. */
function checkHeaders(headers: unknown): asserts headers is readonly Header[] {
  const fail = (message: string) => new GatewayError('EI_ERR_HEADER_INVALID', message)
  if (!Array.isArray(headers)) {
    throw fail(`Headers (${pyReprOf(headers)}) must be of type list: ${pyClassRepr(headers)}`)
  }
  for (const item of headers as unknown[]) {
    if (!Array.isArray(item)) {
      throw fail(
        `Individual headers (${pyReprOf(item)}) must be of type tuple: ${pyClassRepr(item)}`
      )
    }
    if (item.length !== 2) {
      throw fail(`Individual headers (${pyTupleRepr(item)}) must be (name, value) pairs`)
    }
    const [name, value]: unknown[] = item
    if (typeof name !== 'string')
      throw fail(`Header name must be of type str (got ${pyReprOf(name)})`)
    if (typeof value !== 'string') {
      throw fail(`Header value must be of type str (got ${pyReprOf(value)})`)
    }
    if (name.toLowerCase() === 'status') {
      throw fail(
        'The Status header cannot be used; it conflicts with CGI script, and HTTP status is ' +
          `not given through headers (value: ${pyRepr(value)}).`
      )
    }
    if (name.includes('\n') || name.includes(':')) {
      throw fail(`Header names may not contain ':' or '\\n': ${pyRepr(name)}`)
    }
    if (!HEADER_NAME.test(name)) throw fail(`Bad header name: ${pyRepr(name)}`)
    if (name.endsWith('-') || name.endsWith('_')) {
      throw fail(`Names may not end in '-' or '_': ${pyRepr(name)}`)
    }
    const bad = [...value].find((ch) => ch < ' ') // the C0 controls, \000-\037
    if (bad) throw fail(`Bad header value: ${pyRepr(value)} (bad char: ${pyRepr(bad)})`)
  }
  for (const [name, value] of headers as Header[]) {
    if (isHopByHop(name)) {
      const message = `Hop-by-hop header, '${name}: ${value}', not allowed`
      throw new GatewayError('EI_ERR_HOP_BY_HOP_HEADER', message)
    }
  }
}

/** Check what the app returned, and wrap it so each chunk is checked as it is read. */
function checkedBody(
  body: unknown,
  started: () => boolean
): Iterable<Uint8Array> | AsyncIterable<Uint8Array> {
  if (body === undefined || body === null || body === false) {
    const message = 'The application must return an iterator, if only an empty list'
    throw new GatewayError('EI_ERR_VALIDATION', message)
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    throw new GatewayError(
      'EI_ERR_APP_RETURNED_NON_BYTES',
      'You should not return a string as your application iterator, instead return a ' +
        'single-item list containing a bytestring.'
    )
  }
  // `for await` prefers Symbol.asyncIterator too
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    return checkChunksAsync(body as AsyncIterable<unknown>, started)
  }
  if (typeof body === 'object' && Symbol.iterator in body) {
    return checkChunks(body as Iterable<unknown>, started)
  }
  throw new GatewayError('EI_ERR_VALIDATION', `'${pyTypeName(body)}' object is not iterable`)
}

function* checkChunks(body: Iterable<unknown>, started: () => boolean): Generator<Uint8Array> {
  let first = true
  for (const chunk of body) {
    yield checkChunk(chunk, first, started)
    first = false
  }
}

async function* checkChunksAsync(
  body: AsyncIterable<unknown>,
  started: () => boolean
): AsyncGenerator<Uint8Array> {
  let first = true
  for await (const chunk of body) {
    yield checkChunk(chunk, first, started)
    first = false
  }
}

function checkChunk(chunk: unknown, first: boolean, started: () => boolean): Uint8Array {
  if (!(chunk instanceof Uint8Array)) {
    const message = `Iterator yielded non-bytestring (${pyReprOf(chunk)})`
    throw new GatewayError('EI_ERR_APP_RETURNED_NON_BYTES', message)
  }
  if (first && !started()) {
    throw new GatewayError(
      'EI_ERR_WRITE_BEFORE_START',
      'The application returns and we started iterating over its body, but start_response ' +
        'has not yet been called'
    )
  }
  return chunk
}

function has(environ: Environ, key: string): boolean {
  return Object.hasOwn(environ, key)
}

/** `environ.get(key)`: the value, or undefined when the key is absent. */
function get(environ: Environ, key: string): EnvironValue | undefined {
  return has(environ, key) ? environ[key] : undefined
}

/** The whitespace `int()` strips: `str.isspace()` minus U+001C–U+001F. */
const INT_SPACE =
  '[\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*'
const INT_LITERAL = new RegExp(`^${INT_SPACE}([+-]?)(\\p{Nd}+(?:_\\p{Nd}+)*)${INT_SPACE}$`, 'u')

/**
 * Return the sign of `int(text)`, 1 for zero, or undefined where Python raises ValueError.
 *
 * Python accepts surrounding whitespace, a sign, "_" between digits and any Unicode decimal
 * digit ("٣" is 3), so a port of `int(CONTENT_LENGTH) >= 0` must too.
 */
function pyIntSign(text: string): number | undefined {
  const match = INT_LITERAL.exec(text)
  if (!match) return undefined
  const [, sign, digits = ''] = match
  const isZero = [...digits].every((ch) => ch === '_' || decimalValue(ch) === 0)
  return sign === '-' && !isZero ? -1 : 1
}

/** The value of a Unicode decimal digit: Unicode encodes them in runs of ten from 0 to 9. */
function decimalValue(digit: string): number {
  let code = digit.codePointAt(0) ?? 0
  let steps = 0
  while (/\p{Nd}/u.test(String.fromCodePoint(code - 1))) {
    code -= 1
    steps += 1
  }
  return steps % 10
}

/** Print start_response's arguments as the tuple wsgiref formats; header pairs as tuples. */
function argumentsRepr(args: readonly unknown[]): string {
  const items = args.map((arg, index) =>
    index === 1 && Array.isArray(arg)
      ? `[${arg.map((item: unknown) => (Array.isArray(item) ? pyTupleRepr(item) : pyReprOf(item))).join(', ')}]`
      : pyReprOf(arg)
  )
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`
}

function environRepr(environ: Environ): string {
  const items = Object.entries(environ).map(([key, value]) => `${pyRepr(key)}: ${pyReprOf(value)}`)
  return `{${items.join(', ')}}`
}
