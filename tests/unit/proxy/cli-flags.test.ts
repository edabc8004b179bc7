/**
 * --proxy-fix, --trusted-proxies and --forwarded as parseConfig reads them.
 */
import { describe, expect, test } from 'vitest'
import { parseConfig } from '../../../server/cli/config.ts'
import type { Environ } from '../../../server/contract/python.ts'
import type { App } from '../../../server/gateway/types.ts'
import { minimalEnviron } from '../../helpers/environ.ts'

/** Run the configured middleware around an app that records its environ. */
function through(args: string[], overrides: Record<string, string>): Environ {
  const config = parseConfig(args, {})
  let seen: Environ | undefined
  const app: App = (environ) => {
    seen = environ
    return []
  }
  const wrapped = (config.middleware ?? []).reduceRight<App>((inner, wrap) => wrap(inner), app)
  wrapped(minimalEnviron(overrides), () => () => {})
  if (!seen) throw new Error('the app was not called')
  return seen
}

describe('proxy flags', () => {
  test('no flag: no middleware, nothing to slow the echo down', () => {
    const config = parseConfig([], {})
    expect(config.middleware).toBeUndefined()
    expect(config.proxyPolicy).toBeUndefined()
  })

  test('--proxy-fix installs ProxyFix with the given counts', () => {
    const config = parseConfig(['--proxy-fix', 'x_for=2,x_host=1'], {})
    expect(config.proxyPolicy).toEqual({
      mode: 'proxy-fix',
      xFor: 2,
      xProto: 1,
      xHost: 1,
      xPort: 0,
      xPrefix: 0,
    })
    expect(config.middleware).toHaveLength(1)
    const environ = through(['--proxy-fix', 'x_for=2,x_host=1'], {
      HTTP_X_FORWARDED_FOR: '203.0.113.7, 10.0.0.5',
      HTTP_X_FORWARDED_HOST: 'www.example.com',
    })
    expect(environ).toMatchObject({ REMOTE_ADDR: '203.0.113.7', HTTP_HOST: 'www.example.com' })
  })

  test('--trusted-proxies installs the address walk', () => {
    const environ = through(['--trusted-proxies', '127.0.0.1,10.0.0.0/8'], {
      HTTP_X_FORWARDED_FOR: '6.6.6.6, 203.0.113.7, 10.0.0.5',
    })
    expect(environ.REMOTE_ADDR).toBe('203.0.113.7')
  })

  test('--forwarded walks the Forwarded header', () => {
    const args = ['--trusted-proxies', '127.0.0.1', '--forwarded']
    expect(parseConfig(args, {}).proxyPolicy).toEqual({
      mode: 'trusted',
      proxies: ['127.0.0.1'],
      forwarded: true,
    })
    const environ = through(args, { HTTP_FORWARDED: 'for="[2001:db8::17]:4711";proto=https' })
    expect(environ).toMatchObject({ REMOTE_ADDR: '2001:db8::17', 'wsgi.url_scheme': 'https' })
  })

  test.each([
    [['--proxy-fix', 'x_foo=1'], /^--proxy-fix: unknown name "x_foo"; expected name=count pairs/],
    [['--proxy-fix', 'x_for=-1'], /^--proxy-fix: x_for: expected a non-negative integer count/],
    [['--proxy-fix', 'x_for=one'], /^--proxy-fix: x_for: expected a non-negative integer count/],
    [['--proxy-fix', ''], /^--proxy-fix: empty; expected/],
    [['--proxy-fix'], /argument missing/],
    [
      ['--trusted-proxies', '10.0.0.0/33'],
      /^--trusted-proxies: "10\.0\.0\.0\/33" is not a valid CIDR range \(ipaddr: /,
    ],
    [['--trusted-proxies', 'proxy.lan'], /^--trusted-proxies: "proxy\.lan" is not an IP address/],
    [['--trusted-proxies', '127.0.0.1,'], /^--trusted-proxies: empty entry/],
    [['--forwarded'], /^--forwarded needs --trusted-proxies/],
    [
      ['--proxy-fix', 'x_for=1', '--trusted-proxies', '127.0.0.1'],
      /^--proxy-fix and --trusted-proxies cannot be combined/,
    ],
  ])('refuses %j with a one-line reason', (args, message) => {
    expect(() => parseConfig(args, {})).toThrow(message)
  })
})
