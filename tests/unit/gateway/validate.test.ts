import { describe, expect, test, vi } from 'vitest'
import type { Environ } from '../../../server/contract/python.ts'
import { ENVIRON_KEYS } from '../../../server/gateway/environ-keys.ts'
import type { GatewayErrorCode } from '../../../server/gateway/errors.ts'
import type { App, StartResponse } from '../../../server/gateway/types.ts'
import {
  checkEnviron,
  type ValidationProblem,
  validator,
} from '../../../server/gateway/validate.ts'
import { bufferedReader, minimalEnviron, stderr } from '../../helpers/environ.ts'

// Messages are CPython's Lib/wsgiref/validate.py (and handlers.py for the status line),
// checked against Python 3.11.7: a changed word here means the port drifted.

const error = (check: string, message: string): ValidationProblem => ({
  level: 'error',
  check,
  message,
})
const warning = (check: string, message: string): ValidationProblem => ({
  level: 'warning',
  check,
  message,
})

const REQUIRED = ENVIRON_KEYS.filter((doc) => doc.required).map((doc) => doc.key)

describe('checkEnviron', () => {
  class UserDict {}
  const { readlines: _readlines, ...inputWithoutReadlines } = bufferedReader(new Uint8Array(0))
  const { [Symbol.iterator]: _iterator, ...inputWithoutIterator } = bufferedReader(
    new Uint8Array(0)
  )
  const { flush: _flush, ...errorsWithoutFlush } = stderr()

  const cases: Array<{ name: string; given: Environ; want: ValidationProblem[] }> = [
    {
      name: 'accepts the environ wsgiref builds for GET /',
      given: minimalEnviron(),
      want: [],
    },
    {
      name: 'rejects an environ that is a class instance, not a plain object',
      given: Object.assign(new UserDict(), { SERVER_NAME: 'x' }) as unknown as Environ,
      want: [
        error(
          'environ-type',
          "Environment is not of the right type: <class 'UserDict'> (environment: {'SERVER_NAME': 'x'})"
        ),
        ...REQUIRED.filter((key) => key !== 'SERVER_NAME').map((key) =>
          error('required-key', `Environment missing required key: '${key}'`)
        ),
        warning(
          'query-string-missing',
          'QUERY_STRING is not in the WSGI environment; the cgi module will use sys.argv when this variable is missing, so application errors are more likely'
        ),
        error('script-name-missing', "KeyError: 'SCRIPT_NAME'"),
        error('path-info-missing', "KeyError: 'PATH_INFO'"),
      ],
    },
    ...REQUIRED.map((key) => ({
      name: `requires ${key}`,
      given: minimalEnviron({ [key]: undefined }),
      want: [error('required-key', `Environment missing required key: '${key}'`)],
    })),
    {
      name: 'forbids HTTP_CONTENT_TYPE: the header belongs in CONTENT_TYPE',
      given: minimalEnviron({ HTTP_CONTENT_TYPE: 'a/b' }),
      want: [
        error(
          'forbidden-key',
          'Environment should not have the key: HTTP_CONTENT_TYPE (use CONTENT_TYPE instead)'
        ),
      ],
    },
    {
      name: 'forbids HTTP_CONTENT_LENGTH: the header belongs in CONTENT_LENGTH',
      given: minimalEnviron({ HTTP_CONTENT_LENGTH: '0' }),
      want: [
        error(
          'forbidden-key',
          'Environment should not have the key: HTTP_CONTENT_LENGTH (use CONTENT_LENGTH instead)'
        ),
      ],
    },
    {
      name: 'warns when QUERY_STRING is missing',
      given: minimalEnviron({ QUERY_STRING: undefined }),
      want: [
        warning(
          'query-string-missing',
          'QUERY_STRING is not in the WSGI environment; the cgi module will use sys.argv when this variable is missing, so application errors are more likely'
        ),
      ],
    },
    {
      name: "rejects Werkzeug's int REMOTE_PORT",
      given: minimalEnviron({ REMOTE_PORT: 54321 }),
      want: [
        error(
          'str-type',
          "Environmental variable REMOTE_PORT is not a string: <class 'int'> (value: 54321)"
        ),
      ],
    },
    {
      name: 'names a bool CGI value as bool',
      given: minimalEnviron({ HTTPS: true }),
      want: [
        error(
          'str-type',
          "Environmental variable HTTPS is not a string: <class 'bool'> (value: True)"
        ),
      ],
    },
    {
      name: "names gunicorn's None REMOTE_ADDR as NoneType",
      given: minimalEnviron({ REMOTE_ADDR: null }),
      want: [
        error(
          'str-type',
          "Environmental variable REMOTE_ADDR is not a string: <class 'NoneType'> (value: None)"
        ),
      ],
    },
    {
      name: 'names a tuple CGI value as tuple',
      given: minimalEnviron({ SERVER_PROTOCOL: { pyTuple: [1, 1] } }),
      want: [
        error(
          'str-type',
          "Environmental variable SERVER_PROTOCOL is not a string: <class 'tuple'> (value: (1, 1))"
        ),
      ],
    },
    {
      name: 'names an object CGI value by the class in its repr',
      given: minimalEnviron({ REMOTE_HOST: { pyRepr: '<_io.BytesIO object at 0x7f00>' } }),
      want: [
        error(
          'str-type',
          "Environmental variable REMOTE_HOST is not a string: <class '_io.BytesIO'> (value: <_io.BytesIO object at 0x7f00>)"
        ),
      ],
    },
    {
      name: 'exempts keys with a "." from the str check, as wsgiref does (HTTP_X.DOT)',
      given: minimalEnviron({ 'HTTP_X.DOT': 5, 'inspector.count': 1 }),
      want: [],
    },
    {
      name: 'requires wsgi.version to be a tuple',
      given: minimalEnviron({ 'wsgi.version': '1.0' }),
      want: [error('version-tuple', "wsgi.version should be a tuple ('1.0')")],
    },
    {
      name: "rejects ProxyFix's verbatim wsgi.url_scheme 'HTTPS'",
      given: minimalEnviron({ 'wsgi.url_scheme': 'HTTPS' }),
      want: [error('url-scheme', "wsgi.url_scheme unknown: 'HTTPS'")],
    },
    {
      name: "accepts wsgi.url_scheme 'https'",
      given: minimalEnviron({ 'wsgi.url_scheme': 'https' }),
      want: [],
    },
    {
      name: 'requires wsgi.input to have readlines',
      given: minimalEnviron({ 'wsgi.input': inputWithoutReadlines }),
      want: [
        error(
          'input-stream',
          "wsgi.input (<_io.BufferedReader name=4>) doesn't have the attribute readlines"
        ),
      ],
    },
    {
      name: 'requires wsgi.input to be iterable (__iter__)',
      given: minimalEnviron({ 'wsgi.input': inputWithoutIterator }),
      want: [
        error(
          'input-stream',
          "wsgi.input (<_io.BufferedReader name=4>) doesn't have the attribute __iter__"
        ),
      ],
    },
    {
      name: 'requires wsgi.errors to have flush',
      given: minimalEnviron({ 'wsgi.errors': errorsWithoutFlush }),
      want: [
        error(
          'error-stream',
          "wsgi.errors (<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>) doesn't have the attribute flush"
        ),
      ],
    },
    {
      name: 'reports every attribute a str wsgi.errors lacks',
      given: minimalEnviron({ 'wsgi.errors': 'stderr' }),
      want: ['flush', 'write', 'writelines'].map((attribute) =>
        error('error-stream', `wsgi.errors ('stderr') doesn't have the attribute ${attribute}`)
      ),
    },
    {
      name: 'treats a str wsgi.input as Python does: iterable, but with no read methods',
      given: minimalEnviron({ 'wsgi.input': 'body' }),
      want: ['read', 'readline', 'readlines'].map((attribute) =>
        error('input-stream', `wsgi.input ('body') doesn't have the attribute ${attribute}`)
      ),
    },
    {
      name: 'warns about PURGE, a method wsgiref does not know',
      given: minimalEnviron({ REQUEST_METHOD: 'PURGE' }),
      want: [warning('unknown-method', "Unknown REQUEST_METHOD: 'PURGE'")],
    },
    {
      name: 'warns about CONNECT too',
      given: minimalEnviron({ REQUEST_METHOD: 'CONNECT', PATH_INFO: '/' }),
      want: [warning('unknown-method', "Unknown REQUEST_METHOD: 'CONNECT'")],
    },
    {
      name: 'knows lower-case get only as an unknown method',
      given: minimalEnviron({ REQUEST_METHOD: 'get' }),
      want: [warning('unknown-method', "Unknown REQUEST_METHOD: 'get'")],
    },
    {
      name: 'requires a non-empty SCRIPT_NAME to start with "/"',
      given: minimalEnviron({ SCRIPT_NAME: 'app' }),
      want: [error('script-name', "SCRIPT_NAME doesn't start with /: 'app'")],
    },
    {
      name: 'rejects OPTIONS * because PATH_INFO does not start with "/"',
      given: minimalEnviron({ REQUEST_METHOD: 'OPTIONS', PATH_INFO: '*' }),
      want: [error('path-info-slash', "PATH_INFO doesn't start with /: '*'")],
    },
    {
      name: 'rejects an absolute-form PATH_INFO',
      given: minimalEnviron({ PATH_INFO: 'http://x/y' }),
      want: [error('path-info-slash', "PATH_INFO doesn't start with /: 'http://x/y'")],
    },
    {
      name: 'accepts an empty PATH_INFO',
      given: minimalEnviron({ SCRIPT_NAME: '/app', PATH_INFO: '' }),
      want: [],
    },
    {
      name: 'raises KeyError, as wsgiref does, when SCRIPT_NAME is missing',
      given: minimalEnviron({ SCRIPT_NAME: undefined }),
      want: [error('script-name-missing', "KeyError: 'SCRIPT_NAME'")],
    },
    {
      name: 'raises KeyError, as wsgiref does, when PATH_INFO is missing',
      given: minimalEnviron({ PATH_INFO: undefined }),
      want: [error('path-info-missing', "KeyError: 'PATH_INFO'")],
    },
    {
      name: 'rejects a negative CONTENT_LENGTH',
      given: minimalEnviron({ CONTENT_LENGTH: '-1' }),
      want: [error('content-length', "Invalid CONTENT_LENGTH: '-1'")],
    },
    {
      name: 'reports the ValueError int() raises for a CONTENT_LENGTH that is not a number',
      given: minimalEnviron({ CONTENT_LENGTH: 'abc' }),
      want: [error('content-length', "ValueError: invalid literal for int() with base 10: 'abc'")],
    },
    {
      name: 'rejects a CONTENT_LENGTH with a trailing unit separator (not int() whitespace)',
      given: minimalEnviron({ CONTENT_LENGTH: '5\x1f' }),
      want: [
        error('content-length', "ValueError: invalid literal for int() with base 10: '5\\x1f'"),
      ],
    },
    ...[' 12 ', '+5', '1_000', '-0', '\xa07\t', '0'].map((contentLength) => ({
      name: `accepts CONTENT_LENGTH ${JSON.stringify(contentLength)}, as int() does`,
      given: minimalEnviron({ CONTENT_LENGTH: contentLength }),
      want: [],
    })),
    {
      name: "rejects SCRIPT_NAME '/': it should be '' with PATH_INFO '/'",
      given: minimalEnviron({ SCRIPT_NAME: '/' }),
      want: [
        error(
          'script-name-root',
          "SCRIPT_NAME cannot be '/'; it should instead be '', and PATH_INFO should be '/'"
        ),
      ],
    },
    {
      name: 'rejects a CGI value above U+00FF: native strings are latin-1',
      given: minimalEnviron({ PATH_INFO: '/caf\u20ac' }),
      want: [
        error(
          'latin1',
          "Environmental variable PATH_INFO is not a latin-1 native string: '/caf\u20ac' (U+20AC at index 4)"
        ),
      ],
    },
    {
      name: 'accepts latin-1 bytes-as-text such as a UTF-8 path decoded as latin-1',
      given: minimalEnviron({ PATH_INFO: '/caf\xc3\xa9', HTTP_X_Z: '\xe9\xff' }),
      want: [],
    },
    {
      name: 'leaves extension keys out of the latin-1 rule',
      given: minimalEnviron({ 'inspector.note': '\u20ac' }),
      want: [],
    },
    {
      name: 'rejects an empty SERVER_NAME',
      given: minimalEnviron({ SERVER_NAME: '' }),
      want: [error('server-name-empty', 'SERVER_NAME must not be empty')],
    },
    {
      name: "rejects an empty SERVER_PORT (gunicorn's unix socket without Host)",
      given: minimalEnviron({ SERVER_PORT: '' }),
      want: [error('server-port-empty', 'SERVER_PORT must not be empty')],
    },
    {
      name: 'rejects an empty REQUEST_METHOD, after warning it is unknown',
      given: minimalEnviron({ REQUEST_METHOD: '' }),
      want: [
        warning('unknown-method', "Unknown REQUEST_METHOD: ''"),
        error('request-method-empty', 'REQUEST_METHOD must not be empty'),
      ],
    },
    {
      name: "lists problems in wsgiref's order, its own checks before PEP 3333's",
      given: minimalEnviron({
        PATH_INFO: '/\u0100',
        REQUEST_METHOD: 'PURGE',
        REMOTE_PORT: 1,
        QUERY_STRING: undefined,
      }),
      want: [
        warning(
          'query-string-missing',
          'QUERY_STRING is not in the WSGI environment; the cgi module will use sys.argv when this variable is missing, so application errors are more likely'
        ),
        error(
          'str-type',
          "Environmental variable REMOTE_PORT is not a string: <class 'int'> (value: 1)"
        ),
        warning('unknown-method', "Unknown REQUEST_METHOD: 'PURGE'"),
        error(
          'latin1',
          "Environmental variable PATH_INFO is not a latin-1 native string: '/\u0100' (U+0100 at index 1)"
        ),
      ],
    },
  ]

  test.each(cases)('$name', ({ given, want }) => {
    expect(checkEnviron(given)).toEqual(want)
  })
})

/** A server-side start_response that records what it was given. */
function recordingStartResponse() {
  const calls: unknown[][] = []
  const written: Uint8Array[] = []
  const startResponse: StartResponse = (...args) => {
    calls.push(args)
    return (chunk) => {
      written.push(chunk)
    }
  }
  return { startResponse, calls, written }
}

async function collect(body: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) {
  const chunks: Uint8Array[] = []
  for await (const chunk of body) chunks.push(chunk)
  return chunks
}

const bytes = (text: string) => new TextEncoder().encode(text)

const helloApp: App = (_environ, startResponse) => {
  startResponse('200 OK', [
    ['Content-Type', 'text/plain'],
    ['Date', 'Mon, 05 Jun 2006 18:49:54 GMT'],
  ])
  return [bytes('Hello, world!')]
}

describe('validator', () => {
  test('test_validated_hello: passes status, headers and body through unchanged', async () => {
    const server = recordingStartResponse()
    const body = validator(helloApp)(minimalEnviron(), server.startResponse)
    expect(await collect(body)).toEqual([bytes('Hello, world!')])
    expect(server.calls).toEqual([
      [
        '200 OK',
        [
          ['Content-Type', 'text/plain'],
          ['Date', 'Mon, 05 Jun 2006 18:49:54 GMT'],
        ],
      ],
    ])
  })

  test('passes an async body through, chunk by chunk', async () => {
    const app: App = (_environ, startResponse) => {
      startResponse('200 OK', [['Content-Type', 'text/plain']])
      return (async function* asyncBody() {
        yield bytes('a')
        yield bytes('b')
      })()
    }
    const body = validator(app)(minimalEnviron(), recordingStartResponse().startResponse)
    expect(Symbol.asyncIterator in body).toBe(true)
    expect(await collect(body)).toEqual([bytes('a'), bytes('b')])
  })

  test('throws EI_ERR_VALIDATION with the first environ error, before the app runs', () => {
    const app = vi.fn(helloApp)
    const run = () =>
      validator(app)(minimalEnviron({ PATH_INFO: '*', CONTENT_LENGTH: '-1' }), vi.fn())
    expect(run).toThrow(
      expect.objectContaining({
        code: 'EI_ERR_VALIDATION',
        message: "PATH_INFO doesn't start with /: '*'",
      })
    )
    expect(app).not.toHaveBeenCalled()
  })

  test('reports warnings to onWarning and still runs the app', async () => {
    const onWarning = vi.fn()
    const body = validator(helloApp, { onWarning })(
      minimalEnviron({ REQUEST_METHOD: 'PURGE' }),
      recordingStartResponse().startResponse
    )
    expect(await collect(body)).toEqual([bytes('Hello, world!')])
    expect(onWarning).toHaveBeenCalledExactlyOnceWith(
      warning('unknown-method', "Unknown REQUEST_METHOD: 'PURGE'")
    )
  })

  test('reports only the warnings found before the first error, as wsgiref does', () => {
    const onWarning = vi.fn()
    const environ = minimalEnviron({
      QUERY_STRING: undefined,
      REQUEST_METHOD: 'PURGE',
      PATH_INFO: '*',
    })
    expect(() => validator(helloApp, { onWarning })(environ, vi.fn())).toThrow(
      "PATH_INFO doesn't start with /: '*'"
    )
    expect(onWarning.mock.calls.map(([problem]) => problem.check)).toEqual([
      'query-string-missing',
      'unknown-method',
    ])
  })

  test('refuses an app that is not a function when it is built', () => {
    expect(() => validator('echo' as unknown as App)).toThrow(
      new TypeError('validator: app must be a function')
    )
  })
})

describe('validator: start_response', () => {
  const cases: Array<{
    name: string
    given: unknown[]
    want: { code: GatewayErrorCode; message: string }
  }> = [
    {
      name: "refuses headers passed as a keyword, which leaves one argument (the echo app's bug)",
      given: ['200 OK'],
      want: { code: 'EI_ERR_VALIDATION', message: "Invalid number of arguments: ('200 OK',)" },
    },
    {
      name: 'refuses four arguments',
      given: ['200 OK', [['Content-Type', 'text/plain']], null, 1],
      want: {
        code: 'EI_ERR_VALIDATION',
        message:
          "Invalid number of arguments: ('200 OK', [('Content-Type', 'text/plain')], None, 1)",
      },
    },
    {
      name: 'refuses a status that is not a str',
      given: [200, []],
      want: { code: 'EI_ERR_STATUS_INVALID', message: 'Status must be of type str (got 200)' },
    },
    {
      name: 'test_status_validation_errors: "200" is too short',
      given: ['200', []],
      want: { code: 'EI_ERR_STATUS_INVALID', message: 'Status must be at least 4 characters' },
    },
    {
      name: 'test_status_validation_errors: "20X OK" has no 3-digit code',
      given: ['20X OK', []],
      want: { code: 'EI_ERR_STATUS_INVALID', message: 'Status message must begin w/3-digit code' },
    },
    {
      name: 'test_status_validation_errors: "200OK" has no space after the code',
      given: ['200OK', []],
      want: {
        code: 'EI_ERR_STATUS_INVALID',
        message: 'Status message must have a space after code',
      },
    },
    {
      name: 'refuses a code below 100',
      given: ['099 Low', []],
      want: { code: 'EI_ERR_STATUS_INVALID', message: 'Status code is invalid: 99' },
    },
    {
      name: 'test_simple_validation_error: headers must be a list',
      given: ['200 OK', 'Content-Type: text/plain'],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message: "Headers ('Content-Type: text/plain') must be of type list: <class 'str'>",
      },
    },
    {
      name: 'refuses a header that is not a pair',
      given: ['200 OK', ['Content-Type']],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message: "Individual headers ('Content-Type') must be of type tuple: <class 'str'>",
      },
    },
    {
      name: 'refuses a header with three items',
      given: ['200 OK', [['A', 'b', 'c']]],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message: "Individual headers (('A', 'b', 'c')) must be (name, value) pairs",
      },
    },
    {
      name: 'refuses a header name that is not a str',
      given: ['200 OK', [[1, 'x']]],
      want: { code: 'EI_ERR_HEADER_INVALID', message: 'Header name must be of type str (got 1)' },
    },
    {
      name: 'refuses a header value that is not a str',
      given: ['200 OK', [['X', null]]],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message: 'Header value must be of type str (got None)',
      },
    },
    {
      name: 'refuses a Status header',
      given: ['200 OK', [['Status', '200 OK']]],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message:
          "The Status header cannot be used; it conflicts with CGI script, and HTTP status is not given through headers (value: '200 OK').",
      },
    },
    {
      name: 'refuses ":" in a header name',
      given: ['200 OK', [['X:Y', '1']]],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message: "Header names may not contain ':' or '\\n': 'X:Y'",
      },
    },
    {
      name: 'refuses LF in a header name',
      given: ['200 OK', [['X\nY', '1']]],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message: "Header names may not contain ':' or '\\n': 'X\\nY'",
      },
    },
    {
      name: 'refuses CR in a header name',
      given: ['200 OK', [['X\rY', '1']]],
      want: { code: 'EI_ERR_HEADER_INVALID', message: "Bad header name: 'X\\rY'" },
    },
    {
      name: 'refuses a header name ending in "-"',
      given: ['200 OK', [['X-', '1']]],
      want: { code: 'EI_ERR_HEADER_INVALID', message: "Names may not end in '-' or '_': 'X-'" },
    },
    {
      name: 'refuses CR LF in a header value (response splitting)',
      given: ['200 OK', [['X', 'a\r\nb']]],
      want: {
        code: 'EI_ERR_HEADER_INVALID',
        message: "Bad header value: 'a\\r\\nb' (bad char: '\\r')",
      },
    },
    {
      name: 'refuses a hop-by-hop header, after the other header checks',
      given: [
        '200 OK',
        [
          ['Connection', 'close'],
          ['Content-Type', 'text/plain'],
        ],
      ],
      want: {
        code: 'EI_ERR_HOP_BY_HOP_HEADER',
        message: "Hop-by-hop header, 'Connection: close', not allowed",
      },
    },
  ]

  test.each(cases)('$name', ({ given, want }) => {
    const server = recordingStartResponse()
    const app: App = (_environ, startResponse) => {
      ;(startResponse as (...args: unknown[]) => unknown)(...given)
      return []
    }
    expect(() => validator(app)(minimalEnviron(), server.startResponse)).toThrow(
      expect.objectContaining(want)
    )
    expect(server.calls).toEqual([])
  })

  test('accepts a third exc_info argument and passes it on', () => {
    const server = recordingStartResponse()
    const app: App = (_environ, startResponse) => {
      startResponse('500 Oops', [['Content-Type', 'text/plain']], new Error('boom'))
      return []
    }
    validator(app)(minimalEnviron(), server.startResponse)
    expect(server.calls).toEqual([
      ['500 Oops', [['Content-Type', 'text/plain']], new Error('boom')],
    ])
  })

  test('refuses write() of anything but bytes', () => {
    const server = recordingStartResponse()
    const app: App = (_environ, startResponse) => {
      const write = startResponse('200 OK', [['Content-Type', 'text/plain']])
      write(bytes('ok'))
      ;(write as (chunk: unknown) => void)('not bytes')
      return []
    }
    expect(() => validator(app)(minimalEnviron(), server.startResponse)).toThrow(
      expect.objectContaining({
        code: 'EI_ERR_APP_RETURNED_NON_BYTES',
        message: 'write() argument must be a bytes instance',
      })
    )
    expect(server.written).toEqual([bytes('ok')])
  })
})

describe('validator: the body', () => {
  const started = (body: unknown): App =>
    ((_environ, startResponse) => {
      startResponse('200 OK', [['Content-Type', 'text/plain']])
      return body
    }) as App

  const cases: Array<{
    name: string
    given: App
    want: { code: GatewayErrorCode; message: string }
  }> = [
    {
      name: 'refuses an app that returns nothing',
      given: started(undefined),
      want: {
        code: 'EI_ERR_VALIDATION',
        message: 'The application must return an iterator, if only an empty list',
      },
    },
    {
      name: 'refuses a str body, which would be sent character by character',
      given: started('Hello'),
      want: {
        code: 'EI_ERR_APP_RETURNED_NON_BYTES',
        message:
          'You should not return a string as your application iterator, instead return a single-item list containing a bytestring.',
      },
    },
    {
      name: 'refuses a bare Uint8Array body, which would be sent byte by byte',
      given: started(bytes('Hello')),
      want: {
        code: 'EI_ERR_APP_RETURNED_NON_BYTES',
        message:
          'You should not return a string as your application iterator, instead return a single-item list containing a bytestring.',
      },
    },
    {
      name: 'refuses a body that is not iterable',
      given: started(42),
      want: { code: 'EI_ERR_VALIDATION', message: "'int' object is not iterable" },
    },
    {
      name: 'refuses a sync body that yields a str',
      given: started(['Hello']),
      want: {
        code: 'EI_ERR_APP_RETURNED_NON_BYTES',
        message: "Iterator yielded non-bytestring ('Hello')",
      },
    },
    {
      name: 'refuses an async body that yields a number',
      given: started(
        (async function* asyncBody() {
          yield 1
        })()
      ),
      want: {
        code: 'EI_ERR_APP_RETURNED_NON_BYTES',
        message: 'Iterator yielded non-bytestring (1)',
      },
    },
    {
      name: 'refuses a body read before start_response was called',
      given: () => [bytes('early')],
      want: {
        code: 'EI_ERR_WRITE_BEFORE_START',
        message:
          'The application returns and we started iterating over its body, but start_response has not yet been called',
      },
    },
  ]

  test.each(cases)('$name', async ({ given, want }) => {
    const run = async () =>
      collect(validator(given)(minimalEnviron(), recordingStartResponse().startResponse))
    await expect(run()).rejects.toThrow(expect.objectContaining(want))
  })

  test('accepts start_response called inside a generator body, as PEP 3333 allows', async () => {
    const app: App = function* generatorApp(_environ, startResponse) {
      startResponse('200 OK', [['Content-Type', 'text/plain']])
      yield bytes('late')
    }
    const body = validator(app)(minimalEnviron(), recordingStartResponse().startResponse)
    expect(await collect(body)).toEqual([bytes('late')])
  })

  test('closes the app body when the server stops reading early', () => {
    const finished = vi.fn()
    const app: App = function* generatorApp(_environ, startResponse) {
      try {
        startResponse('200 OK', [['Content-Type', 'text/plain']])
        yield bytes('a')
        yield bytes('b')
      } finally {
        finished()
      }
    }
    const body = validator(app)(minimalEnviron(), recordingStartResponse().startResponse)
    for (const _chunk of body as Iterable<Uint8Array>) break
    expect(finished).toHaveBeenCalledOnce()
  })
})
