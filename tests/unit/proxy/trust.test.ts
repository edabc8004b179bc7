import { describe, expect, test } from 'vitest'
import { matchTrust, parseHopAddress, parseTrustList } from '../../../server/proxy/trust.ts'

describe('parseTrustList', () => {
  test('reads addresses and CIDR ranges, IPv4 and IPv6', () => {
    const list = parseTrustList(['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8::/32'])
    expect(list.entries.map((e) => [e.text, e.cidr])).toEqual([
      ['127.0.0.1', '127.0.0.1/32'],
      ['10.0.0.0/8', '10.0.0.0/8'],
      ['::1', '::1/128'],
      ['2001:db8::/32', '2001:db8::/32'],
    ])
  })

  test("expands Express's names", () => {
    expect(parseTrustList(['loopback']).entries.map((e) => e.cidr)).toEqual([
      '127.0.0.1/8',
      '::1/128',
    ])
  })

  test.each([
    ['not-an-ip', /"not-an-ip" is not an IP address or CIDR range \(ipaddr: .*\)/],
    ['10.0.0.0/33', /"10\.0\.0\.0\/33" is not a valid CIDR range/],
    ['::1/129', /"::1\/129" is not a valid CIDR range/],
    [
      '10.1',
      /"10\.1" is not an IP address or CIDR range \(IPv4 must be written as four decimal numbers\)/,
    ],
    ['0x7f.0.0.1', /not an IP address/],
    ['', /empty entry/],
  ])('refuses %j with the reason', (entry, message) => {
    expect(() => parseTrustList([entry])).toThrow(message)
  })
})

describe('matchTrust', () => {
  const list = parseTrustList(['127.0.0.1', '10.0.0.0/8', '::1', '2001:db8:cafe::/48'])
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['10.200.3.4', '10.0.0.0/8'],
    ['::1', '::1'],
    ['2001:db8:cafe:1::17', '2001:db8:cafe::/48'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:10.1.2.3', '10.0.0.0/8'],
    ['11.0.0.1', undefined],
    ['127.0.0.2', undefined],
    ['2001:db8:beef::1', undefined],
    ['unknown', undefined],
    ['', undefined],
  ])('%s → %s', (address, want) => {
    expect(matchTrust(list, address)?.text).toBe(want)
  })

  test('an IPv4 address matches an IPv4-mapped IPv6 range', () => {
    expect(matchTrust(parseTrustList(['::ffff:0:0/96']), '192.0.2.1')?.text).toBe('::ffff:0:0/96')
  })
})

describe('parseHopAddress', () => {
  test.each([
    ['192.0.2.43', { address: '192.0.2.43', isIp: true }],
    ['192.0.2.43:47011', { address: '192.0.2.43', port: '47011', isIp: true }],
    ['2001:db8::1', { address: '2001:db8::1', isIp: true }],
    ['[2001:db8::1]', { address: '2001:db8::1', isIp: true }],
    ['[2001:db8::1]:4711', { address: '2001:db8::1', port: '4711', isIp: true }],
    ['unknown', { address: 'unknown', isIp: false }],
    ['[nope]', { address: '[nope]', isIp: false }],
    ['host:80', { address: 'host:80', isIp: false }],
  ])('%s', (text, want) => {
    expect(parseHopAddress(text)).toEqual(want)
  })
})
