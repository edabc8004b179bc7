import { expect, test } from 'vitest'
import { inAllowList, parseIp } from '../../../../server/gateway/profiles/trust/ip.ts'

test.each([
  ['127.0.0.1', ['127.0.0.1'], true],
  ['127.0.0.2', ['127.0.0.1'], false],
  ['10.200.0.1', ['10.0.0.0/8'], true],
  ['11.0.0.1', ['10.0.0.0/8'], false],
  ['::1', ['::1'], true],
  ['0:0::1', ['::1'], true],
  ['2001:db8::5', ['2001:db8::/32'], true],
  ['2001:db9::5', ['2001:db8::/32'], false],
  ['::ffff:10.0.0.1', ['::ffff:0:0/96'], true],
  ['10.0.0.1', ['::/0'], false],
  ['anything', ['*'], true],
  ['256.0.0.1', ['0.0.0.0/0'], false],
])('%s in %j → %s', (peer, list, expected) => {
  expect(inAllowList(peer, list)).toBe(expected)
})

test('non-IP text is not an address', () => {
  expect(parseIp('unix:/run/x.sock')).toBeUndefined()
  expect(parseIp('1::2::3')).toBeUndefined()
  expect(parseIp('1:2:3:4:5:6:7:8')?.bits).toBe(128)
})
