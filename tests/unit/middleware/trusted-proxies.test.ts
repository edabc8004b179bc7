/**
 * trusted-proxies: the walk from the socket peer leftwards over listed addresses, failing
 * closed; X-Forwarded-For by default, RFC 7239 Forwarded with `forwarded: true`.
 */
import { describe, expect, test } from 'vitest'
import { type Environ, type EnvironValue, pyStr } from '../../../server/contract/python.ts'
import type { App } from '../../../server/gateway/types.ts'
import {
  type TrustedProxiesOptions,
  trustedProxies,
} from '../../../server/middleware/trusted-proxies.ts'
import { minimalEnviron } from '../../helpers/environ.ts'

function run(options: TrustedProxiesOptions, overrides: Record<string, string>): Environ {
  let seen: Environ | undefined
  const app: App = (environ) => {
    seen = environ
    return []
  }
  trustedProxies(app, options)(minimalEnviron(overrides), () => () => {})
  if (!seen) throw new Error('the app was not called')
  return seen
}

const LOCAL = { proxies: ['127.0.0.1', '10.0.0.0/8', '::1'] }
const UNCHANGED = {
  REMOTE_ADDR: '127.0.0.1',
  'wsgi.url_scheme': 'http',
  HTTP_HOST: 'localhost:8000',
  SERVER_NAME: 'localhost',
  SERVER_PORT: '8000',
}

describe('trustedProxies over X-Forwarded-For', () => {
  const cases: Array<{
    name: string
    options?: TrustedProxiesOptions
    given: Record<string, string>
    want: Record<string, string>
  }> = [
    {
      name: 'takes the client nginx appended behind one trusted proxy',
      given: { HTTP_X_FORWARDED_FOR: '203.0.113.7', HTTP_X_FORWARDED_PROTO: 'https' },
      want: { REMOTE_ADDR: '203.0.113.7', 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'ignores what a client forged to the left of the real client',
      given: { HTTP_X_FORWARDED_FOR: '6.6.6.6, 10.9.9.9, 203.0.113.7' },
      want: { REMOTE_ADDR: '203.0.113.7' },
    },
    {
      name: 'steps over every trusted hop, IPv4 and IPv6',
      given: { HTTP_X_FORWARDED_FOR: '203.0.113.7, 2001:db8::9, 10.0.0.5, ::1' },
      options: { proxies: ['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32'] },
      want: { REMOTE_ADDR: '203.0.113.7' },
    },
    {
      name: 'stops at the first untrusted hop even if a trusted-looking one follows',
      given: { HTTP_X_FORWARDED_FOR: '10.0.0.7, 198.51.100.1, 10.0.0.5' },
      want: { REMOTE_ADDR: '198.51.100.1' },
    },
    {
      name: 'takes the leftmost address when every hop is trusted',
      given: { HTTP_X_FORWARDED_FOR: '10.0.0.7, 10.0.0.5' },
      want: { REMOTE_ADDR: '10.0.0.7' },
    },
    {
      name: 'matches an IPv4-mapped IPv6 peer against an IPv4 entry',
      given: { REMOTE_ADDR: '::ffff:127.0.0.1', HTTP_X_FORWARDED_FOR: '203.0.113.7' },
      want: { REMOTE_ADDR: '203.0.113.7' },
    },
    {
      name: 'strips brackets and port from the client hop',
      given: { HTTP_X_FORWARDED_FOR: '[2001:db8::17]:4711' },
      want: { REMOTE_ADDR: '2001:db8::17' },
    },
    {
      name: 'rewrites nothing when the socket peer is not trusted (fail closed)',
      given: {
        REMOTE_ADDR: '203.0.113.66',
        HTTP_X_FORWARDED_FOR: '127.0.0.1',
        HTTP_X_FORWARDED_PROTO: 'https',
        HTTP_X_FORWARDED_HOST: 'evil.example',
      },
      want: { ...UNCHANGED, REMOTE_ADDR: '203.0.113.66' },
    },
    {
      name: 'leaves REMOTE_ADDR alone when the client hop is not an address',
      given: { HTTP_X_FORWARDED_FOR: 'garbage', HTTP_X_FORWARDED_PROTO: 'https' },
      want: { REMOTE_ADDR: '127.0.0.1', 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'reads the host with its port, as ProxyFix x_host does',
      given: { HTTP_X_FORWARDED_FOR: '203.0.113.7', HTTP_X_FORWARDED_HOST: 'www.example.com:8443' },
      want: {
        HTTP_HOST: 'www.example.com:8443',
        SERVER_NAME: 'www.example.com',
        SERVER_PORT: '8443',
      },
    },
    {
      name: 'takes the proto the outermost trusted proxy appended',
      given: {
        HTTP_X_FORWARDED_FOR: '203.0.113.7, 10.0.0.5',
        HTTP_X_FORWARDED_PROTO: 'http, https, http',
      },
      want: { REMOTE_ADDR: '203.0.113.7', 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'believes X-Forwarded-Proto from a trusted peer without X-Forwarded-For',
      given: { HTTP_X_FORWARDED_PROTO: 'https' },
      want: { ...UNCHANGED, 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'ignores Forwarded unless told to read it',
      given: { HTTP_FORWARDED: 'for=192.0.2.60;proto=https' },
      want: UNCHANGED,
    },
  ]

  test.each(cases)('$name', ({ options = LOCAL, given, want }) => {
    const environ = run(options, given)
    for (const [key, value] of Object.entries(want)) expect(environ[key], key).toBe(value)
  })

  test('keeps the originals in inspector.proxy_fix.orig', () => {
    const environ = run(LOCAL, { HTTP_X_FORWARDED_FOR: '203.0.113.7' })
    expect(pyStr(environ['inspector.proxy_fix.orig'] as EnvironValue)).toBe(
      "{'REMOTE_ADDR': '127.0.0.1', 'wsgi.url_scheme': 'http', 'HTTP_HOST': 'localhost:8000', 'SERVER_NAME': 'localhost', 'SERVER_PORT': '8000', 'SCRIPT_NAME': ''}"
    )
    expect(environ.HTTP_X_FORWARDED_FOR).toBe('203.0.113.7')
  })
})

describe('trustedProxies over Forwarded (forwarded: true)', () => {
  const options = { proxies: ['10.0.0.0/8', '127.0.0.1', '2001:db8:cafe::/48'], forwarded: true }
  const cases: Array<{
    name: string
    given: Record<string, string>
    want: Record<string, string>
  }> = [
    {
      name: 'walks for= over two proxies and takes proto and host from the client element',
      given: {
        HTTP_FORWARDED:
          'for=192.0.2.43;proto=https;host="public.example:8443", for="[2001:db8:cafe::17]:4711";by=_lb',
        HTTP_X_FORWARDED_FOR: '9.9.9.9',
      },
      want: {
        REMOTE_ADDR: '192.0.2.43',
        'wsgi.url_scheme': 'https',
        HTTP_HOST: 'public.example:8443',
        SERVER_NAME: 'public.example',
        SERVER_PORT: '8443',
      },
    },
    {
      name: 'gives the app "unknown" when the proxy hid the client',
      given: { HTTP_FORWARDED: 'for=unknown;proto=https' },
      want: { REMOTE_ADDR: 'unknown', 'wsgi.url_scheme': 'https' },
    },
    {
      name: 'gives the app an obfuscated identifier as it is',
      given: { HTTP_FORWARDED: 'for=_hidden' },
      want: { REMOTE_ADDR: '_hidden' },
    },
    {
      name: 'believes nothing from a malformed client element',
      given: { HTTP_FORWARDED: 'for = 192.0.2.43;proto=https' },
      want: UNCHANGED,
    },
    {
      name: 'stops at a malformed element between trusted proxies',
      given: { HTTP_FORWARDED: 'for=192.0.2.43, for=[10.0.0.9]' },
      want: { REMOTE_ADDR: '127.0.0.1' },
    },
    {
      name: 'ignores X-Forwarded-For',
      given: { HTTP_X_FORWARDED_FOR: '203.0.113.7' },
      want: UNCHANGED,
    },
    {
      name: 'rewrites nothing when the socket peer is not trusted',
      given: { REMOTE_ADDR: '198.51.100.1', HTTP_FORWARDED: 'for=192.0.2.43;proto=https' },
      want: { ...UNCHANGED, REMOTE_ADDR: '198.51.100.1' },
    },
  ]

  test.each(cases)('$name', ({ given, want }) => {
    const environ = run(options, given)
    for (const [key, value] of Object.entries(want)) expect(environ[key], key).toBe(value)
  })
})

describe('trustedProxies options', () => {
  const app: App = () => []
  test.each([
    [{ proxies: [] }, 'trustedProxies: proxies must be a non-empty list of addresses or ranges'],
    [{ proxies: ['10.0.0.0/40'] }, /^trustedProxies: "10\.0\.0\.0\/40" is not a valid CIDR range/],
    [{ proxies: ['proxy.internal'] }, /^trustedProxies: "proxy\.internal" is not an IP address/],
  ])('refuses %j when it is built', (options, message) => {
    expect(() => trustedProxies(app, options)).toThrow(message)
  })

  test('the wrapped app is named trustedProxiesApp', () => {
    expect(trustedProxies(app, LOCAL).name).toBe('trustedProxiesApp')
  })
})
