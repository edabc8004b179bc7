/**
 * @module
 * WSGI-shaped types for the gateway. Mirrors wsgiref/types.py (PEP 3333). The environ and
 * its Python values are the contract's (contract/python.ts).
 */
import type { Environ, PyObject } from '../contract/python.ts'

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
