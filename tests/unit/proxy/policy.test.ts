import { describe, expect, test } from 'vitest'
import {
  compilePolicy,
  describePolicy,
  parseProxyFixSpec,
  parseTrustedProxiesSpec,
} from '../../../server/proxy/policy.ts'

describe('parseProxyFixSpec (--proxy-fix)', () => {
  test.each([
    [
      'x_for=1,x_proto=1,x_host=1,x_port=0,x_prefix=0',
      { xFor: 1, xProto: 1, xHost: 1, xPort: 0, xPrefix: 0 },
    ],
    ['x_for=2', { xFor: 2, xProto: 1, xHost: 0, xPort: 0, xPrefix: 0 }],
    [' x_host = 1 , x_proto=0', { xFor: 1, xProto: 0, xHost: 1, xPort: 0, xPrefix: 0 }],
  ])('%s', (spec, want) => {
    expect(parseProxyFixSpec(spec)).toEqual(want)
  })

  test.each([
    [
      'x_foo=1',
      /^unknown name "x_foo"; expected name=count pairs like x_for=1,x_proto=1 with names x_for, x_proto, x_host, x_port, x_prefix$/,
    ],
    ['xFor=1', /unknown name "xFor"/],
    ['x_for=-1', /^x_for: expected a non-negative integer count, got "x_for=-1"$/],
    ['x_for=1.5', /x_for: expected a non-negative integer count/],
    ['x_for', /x_for: expected a non-negative integer count/],
    ['x_for=1=2', /x_for: expected a non-negative integer count/],
    ['x_for=1,x_for=2', /^x_for is given twice$/],
    ['', /^empty;/],
    ['x_for=1,', /unknown name ""/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseProxyFixSpec(spec)).toThrow(message)
  })
})

describe('parseTrustedProxiesSpec (--trusted-proxies)', () => {
  test('splits on commas and checks every entry', () => {
    const { proxies, trust } = parseTrustedProxiesSpec('127.0.0.1, 10.0.0.0/8,::1')
    expect(proxies).toEqual(['127.0.0.1', '10.0.0.0/8', '::1'])
    expect(trust.entries).toHaveLength(3)
  })

  test.each([
    ['127.0.0.1,,::1', /^empty entry in "127\.0\.0\.1,,::1"/],
    ['10.0.0.0/8,nope', /"nope" is not an IP address or CIDR range/],
    ['300.1.1.1', /"300\.1\.1\.1" is not an IP address/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseTrustedProxiesSpec(spec)).toThrow(message)
  })
})

describe('compilePolicy', () => {
  test('fills in Werkzeug defaults', () => {
    expect(compilePolicy({ mode: 'proxy-fix', xHost: 1 })).toEqual({
      mode: 'proxy-fix',
      xFor: 1,
      xProto: 1,
      xHost: 1,
      xPort: 0,
      xPrefix: 0,
    })
  })

  test('describes a trusted policy with its ranges', () => {
    const policy = compilePolicy({ mode: 'trusted', proxies: ['loopback'] })
    expect(describePolicy(policy)).toEqual({
      mode: 'trusted',
      proxies: ['loopback'],
      forwarded: false,
      ranges: ['127.0.0.1/8', '::1/128'],
    })
  })

  test.each([
    [{ mode: 'trusted', proxies: [] }, /the list is empty/],
    [{ mode: 'trusted', proxies: ['x'] }, /"x" is not an IP address/],
    [{ mode: 'proxy-fix', xFor: -1 }, /xFor must be a non-negative integer/],
    [{ mode: 'bogus' }, /unknown policy mode "bogus"/],
  ])('refuses %j', (input, message) => {
    expect(() => compilePolicy(input as Parameters<typeof compilePolicy>[0])).toThrow(message)
  })
})
