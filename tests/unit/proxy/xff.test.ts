import { describe, expect, test } from 'vitest'
import { parseListHeader, splitListHeader } from '../../../server/proxy/xff.ts'

describe('parseListHeader (Werkzeug 3.2)', () => {
  test.each([
    ['203.0.113.7, 10.0.0.1', ['203.0.113.7', '10.0.0.1']],
    ['a,b', ['a', 'b']],
    ['1.1.1.1, , 2.2.2.2', ['1.1.1.1', '2.2.2.2']],
    [', 192.168.0.3', ['192.168.0.3']],
    ['', []],
    ['"[2001:db8::1]"', ['[2001:db8::1]']],
    ['"a, b", c', ['a, b', 'c']],
    ['"a \\" b"', ['a " b']],
    ['x"a,b"y, z', ['x"a,b"y', 'z']],
    ['"1.1.1.1, 2.2.2.2', []],
    ['2001:db8::1, 10.0.0.1', ['2001:db8::1', '10.0.0.1']],
  ])('%j → %j', (value, want) => {
    expect(parseListHeader(value)).toEqual(want)
  })
})

describe('splitListHeader', () => {
  test('keeps empty and quoted items, with notes', () => {
    expect(splitListHeader(' 1.1.1.1 ,, "[::1]" ')).toEqual({
      items: [
        { text: '1.1.1.1', value: '1.1.1.1', quoted: false, empty: false },
        { text: '', value: '', quoted: false, empty: true },
        { text: '"[::1]"', value: '[::1]', quoted: true, empty: false },
      ],
      unclosedQuote: false,
    })
  })

  test('says when a quote is never closed', () => {
    expect(splitListHeader('"a, b').unclosedQuote).toBe(true)
  })
})
