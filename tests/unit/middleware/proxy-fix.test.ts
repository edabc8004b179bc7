/**
 * ProxyFix: Werkzeug's own test cases (tests/middleware/test_proxy_fix.py), ported by name,
 * and the spec's observed cases T147–T156 against a werkzeug-profile environ.
 */
import { describe, expect, test } from 'vitest'
import { type Environ, type EnvironValue, pyStr } from '../../../server/contract/python.ts'
import { buildEnviron } from '../../../server/gateway/environ.ts'
import type { App } from '../../../server/gateway/types.ts'
import { proxyFix } from '../../../server/middleware/proxy-fix.ts'
import { minimalEnviron } from '../../helpers/environ.ts'
import { gatewayRequest } from '../../helpers/request.ts'

/** Run `app` once and return the environ it received. */
function captured(wrap: (app: App) => App, environ: Environ): Environ {
  let seen: Environ | undefined
  const app: App = (env, startResponse) => {
    seen = env
    startResponse('200 OK', [])
    return []
  }
  wrap(app)(environ, () => () => {})
  if (!seen) throw new Error('the app was not called')
  return seen
}

/** Werkzeug's `request.url_root`: the host without the scheme's default port, SCRIPT_NAME, "/". */
function urlRoot(environ: Environ): string {
  const scheme = String(environ['wsgi.url_scheme'])
  let host =
    typeof environ.HTTP_HOST === 'string'
      ? environ.HTTP_HOST
      : `${String(environ.SERVER_NAME)}:${String(environ.SERVER_PORT)}`
  const defaultPort = scheme === 'https' ? ':443' : ':80'
  if (host.endsWith(defaultPort)) host = host.slice(0, -defaultPort.length)
  const script = String(environ.SCRIPT_NAME ?? '').replace(/\/+$/, '')
  return `${scheme}://${host}${script}/`
}

/** werkzeug.test.create_environ() as the Werkzeug test uses it: Host only if the case sets it. */
function werkzeugEnviron(base: Record<string, string>): Environ {
  return minimalEnviron({
    SERVER_NAME: 'localhost',
    SERVER_PORT: '80',
    HTTP_HOST: undefined,
    REMOTE_ADDR: '192.168.0.1',
    ...base,
  })
}

describe('werkzeug test_proxy_fix, by id', () => {
  const cases: Array<{
    id: string
    kwargs: Parameters<typeof proxyFix>[1]
    base: Record<string, string>
    urlRoot: string
  }> = [
    {
      id: 'for',
      kwargs: {},
      base: {
        REMOTE_ADDR: '192.168.0.2',
        HTTP_HOST: 'spam',
        HTTP_X_FORWARDED_FOR: '192.168.0.1',
        HTTP_X_FORWARDED_PROTO: 'https',
      },
      urlRoot: 'https://spam/',
    },
    {
      id: 'proto',
      kwargs: { xProto: 1 },
      base: { HTTP_HOST: 'spam', HTTP_X_FORWARDED_PROTO: 'https' },
      urlRoot: 'https://spam/',
    },
    {
      id: 'host',
      kwargs: { xHost: 1 },
      base: { HTTP_HOST: 'spam', HTTP_X_FORWARDED_HOST: 'eggs' },
      urlRoot: 'http://eggs/',
    },
    {
      id: 'port, host without port',
      kwargs: { xPort: 1 },
      base: { HTTP_HOST: 'spam', HTTP_X_FORWARDED_PORT: '8080' },
      urlRoot: 'http://spam:8080/',
    },
    {
      id: 'port, host with port',
      kwargs: { xPort: 1 },
      base: { HTTP_HOST: 'spam:9000', HTTP_X_FORWARDED_PORT: '8080' },
      urlRoot: 'http://spam:8080/',
    },
    {
      id: 'port, name',
      kwargs: { xPort: 1 },
      base: { SERVER_NAME: 'spam', SERVER_PORT: '9000', HTTP_X_FORWARDED_PORT: '8080' },
      urlRoot: 'http://spam:8080/',
    },
    {
      id: 'prefix',
      kwargs: { xPrefix: 1 },
      base: { HTTP_HOST: 'spam', HTTP_X_FORWARDED_PREFIX: '/eggs' },
      urlRoot: 'http://spam/eggs/',
    },
    {
      id: 'all',
      kwargs: { xFor: 1, xProto: 1, xHost: 1, xPort: 1, xPrefix: 1 },
      base: {
        REMOTE_ADDR: '192.168.0.2',
        HTTP_HOST: 'spam:9000',
        HTTP_X_FORWARDED_FOR: '192.168.0.1',
        HTTP_X_FORWARDED_PROTO: 'https',
        HTTP_X_FORWARDED_HOST: 'eggs',
        HTTP_X_FORWARDED_PORT: '443',
        HTTP_X_FORWARDED_PREFIX: '/ham',
      },
      urlRoot: 'https://eggs/ham/',
    },
    {
      id: 'multiple for',
      kwargs: { xFor: 2 },
      base: {
        REMOTE_ADDR: '192.168.0.3',
        HTTP_HOST: 'spam',
        HTTP_X_FORWARDED_FOR: '192.168.0.1, 192.168.0.2',
      },
      urlRoot: 'http://spam/',
    },
    {
      id: 'ignore 0',
      kwargs: { xFor: 0 },
      base: { REMOTE_ADDR: '192.168.0.1', HTTP_HOST: 'spam', HTTP_X_FORWARDED_FOR: '192.168.0.2' },
      urlRoot: 'http://spam/',
    },
    {
      id: 'ignore len < trusted',
      kwargs: { xFor: 3 },
      base: {
        REMOTE_ADDR: '192.168.0.1',
        HTTP_HOST: 'spam',
        HTTP_X_FORWARDED_FOR: '192.168.0.3, 192.168.0.2',
      },
      urlRoot: 'http://spam/',
    },
    {
      id: 'ignore untrusted',
      kwargs: {},
      base: {
        REMOTE_ADDR: '192.168.0.2',
        HTTP_HOST: 'spam',
        HTTP_X_FORWARDED_FOR: '192.168.0.3, 192.168.0.1',
      },
      urlRoot: 'http://spam/',
    },
    {
      id: 'ignore empty',
      kwargs: { xFor: 2 },
      base: {
        REMOTE_ADDR: '192.168.0.1',
        HTTP_HOST: 'spam',
        HTTP_X_FORWARDED_FOR: ', 192.168.0.3',
      },
      urlRoot: 'http://spam/',
    },
    {
      id: 'prefix < for',
      kwargs: { xFor: 2, xPrefix: 1 },
      base: {
        REMOTE_ADDR: '192.168.0.2',
        HTTP_HOST: 'spam',
        HTTP_X_FORWARDED_FOR: '192.168.0.1, 192.168.0.3',
        HTTP_X_FORWARDED_PREFIX: '/ham, /eggs',
      },
      urlRoot: 'http://spam/eggs/',
    },
    {
      id: 'ipv6 host',
      kwargs: { xHost: 1 },
      base: { HTTP_HOST: 'spam', HTTP_X_FORWARDED_HOST: '[2001:db8::a]' },
      urlRoot: 'http://[2001:db8::a]/',
    },
    {
      id: 'ipv6 port, host without port',
      kwargs: { xPort: 1 },
      base: { HTTP_HOST: '[2001:db8::a]', HTTP_X_FORWARDED_PORT: '8080' },
      urlRoot: 'http://[2001:db8::a]:8080/',
    },
    {
      id: 'ipv6 - port, host with port',
      kwargs: { xPort: 1 },
      base: { HTTP_HOST: '[2001:db8::a]:9000', HTTP_X_FORWARDED_PORT: '8080' },
      urlRoot: 'http://[2001:db8::a]:8080/',
    },
  ]

  test('ports all 17 of Werkzeug 3.x cases', () => {
    expect(cases).toHaveLength(17)
  })

  test.each(cases)('$id', ({ kwargs, base, urlRoot: want }) => {
    const environ = captured((app) => proxyFix(app, kwargs), werkzeugEnviron(base))
    expect(environ.REMOTE_ADDR).toBe('192.168.0.1')
    expect(urlRoot(environ)).toBe(want)
  })
})

// The request `XF` of spec §6.3, as Werkzeug 3.2's dev server on 127.0.0.1:18071 receives it.
const XF_HEADERS = [
  ['Host', 'internal:8000'],
  ['X-Forwarded-Proto', 'https'],
  ['X-Forwarded-For', '203.0.113.7, 10.0.0.1'],
  ['X-Forwarded-Host', 'public.example'],
  ['X-Forwarded-Port', '8443'],
  ['X-Forwarded-Prefix', '/prefix'],
  ['X-Forwarded-Ssl', 'on'],
  ['Forwarded', 'for=192.0.2.60;proto=https;host=fwd.example'],
] as const

function werkzeugRequest(headers: ReadonlyArray<readonly [string, string]>): Environ {
  return buildEnviron(
    gatewayRequest({ target: '/p', rawHeaders: headers.flat(), localPort: 18071 }),
    { bindAddress: '127.0.0.1', fqdn: 'localhost', port: 18071, scriptName: '' },
    'werkzeug'
  )
}

const ALL_1 = { xFor: 1, xProto: 1, xHost: 1, xPort: 1, xPrefix: 1 }
const ALL_2 = { xFor: 2, xProto: 2, xHost: 2, xPort: 2, xPrefix: 2 }
const UNCHANGED = {
  REMOTE_ADDR: '127.0.0.1',
  'wsgi.url_scheme': 'http',
  HTTP_HOST: 'internal:8000',
  SERVER_NAME: '127.0.0.1',
  SERVER_PORT: '18071',
  SCRIPT_NAME: '',
}

describe('spec §6.3 T147–T156 (Werkzeug 3.2 observed)', () => {
  const cases: Array<{
    name: string
    options: Parameters<typeof proxyFix>[1]
    headers: ReadonlyArray<readonly [string, string]>
    want: Record<string, EnvironValue>
  }> = [
    {
      name: 'T147 all counts 1 rewrite every key from XF and keep the originals',
      options: ALL_1,
      headers: XF_HEADERS,
      want: {
        REMOTE_ADDR: '10.0.0.1',
        'wsgi.url_scheme': 'https',
        HTTP_HOST: 'public.example:8443',
        SERVER_NAME: 'public.example',
        SERVER_PORT: '8443',
        SCRIPT_NAME: '/prefix',
        'inspector.proxy_fix.orig':
          "{'REMOTE_ADDR': '127.0.0.1', 'wsgi.url_scheme': 'http', 'HTTP_HOST': 'internal:8000', 'SERVER_NAME': '127.0.0.1', 'SERVER_PORT': '18071', 'SCRIPT_NAME': ''}",
      },
    },
    {
      name: 'T148 the defaults (x_for=1, x_proto=1) change only the address and the scheme',
      options: {},
      headers: XF_HEADERS,
      want: {
        ...UNCHANGED,
        REMOTE_ADDR: '10.0.0.1',
        'wsgi.url_scheme': 'https',
      },
    },
    {
      name: 'T149 all counts 2 take the client from XFF and ignore the single-valued headers',
      options: ALL_2,
      headers: XF_HEADERS,
      want: { ...UNCHANGED, REMOTE_ADDR: '203.0.113.7' },
    },
    {
      name: 'T150 empty XFF items are dropped before counting (3.2)',
      options: ALL_2,
      headers: [['X-Forwarded-For', '1.1.1.1, , 2.2.2.2']],
      want: { REMOTE_ADDR: '1.1.1.1' },
    },
    {
      name: 'T151 brackets are kept: IPv6 in XFF and X-Forwarded-Host',
      options: ALL_1,
      headers: [
        ['Host', 'internal:8000'],
        ['X-Forwarded-For', '"[2001:db8::1]"'],
        ['X-Forwarded-Host', '[2001:db8::2]'],
        ['X-Forwarded-Port', '9443'],
      ],
      want: {
        REMOTE_ADDR: '[2001:db8::1]',
        SERVER_NAME: '[2001:db8::2]',
        HTTP_HOST: '[2001:db8::2]:9443',
        SERVER_PORT: '9443',
      },
    },
    {
      name: 'T152 X-Forwarded-Host with a port splits into SERVER_NAME and SERVER_PORT',
      options: ALL_1,
      headers: [
        ['Host', 'internal:8000'],
        ['X-Forwarded-Host', 'a.example:444, b.example:555'],
      ],
      want: { HTTP_HOST: 'b.example:555', SERVER_NAME: 'b.example', SERVER_PORT: '555' },
    },
    {
      name: 'T153 X-Forwarded-Port alone replaces the port of Host',
      options: ALL_1,
      headers: [
        ['Host', 'internal:8000'],
        ['X-Forwarded-Port', '8443'],
      ],
      want: { HTTP_HOST: 'internal:8443', SERVER_PORT: '8443', SERVER_NAME: '127.0.0.1' },
    },
    {
      name: 'T153 X-Forwarded-Port alone appends to an IPv6 Host without a port',
      options: ALL_1,
      headers: [
        ['Host', '[::1]'],
        ['X-Forwarded-Port', '8443'],
      ],
      want: { HTTP_HOST: '[::1]:8443', SERVER_PORT: '8443', SERVER_NAME: '127.0.0.1' },
    },
    {
      name: 'T154 fewer values than trusted hops change nothing (fail closed)',
      options: ALL_2,
      headers: [
        ['Host', 'internal:8000'],
        ['X-Forwarded-For', '1.1.1.1'],
        ['X-Forwarded-Proto', 'https'],
      ],
      want: UNCHANGED,
    },
    {
      name: 'T155 an unclosed quote makes the header empty (3.2)',
      options: ALL_1,
      headers: [['X-Forwarded-For', '"1.1.1.1, 2.2.2.2']],
      want: { REMOTE_ADDR: '127.0.0.1' },
    },
    {
      name: 'T156 values are copied unchecked: HTTPS scheme and a prefix without "/"',
      options: ALL_1,
      headers: [
        ['X-Forwarded-Proto', 'HTTPS'],
        ['X-Forwarded-Prefix', 'app/'],
      ],
      want: { 'wsgi.url_scheme': 'HTTPS', SCRIPT_NAME: 'app/' },
    },
  ]

  test.each(cases)('$name', ({ options, headers, want }) => {
    const environ = captured((app) => proxyFix(app, options), werkzeugRequest(headers))
    for (const [key, value] of Object.entries(want)) {
      const got = environ[key]
      expect(got === undefined ? undefined : pyStr(got), key).toBe(value)
    }
  })
})

describe('proxyFix', () => {
  test('keeps the X-Forwarded-* keys and REMOTE_PORT as they were', () => {
    const environ = captured((app) => proxyFix(app, ALL_1), werkzeugRequest(XF_HEADERS))
    expect(environ).toMatchObject({
      HTTP_X_FORWARDED_FOR: '203.0.113.7, 10.0.0.1',
      HTTP_X_FORWARDED_PROTO: 'https',
      REMOTE_PORT: 50000,
    })
  })

  test('stores the originals even when nothing changes, None for a missing key', () => {
    const environ = captured(
      (app) => proxyFix(app),
      minimalEnviron({ HTTP_HOST: undefined, SCRIPT_NAME: undefined })
    )
    expect(pyStr(environ['inspector.proxy_fix.orig'] as EnvironValue)).toBe(
      "{'REMOTE_ADDR': '127.0.0.1', 'wsgi.url_scheme': 'http', 'HTTP_HOST': None, 'SERVER_NAME': 'localhost', 'SERVER_PORT': '8000', 'SCRIPT_NAME': None}"
    )
    expect(environ.REMOTE_ADDR).toBe('127.0.0.1')
  })

  test('adds HTTP_HOST at the end when the request had none, as a Python dict would', () => {
    const environ = captured(
      (app) => proxyFix(app, { xHost: 1 }),
      minimalEnviron({ HTTP_HOST: undefined, HTTP_X_FORWARDED_HOST: 'public.example' })
    )
    expect(Object.keys(environ).slice(-2)).toEqual(['inspector.proxy_fix.orig', 'HTTP_HOST'])
    expect(environ.HTTP_HOST).toBe('public.example')
  })

  test('ignores a quoted empty value', () => {
    const environ = captured(
      (app) => proxyFix(app),
      minimalEnviron({ HTTP_X_FORWARDED_FOR: '""', HTTP_X_FORWARDED_PROTO: '""' })
    )
    expect(environ.REMOTE_ADDR).toBe('127.0.0.1')
    expect(environ['wsgi.url_scheme']).toBe('http')
  })

  test('ignores Forwarded, as Werkzeug does', () => {
    const environ = captured(
      (app) => proxyFix(app),
      minimalEnviron({ HTTP_FORWARDED: 'for=192.0.2.60;proto=https' })
    )
    expect(environ.REMOTE_ADDR).toBe('127.0.0.1')
    expect(environ['wsgi.url_scheme']).toBe('http')
  })

  test.each([
    [{ xFor: -1 }, 'proxyFix: xFor must be a non-negative integer, got -1'],
    [{ xProto: 1.5 }, 'proxyFix: xProto must be a non-negative integer, got 1.5'],
    [{ xHost: Number.NaN }, 'proxyFix: xHost must be a non-negative integer, got NaN'],
    [
      { x_for: 1 },
      'proxyFix: unknown option "x_for"; expected xFor, xProto, xHost, xPort, xPrefix',
    ],
  ])('refuses %j when it is built, not on the first request', (options, message) => {
    const app: App = () => []
    expect(() => proxyFix(app, options as Parameters<typeof proxyFix>[1])).toThrow(
      new TypeError(message)
    )
  })

  test('refuses something that is not an app', () => {
    expect(() => proxyFix('echo' as unknown as App)).toThrow(
      new TypeError('proxyFix: app must be a function')
    )
  })

  test('the wrapped app is named proxyFixApp', () => {
    expect(proxyFix(() => []).name).toBe('proxyFixApp')
  })
})
