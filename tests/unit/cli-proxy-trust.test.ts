/** `--proxy-trust NAME=VALUE`: the profile's own proxy trust on the command line. */
import { describe, expect, test } from 'vitest'
import { parseConfig, UsageError } from '../../server/cli/config.ts'
import { USAGE } from '../../server/cli/usage.ts'

const parse = (...args: string[]) => parseConfig(args, {})

describe('--proxy-trust', () => {
  test('off unless given', () => {
    expect(parse('--profile', 'gunicorn').proxyTrust).toBeUndefined()
  })

  test('pairs in the server own option names, repeatable', () => {
    const config = parse(
      '--profile',
      'gunicorn',
      '--proxy-trust',
      'forwarded_allow_ips=127.0.0.1,10.0.0.0/8',
      '--proxy-trust',
      'secure_scheme_headers=X-FORWARDED-PROTO=https'
    )
    expect(config.proxyTrust).toEqual({
      forwarded_allow_ips: '127.0.0.1,10.0.0.0/8',
      secure_scheme_headers: 'X-FORWARDED-PROTO=https',
    })
    // the trust rule rewrites the request first: no middleware, so not ProxyFix's
    expect(config.middleware).toBeUndefined()
  })

  test("uvicorn takes its own options (proxy_headers, forwarded_allow_ips), not gunicorn's", () => {
    expect(
      parse(
        '--profile',
        'uvicorn',
        '--proxy-trust',
        'proxy_headers=true',
        '--proxy-trust',
        'forwarded_allow_ips=*'
      ).proxyTrust
    ).toEqual({ proxy_headers: 'true', forwarded_allow_ips: '*' })
    expect(() =>
      parse(
        '--profile',
        'uvicorn',
        '--proxy-trust',
        'secure_scheme_headers=X-FORWARDED-PROTO=https'
      )
    ).toThrow(/uvicorn's options: proxy_headers, forwarded_allow_ips/)
  })

  test('server-default is the real server with no options', () => {
    expect(parse('--profile', 'gunicorn', '--proxy-trust', 'server-default').proxyTrust).toBe(
      'server-default'
    )
  })

  test.each([
    {
      name: 'an option the server does not have, with the ones it has',
      args: ['--profile', 'gunicorn', '--proxy-trust', 'trusted_proxy=1.2.3.4'],
      error:
        /^--proxy-trust: trusted_proxy: unknown option.*gunicorn's options: forwarded_allow_ips, secure_scheme_headers, forwarder_headers, or server-default/,
    },
    {
      name: 'a profile without trust rules of its own',
      args: ['--proxy-trust', 'forwarded_allow_ips=*'],
      error: /^--proxy-trust: wsgiref has no proxy trust of its own.*--profile gunicorn/,
    },
    {
      name: 'werkzeug neither',
      args: ['--profile', 'werkzeug', '--proxy-trust', 'server-default'],
      error: /^--proxy-trust: werkzeug has no proxy trust/,
    },
    {
      name: 'a bad value',
      args: ['--profile', 'gunicorn', '--proxy-trust', 'forwarded_allow_ips=not-an-ip'],
      error: /^--proxy-trust: forwarded_allow_ips: /,
    },
    {
      name: 'not NAME=VALUE',
      args: ['--profile', 'gunicorn', '--proxy-trust', 'forwarded_allow_ips'],
      error: /^--proxy-trust: forwarded_allow_ips: expected NAME=VALUE/,
    },
    {
      name: 'the same option twice',
      args: [
        '--profile',
        'gunicorn',
        '--proxy-trust',
        'forwarded_allow_ips=1.1.1.1',
        '--proxy-trust',
        'forwarded_allow_ips=2.2.2.2',
      ],
      error: /forwarded_allow_ips: given twice/,
    },
    {
      name: 'server-default with options',
      args: [
        '--profile',
        'gunicorn',
        '--proxy-trust',
        'server-default',
        '--proxy-trust',
        'forwarded_allow_ips=*',
      ],
      error: /server-default: stands alone/,
    },
    {
      name: 'with --trusted-proxies',
      args: [
        '--profile',
        'gunicorn',
        '--trusted-proxies',
        '127.0.0.1',
        '--proxy-trust',
        'server-default',
      ],
      error: /^--proxy-trust cannot be combined with --trusted-proxies: .*pick one/,
    },
    {
      name: 'with --proxy-fix',
      args: ['--profile', 'gunicorn', '--proxy-fix', 'x_for=1', '--proxy-trust', 'server-default'],
      error: /^--proxy-trust cannot be combined with --proxy-fix/,
    },
  ])('refuses $name', ({ args, error }) => {
    expect(() => parseConfig(args, {})).toThrow(UsageError)
    expect(() => parseConfig(args, {})).toThrow(error)
  })

  test('usage names the flag', () => {
    expect(USAGE).toMatch(/--proxy-trust NAME=VALUE/)
  })
})
