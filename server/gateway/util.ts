/**
 * @module
 * Pure helpers over an environ: the gateway's `wsgiref.util`, ported line for line from
 * CPython 3.11 `Lib/wsgiref/util.py`.
 *
 * Where wsgiref would raise, these throw errors named like Python's: `KeyError` for a
 * missing required key, `UnicodeEncodeError` (a `RangeError`) for a path that is not
 * latin-1, `IndexError` for a PATH_INFO without "/", and `TypeError` for a value that is
 * not a str where wsgiref uses it as one.
 */
import { type Environ, type EnvironValue, pyRepr, pyStr } from '../contract/python.ts'
import type { ErrorStream, InputStream } from './types.ts'

// wsgiref.util.is_hop_by_hop: the grammar lives in the contract, shared with the UI
export { isHopByHop } from '../contract/http.ts'

/**
 * Guess whether `wsgi.url_scheme` should be "http" or "https".
 *
 * Only the CGI `HTTPS` variable counts ("yes", "on" or "1", exactly), never a request
 * header: a client sending `Https: on` only gets `HTTP_HTTPS`.
 *
 * @see wsgiref.util.guess_scheme
 */
export function guessScheme(environ: Environ): 'http' | 'https' {
  const https = environ.HTTPS
  return https === 'yes' || https === 'on' || https === '1' ? 'https' : 'http'
}

/**
 * Return the application's base URI (no PATH_INFO or QUERY_STRING).
 *
 * HTTP_HOST wins over SERVER_NAME; only with SERVER_NAME is the port appended, and then
 * only when it is not the scheme's default (80, 443). SCRIPT_NAME is percent-quoted as
 * latin-1 bytes, and an empty SCRIPT_NAME becomes "/".
 *
 * @see wsgiref.util.application_uri
 * @see https://peps.python.org/pep-3333/#url-reconstruction
 */
export function applicationUri(environ: Environ): string {
  const scheme = requireStr(environ, 'wsgi.url_scheme')
  let url = `${scheme}://`
  if (isTruthy(environ.HTTP_HOST)) {
    url += requireStr(environ, 'HTTP_HOST')
  } else {
    url += requireStr(environ, 'SERVER_NAME')
    const port = requireStr(environ, 'SERVER_PORT')
    if (port !== (scheme === 'https' ? '443' : '80')) url += `:${port}`
  }
  const scriptName = environ.SCRIPT_NAME
  return url + quote(isTruthy(scriptName) ? requireStr(environ, 'SCRIPT_NAME') : '/', '/')
}

/**
 * Return the full request URI, with the query string unless `includeQuery` is false.
 *
 * PATH_INFO is quoted with `/;=,` kept, so path parameters survive. When SCRIPT_NAME is
 * empty, the "/" that applicationUri() ends with stands in for PATH_INFO's first character.
 *
 * @see wsgiref.util.request_uri
 */
export function requestUri(environ: Environ, includeQuery = true): string {
  let url = applicationUri(environ)
  const pathInfo = quote(optionalStr(environ, 'PATH_INFO') ?? '', '/;=,')
  url += isTruthy(environ.SCRIPT_NAME) ? pathInfo : pathInfo.slice(1)
  if (includeQuery && isTruthy(environ.QUERY_STRING)) {
    url += `?${requireStr(environ, 'QUERY_STRING')}`
  }
  return url
}

/**
 * Shift one path segment from PATH_INFO to SCRIPT_NAME and return it.
 *
 * Returns `undefined` (Python's None) when PATH_INFO is empty, or when only "/." is left.
 * Empty and "." segments are skipped, and SCRIPT_NAME is normalised as a POSIX path, so
 * ".." climbs. When PATH_INFO is exactly "/", returns "" and leaves a trailing "/" on
 * SCRIPT_NAME, so apps can tell "/x" from "/x/". Mutates `environ`; copy it first if
 * you need the original.
 *
 * @see wsgiref.util.shift_path_info
 * @see https://peps.python.org/pep-3333/#url-reconstruction
 */
export function shiftPathInfo(environ: Environ): string | undefined {
  const pathInfo = optionalStr(environ, 'PATH_INFO') ?? ''
  if (!pathInfo) return undefined

  const parts = pathInfo.split('/')
  if (parts.length < 2) throw pyError('IndexError', 'list index out of range') // no "/" at all
  const inner = parts.slice(1, -1).filter((part) => part !== '' && part !== '.')
  const pathParts = [parts[0] as string, ...inner, ...(parts.length > 1 ? parts.slice(-1) : [])]
  const name = pathParts[1] as string
  pathParts.splice(1, 1)

  let scriptName = normpath(`${optionalStr(environ, 'SCRIPT_NAME') ?? ''}/${name}`)
  if (scriptName.endsWith('/')) scriptName = scriptName.slice(0, -1)
  if (!name && !scriptName.endsWith('/')) scriptName += '/'

  environ.SCRIPT_NAME = scriptName
  environ.PATH_INFO = pathParts.join('/')

  // '/.' is the one segment that is not stripped above, so drop it here instead
  return name === '.' ? undefined : name
}

/**
 * Fill in the keys a WSGI environ needs, with fake values, for tests.
 *
 * Like wsgiref, it only adds keys that are missing (setdefault) and mutates `environ`.
 * The values are wsgiref's: `wsgi.run_once`, `wsgi.multithread` and `wsgi.multiprocess`
 * are the int 0 (not False), `wsgi.input` is an empty in-memory `BytesIO` and
 * `wsgi.errors` a `StringIO` that keeps what is written. Their reprs carry a fixed fake
 * address, because a real one would make every echo differ. QUERY_STRING is not set, as
 * in wsgiref, so validation warns about it. Returns `environ` for chaining (wsgiref
 * returns None). Never use this in a server: the data is fake.
 *
 * @see wsgiref.util.setup_testing_defaults
 */
export function setupTestingDefaults(environ: Environ): Environ {
  setDefault(environ, 'SERVER_NAME', '127.0.0.1')
  setDefault(environ, 'SERVER_PROTOCOL', 'HTTP/1.0')

  setDefault(environ, 'HTTP_HOST', environ.SERVER_NAME as EnvironValue)
  setDefault(environ, 'REQUEST_METHOD', 'GET')

  if (!('SCRIPT_NAME' in environ) && !('PATH_INFO' in environ)) {
    setDefault(environ, 'SCRIPT_NAME', '')
    setDefault(environ, 'PATH_INFO', '/')
  }

  setDefault(environ, 'wsgi.version', { pyTuple: [1, 0] })
  setDefault(environ, 'wsgi.run_once', 0)
  setDefault(environ, 'wsgi.multithread', 0)
  setDefault(environ, 'wsgi.multiprocess', 0)

  if (!('wsgi.input' in environ)) environ['wsgi.input'] = emptyBytesIO()
  if (!('wsgi.errors' in environ)) environ['wsgi.errors'] = stringIO()
  setDefault(environ, 'wsgi.url_scheme', guessScheme(environ))

  if (environ['wsgi.url_scheme'] === 'http') setDefault(environ, 'SERVER_PORT', '80')
  else if (environ['wsgi.url_scheme'] === 'https') setDefault(environ, 'SERVER_PORT', '443')
  return environ
}

/** Python's truthiness for an environ value: None, '', 0, False and empty containers are false. */
function isTruthy(value: EnvironValue | undefined): boolean {
  if (value === undefined || value === null) return false
  if (typeof value === 'string') return value !== ''
  if (typeof value === 'number') return value !== 0
  if (typeof value === 'boolean') return value
  if ('pyTuple' in value) return value.pyTuple.length > 0
  if ('pyDict' in value) return value.pyDict.length > 0
  if ('pyList' in value) return value.pyList.length > 0
  if ('pyBytes' in value) return value.pyBytes.length > 0
  return true
}

/** `environ[key]` where wsgiref indexes and then concatenates: KeyError if absent, TypeError if not a str. */
function requireStr(environ: Environ, key: string): string {
  if (!(key in environ)) throw pyError('KeyError', pyRepr(key))
  return asStr(key, environ[key] as EnvironValue)
}

/** `environ.get(key)` where wsgiref then uses a str method: undefined if absent, TypeError if not a str. */
function optionalStr(environ: Environ, key: string): string | undefined {
  return key in environ ? asStr(key, environ[key] as EnvironValue) : undefined
}

function asStr(key: string, value: EnvironValue): string {
  if (typeof value === 'string') return value
  throw new TypeError(`environ[${pyRepr(key)}] must be a str, not ${pyStr(value)}`)
}

/** Return an error that prints as Python's exception would: `KeyError: 'SERVER_NAME'`. */
function pyError(name: string, message: string, kind: ErrorConstructor = Error): Error {
  const error = new kind(message)
  error.name = name
  return error
}

function setDefault(environ: Environ, key: string, value: EnvironValue): void {
  if (!(key in environ)) environ[key] = value
}

/** Bytes `urllib.parse.quote` never escapes, whatever `safe` says. */
const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/

/**
 * Return `urllib.parse.quote(text, safe, encoding='latin1')`.
 *
 * Throws a `UnicodeEncodeError` (a RangeError) with Python's message for a code point
 * above U+00FF, as the latin-1 codec does; positions count code points, as Python's do.
 */
function quote(text: string, safe: string): string {
  let out = ''
  let position = 0
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (code > 0xff) {
      const message = `'latin-1' codec can't encode character '${pyCodePointEscape(code)}' in position ${position}: ordinal not in range(256)`
      throw pyError('UnicodeEncodeError', message, RangeError)
    }
    const safeChar = code < 0x80 && (ALWAYS_SAFE.test(ch) || safe.includes(ch))
    out += safeChar ? ch : `%${code.toString(16).toUpperCase().padStart(2, '0')}`
    position += 1
  }
  return out
}

/** How a Python error message spells a code point above U+00FF: `\u20ac`, `\U0001f600`. */
function pyCodePointEscape(code: number): string {
  return code > 0xffff
    ? `\\U${code.toString(16).padStart(8, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * Return `posixpath.normpath(path)`: drop empty and "." segments, let ".." climb.
 *
 * Two leading slashes are kept (POSIX leaves "//" implementation-defined); three or more
 * collapse to one. A relative path keeps leading "..", and "" becomes ".".
 */
function normpath(path: string): string {
  if (path === '') return '.'
  let initialSlashes = path.startsWith('/') ? 1 : 0
  if (path.startsWith('//') && !path.startsWith('///')) initialSlashes = 2
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    const top = parts.at(-1)
    if (part !== '..' || (!initialSlashes && top === undefined) || top === '..') parts.push(part)
    else if (top !== undefined) parts.pop()
  }
  return '/'.repeat(initialSlashes) + parts.join('/') || '.'
}

/** An empty in-memory `wsgi.input`, as `io.BytesIO()`: every read returns no bytes. */
function emptyBytesIO(): InputStream {
  const empty = new Uint8Array(0)
  return {
    pyRepr: '<_io.BytesIO object at 0x7f0000000010>',
    read: () => empty,
    readline: () => empty,
    readlines: () => [],
    *[Symbol.iterator]() {},
  }
}

/** A `wsgi.errors` that keeps what is written, as `io.StringIO()`. */
function stringIO(): ErrorStream {
  const written: string[] = []
  return {
    pyRepr: '<_io.StringIO object at 0x7f0000000020>',
    write: (text) => {
      written.push(text)
    },
    writelines: (lines) => {
      for (const line of lines) written.push(line)
    },
    flush: () => {},
  }
}
