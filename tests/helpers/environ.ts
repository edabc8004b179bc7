/**
 * @module
 * Fixture builders for gateway tests, after wsgiref.util.setup_testing_defaults.
 */
import type { Environ, EnvironValue } from '../../server/contract/python.ts'
import type { ErrorStream, InputStream } from '../../server/gateway/types.ts'

/**
 * Return a valid environ shaped like wsgiref's for `GET / HTTP/1.1` with `Host: localhost:8000`.
 *
 * Keys and their order are wsgiref 3.13's (spec §1.3), without the copy of `os.environ`.
 * `overrides` replace values in place, add new keys at the end, and delete a key whose
 * override is `undefined`. `wsgi.input` reads `body`; `wsgi.errors` keeps what is written.
 */
export function minimalEnviron(
  overrides: Readonly<Record<string, EnvironValue | undefined>> = {},
  body: Uint8Array = new Uint8Array(0)
): Environ {
  const environ: Record<string, EnvironValue | undefined> = {
    SERVER_NAME: 'localhost',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PORT: '8000',
    REMOTE_HOST: '',
    CONTENT_LENGTH: '',
    SCRIPT_NAME: '',
    SERVER_PROTOCOL: 'HTTP/1.1',
    SERVER_SOFTWARE: 'WSGIServer/0.2',
    REQUEST_METHOD: 'GET',
    PATH_INFO: '/',
    QUERY_STRING: '',
    REMOTE_ADDR: '127.0.0.1',
    CONTENT_TYPE: 'text/plain',
    HTTP_HOST: 'localhost:8000',
    'wsgi.input': bufferedReader(body),
    'wsgi.errors': stderr(),
    'wsgi.version': { pyTuple: [1, 0] },
    'wsgi.run_once': false,
    'wsgi.url_scheme': 'http',
    'wsgi.multithread': false,
    'wsgi.multiprocess': false,
    'wsgi.file_wrapper': { pyRepr: "<class 'wsgiref.util.FileWrapper'>" },
    ...overrides,
  }
  for (const [key, value] of Object.entries(environ)) {
    if (value === undefined) delete environ[key]
  }
  return environ as Environ
}

/** A `wsgi.input` over `body`, printed as wsgiref's socket file is. */
export function bufferedReader(body: Uint8Array): InputStream {
  let offset = 0
  const take = (end: number) => {
    const chunk = body.subarray(offset, Math.min(end, body.length))
    offset += chunk.length
    return chunk
  }
  const readline = (size = -1) => {
    const newline = body.indexOf(0x0a, offset)
    const lineEnd = newline === -1 ? body.length : newline + 1
    return take(size < 0 ? lineEnd : Math.min(lineEnd, offset + size))
  }
  const readlines = () => {
    const lines: Uint8Array[] = []
    for (let line = readline(); line.length > 0; line = readline()) lines.push(line)
    return lines
  }
  return {
    pyRepr: '<_io.BufferedReader name=4>',
    read: (size = -1) => take(size < 0 ? body.length : offset + size),
    readline,
    readlines,
    [Symbol.iterator]: () => readlines()[Symbol.iterator](),
  }
}

/** A `wsgi.errors` printed as `sys.stderr`; `written` collects what the app wrote. */
export function stderr(): ErrorStream & { readonly written: string[] } {
  const written: string[] = []
  return {
    pyRepr: "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>",
    written,
    write: (text) => {
      written.push(text)
    },
    writelines: (lines) => {
      written.push(...lines)
    },
    flush: () => {},
  }
}
