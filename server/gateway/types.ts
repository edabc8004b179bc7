/**
 * @module
 * WSGI-shaped types for the gateway. Mirrors wsgiref/types.py (PEP 3333).
 *
 * Python values that are not strings (the `wsgi.*` flags, tuples, streams) are kept as
 * their own kinds so that `pyStr()` can render them exactly as Python's `str()` would.
 */

/** An object that Python would print with its repr, such as `<_io.BufferedReader name=4>`. */
export interface PyObject {
  readonly pyRepr: string
}

/** A Python tuple of ints, such as `wsgi.version` `(1, 0)`. */
export interface PyTuple {
  readonly pyTuple: readonly number[]
}

/** A Python dict of optional strings, such as `werkzeug.proxy_fix.orig`. */
export interface PyDict {
  readonly pyDict: ReadonlyArray<readonly [string, string | null]>
}

/** Every kind of value an environ holds. CGI keys are always latin-1 "native strings". */
export type EnvironValue = string | boolean | number | null | PyObject | PyTuple | PyDict

/** A CGI/WSGI environment. Keys keep PEP 3333 spelling; insertion order is the server's. */
export type Environ = Record<string, EnvironValue>

/** The `wsgi.input` contract: a file-like object over the request body. */
export interface InputStream extends PyObject {
  read(size?: number): Uint8Array
  readline(size?: number): Uint8Array
  readlines(hint?: number): Uint8Array[]
  [Symbol.iterator](): Iterator<Uint8Array>
}

/** The `wsgi.errors` contract: a text stream for error output. */
export interface ErrorStream extends PyObject {
  write(text: string): void
  writelines(lines: Iterable<string>): void
  flush(): void
}

/** A response header as PEP 3333 has it: a (name, value) pair of latin-1 strings. */
export type Header = readonly [name: string, value: string]

/** Same contract as PEP 3333 start_response(status, headers, exc_info). */
export type StartResponse = (
  status: string,
  headers: readonly Header[],
  excInfo?: unknown
) => (chunk: Uint8Array) => void

/** An app: environ in, body chunks out. Sync or async iterables are both allowed. */
export type App = (
  environ: Environ,
  startResponse: StartResponse
) => Iterable<Uint8Array> | AsyncIterable<Uint8Array>

/** Middleware wraps an app and returns an app (werkzeug style), not (ctx, next). */
export type Middleware = (app: App) => App
