import { describe, expect, test } from 'vitest'
import {
  base64ToBytes,
  bytesToBase64,
  bytesToBase64Url,
  bytesToHex,
  hexToBytes,
  isText,
  sameBytes,
} from '../../../web/logic/byte-codecs.ts'

const bytes = (...values: number[]) => Uint8Array.from(values)
const all256 = Uint8Array.from({ length: 256 }, (_, i) => i)

describe('hex', () => {
  test('writes pairs, 16 bytes to a line', () => {
    expect(bytesToHex(bytes(0xde, 0xad, 0xbe, 0xef))).toBe('de ad be ef')
    expect(bytesToHex(all256.subarray(0, 17))).toBe(
      '00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n10'
    )
    expect(bytesToHex(bytes(1, 2, 3), 0)).toBe('01 02 03')
  })

  const readable = [
    { name: 'spaced pairs', text: 'de ad be ef', want: [0xde, 0xad, 0xbe, 0xef] },
    { name: 'no separators, upper case', text: 'DEADBEEF', want: [0xde, 0xad, 0xbe, 0xef] },
    { name: '0x prefixes and commas', text: '0xde, 0xAD', want: [0xde, 0xad] },
    { name: '\\x escapes', text: '\\xde\\xad', want: [0xde, 0xad] },
    { name: 'colons and lines', text: 'de:ad\nbe-ef\n', want: [0xde, 0xad, 0xbe, 0xef] },
    { name: 'nothing', text: '  ', want: [] },
  ]
  test.each(readable)('reads $name', ({ text, want }) => {
    expect(hexToBytes(text)).toEqual({ ok: true, value: Uint8Array.from(want) })
  })

  const broken = [
    { name: 'an odd digit at the end', text: 'de a', error: /lone hex digit at line 1, column 4/ },
    { name: 'a digit split by a space', text: 'd e', error: /lone hex digit at line 1, column 1/ },
    {
      name: 'a letter past f',
      text: 'de\nag',
      error: /"g" at line 2, column 2 is not a hex digit/,
    },
  ]
  test.each(broken)('says where it went wrong: $name', ({ text, error }) => {
    const result = hexToBytes(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(error)
  })

  test('round-trips every byte', () => {
    const back = hexToBytes(bytesToHex(all256))
    expect(back.ok && sameBytes(back.value, all256)).toBe(true)
  })
})

describe('base64', () => {
  test.each([
    ['', '', ''],
    ['f', 'Zg==', 'Zg'],
    ['fo', 'Zm8=', 'Zm8'],
    ['foo', 'Zm9v', 'Zm9v'],
    ['foob', 'Zm9vYg==', 'Zm9vYg'],
  ])('encodes %j as RFC 4648 test vectors say', (text, standard, url) => {
    const input = new TextEncoder().encode(text)
    expect(bytesToBase64(input)).toBe(standard)
    expect(bytesToBase64Url(input)).toBe(url)
    expect(Buffer.from(input).toString('base64')).toBe(standard)
  })

  test('uses - and _ in the URL-safe alphabet, + and / in the standard one', () => {
    expect(bytesToBase64(bytes(0xfb, 0xff))).toBe('+/8=')
    expect(bytesToBase64Url(bytes(0xfb, 0xff))).toBe('-_8')
  })

  test('reads both alphabets, padded or not, with line breaks', () => {
    for (const text of ['+/8=', '-_8', '+/8', ' +/\n8= ']) {
      const result = base64ToBytes(text)
      expect(result.ok && [...result.value]).toEqual([0xfb, 0xff])
    }
  })

  test('round-trips every byte, as Node decodes it too', () => {
    const encoded = bytesToBase64(all256)
    const back = base64ToBytes(encoded)
    expect(back.ok && sameBytes(back.value, all256)).toBe(true)
    expect(sameBytes(Buffer.from(encoded, 'base64'), all256)).toBe(true)
  })

  const broken = [
    { name: 'a character outside both alphabets', text: 'Zm9v!', error: /"!" at line 1, column 5/ },
    { name: 'padding in the middle', text: 'Zg==Zg==', error: /padding, but more follows/ },
    { name: 'a lone last character', text: 'Zm9vY', error: /lone character/ },
    { name: 'leftover bits that are not zero', text: 'Zh', error: /does not end cleanly/ },
  ]
  test.each(broken)('refuses $name', ({ text, error }) => {
    const result = base64ToBytes(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(error)
  })
})

describe('isText', () => {
  test.each([
    ['JSON', new TextEncoder().encode('{"a": "café"}\r\n\t'), true],
    ['a NUL byte', bytes(0x61, 0x00), false],
    ['a C1 control as UTF-8', new TextEncoder().encode('a\u0085'), false],
    ['invalid UTF-8', bytes(0xff, 0xfe), false],
    ['nothing', bytes(), true],
  ])('%s → %s', (_name, input, want) => {
    expect(isText(input)).toBe(want)
  })
})
