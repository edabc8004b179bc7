import { describe, expect, test } from 'vitest'
import {
  createHostCheck,
  NO_ALLOWED_HOSTS,
  parseAllowedHosts,
  parseHost,
} from '../../../server/host/allowed-hosts.ts'

/** This machine is `devbox` (`devbox.lan` fully qualified), bound to 0.0.0.0. */
const OWN = ['devbox', 'devbox.lan', '0.0.0.0']

function check(allowedHosts?: string) {
  return createHostCheck({
    allowed: allowedHosts === undefined ? NO_ALLOWED_HOSTS : parseAllowedHosts(allowedHosts),
    ownNames: OWN,
  })
}

describe('the Host check', () => {
  const cases = [
    { host: '127.0.0.1:8000', allowed: true },
    { host: '127.0.0.1', allowed: true },
    { host: 'localhost:8000', allowed: true },
    { host: 'LOCALHOST', allowed: true },
    { host: 'localhost.:8000', allowed: true },
    { host: 'app.localhost:8000', allowed: true },
    { host: '[::1]:8000', allowed: true },
    { host: '[::1]', allowed: true },
    {
      name: 'the pod IP a Kubernetes httpGet probe sends',
      host: '10.244.1.17:8000',
      allowed: true,
    },
    { name: 'a LAN address mapped to a container', host: '192.168.1.10:8000', allowed: true },
    { name: "the machine's hostname", host: 'devbox:8000', allowed: true },
    { name: "the machine's FQDN", host: 'DevBox.lan', allowed: true },
    { name: 'a rebinding page', host: 'evil.test:8000', allowed: false },
    { name: 'a name that ends like localhost', host: 'evillocalhost:8000', allowed: false },
    { name: 'a name under an own name', host: 'x.devbox', allowed: false },
    { name: 'a name that looks like an address', host: '127.0.0.1.evil.test', allowed: false },
    { name: 'a non-canonical address (no browser sends it)', host: '0x7f.1', allowed: false },
    { name: 'a bad port', host: 'localhost:80a', allowed: false },
    { name: 'an IPv6 address without brackets', host: '::1', allowed: false },
    { name: 'garbage', host: 'a b', allowed: false },
    { name: 'an empty Host', host: '', allowed: false },
    { name: 'no Host at all (HTTP/1.0: not a browser)', host: undefined, allowed: true },
  ]
  test.each(cases)('$host ($name): allowed $allowed', ({ host, allowed }) => {
    const refusal = check().refusal('GET', host, undefined)
    expect(refusal === null).toBe(allowed)
    if (refusal) {
      expect(refusal).toMatchObject({ statusCode: 403, flag: '--allowed-hosts' })
      expect(refusal.error).toContain('--allowed-hosts')
    }
  })

  test('the refusal names the flag and the name to give it', () => {
    const message = expect.stringContaining('start it with --allowed-hosts evil.test')
    expect(check().refusal('GET', 'Evil.Test:8000', undefined)).toEqual({
      statusCode: 403,
      code: 'EI_ERR_HOST_NOT_ALLOWED',
      error: message,
      message,
      flag: '--allowed-hosts',
      host: 'evil.test',
    })
  })

  const listed = [
    { list: 'echo.internal.example', host: 'echo.internal.example:443', allowed: true },
    { list: 'echo.internal.example', host: 'ECHO.internal.example.', allowed: true },
    { list: 'echo.internal.example', host: 'other.internal.example', allowed: false },
    { list: '*.example.com', host: 'www.example.com', allowed: true },
    { list: '*.example.com', host: 'a.b.example.com:8000', allowed: true },
    { list: '*.example.com', host: 'example.com', allowed: false },
    { list: '*.example.com', host: 'badexample.com', allowed: false },
    { list: 'a.example, *.b.example', host: 'x.b.example', allowed: true },
    { list: '*', host: 'evil.test:8000', allowed: true },
  ]
  test.each(listed)('--allowed-hosts $list: $host allowed $allowed', ({ list, host, allowed }) => {
    expect(check(list).refusal('GET', host, undefined) === null).toBe(allowed)
  })
})

describe('the Origin check on requests that change state', () => {
  const cases = [
    { method: 'DELETE', host: '127.0.0.1:8000', origin: undefined, allowed: true },
    { method: 'POST', host: '127.0.0.1:8000', origin: 'http://127.0.0.1:8000', allowed: true },
    { method: 'POST', host: 'localhost:8000', origin: 'http://localhost:8000', allowed: true },
    { method: 'POST', host: '[::1]:8000', origin: 'http://[::1]:8000', allowed: true },
    {
      name: 'another page on the same host',
      method: 'POST',
      host: 'localhost:8000',
      origin: 'http://localhost:3000',
      allowed: false,
    },
    {
      name: 'a foreign page',
      method: 'DELETE',
      host: '127.0.0.1:8000',
      origin: 'http://evil.test',
      allowed: false,
    },
    {
      name: 'a foreign page, GET',
      method: 'GET',
      host: '127.0.0.1:8000',
      origin: 'http://evil.test',
      allowed: true,
    },
    {
      name: 'a sandboxed page',
      method: 'POST',
      host: '127.0.0.1:8000',
      origin: 'null',
      allowed: false,
    },
    {
      name: 'a proxy that drops the port from Host',
      method: 'POST',
      host: 'devbox',
      origin: 'https://devbox',
      allowed: true,
    },
    {
      name: 'the same name over another scheme and port',
      method: 'POST',
      host: 'devbox:8000',
      origin: 'https://devbox',
      allowed: false,
    },
  ]
  test.each(cases)(
    '$method from $origin to $host: allowed $allowed',
    ({ method, host, origin, allowed }) => {
      expect(check().refusal(method, host, origin) === null).toBe(allowed)
    }
  )

  test('a name in --allowed-hosts may drive it whatever Host the proxy sends', () => {
    const behindProxy = check('www.example.com')
    expect(behindProxy.refusal('POST', '127.0.0.1:8000', 'https://www.example.com')).toBeNull()
    expect(behindProxy.refusal('POST', '127.0.0.1:8000', 'https://evil.test')).toMatchObject({
      statusCode: 403,
      host: 'evil.test',
    })
  })
})

describe('parseAllowedHosts', () => {
  test('reads names, wildcards and *', () => {
    expect(parseAllowedHosts('Echo.Internal.Example, *.example.com,*')).toEqual({
      any: true,
      names: ['echo.internal.example'],
      suffixes: ['.example.com'],
    })
  })
  test.each([
    ['echo.example:8000', /give names without a port/],
    ['', /expected host names separated by commas/],
    ['a,,b', /expected host names/],
    ['http://x.example', /expected host names/],
    ['*.', /expected host names/],
    ['ex ample', /expected host names/],
  ])('refuses %j', (text, error) => {
    expect(() => parseAllowedHosts(text)).toThrow(error)
  })
})

describe('parseHost', () => {
  test.each([
    ['Example.COM:8080', { name: 'example.com', port: 8080 }],
    ['[::1]:80', { name: '::1', port: 80 }],
    ['10.0.0.1', { name: '10.0.0.1', port: null }],
    ['[::1]x', null],
    ['host:', null],
  ])('%s', (text, want) => {
    expect(parseHost(text)).toEqual(want)
  })
})
