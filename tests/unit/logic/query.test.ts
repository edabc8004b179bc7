import { describe, expect, test } from 'vitest'
import {
  buildQueryString,
  decodeQueryComponent,
  parseQueryString,
  queryRoundTrips,
} from '../../../web/logic/query.ts'
import { makeRow, moveRow, removeRow, updateRow } from '../../../web/logic/rows.ts'

describe('buildQueryString', () => {
  test('reproduces the README example', () => {
    expect(buildQueryString([makeRow('baz', 'bat')])).toBe('baz=bat')
  })

  test('percent-encodes names and values as UTF-8, including quote and plus', () => {
    expect(buildQueryString([makeRow('q', "a b+c'é"), makeRow('x&y', '1=2')])).toBe(
      'q=a%20b%2Bc%27%C3%A9&x%26y=1%3D2'
    )
  })

  test('skips disabled rows and rows with neither name nor value', () => {
    expect(buildQueryString([makeRow('a', '1'), makeRow('b', '2', false), makeRow('', '')])).toBe(
      'a=1'
    )
  })
})

describe('parseQueryString', () => {
  test('splits on & and =, decoding + as a space', () => {
    const rows = parseQueryString('?a=1+2&flag&c=%C3%A9')
    expect(rows.map((r) => [r.name, r.value])).toEqual([
      ['a', '1 2'],
      ['flag', ''],
      ['c', 'é'],
    ])
  })

  test('keeps malformed escapes verbatim', () => {
    expect(decodeQueryComponent('%zz')).toBe('%zz')
  })
})

describe('queryRoundTrips', () => {
  test.each([
    ['baz=bat', true],
    ['q=a%20b', true],
    ['q=a+b', false],
    ['bad=%zz', false],
    ['a=1&&b=2', false],
    ['flag', false],
  ])('%s → %s', (raw, want) => {
    expect(queryRoundTrips(raw)).toBe(want)
  })
})

describe('row operations', () => {
  const rows = [makeRow('a'), makeRow('b'), makeRow('c')]
  const names = (list: readonly { name: string }[]) => list.map((r) => r.name).join('')

  test('moves a row up and down, and not past the ends', () => {
    const [a, b, c] = rows
    expect(names(moveRow(rows, b?.id ?? '', -1))).toBe('bac')
    expect(names(moveRow(rows, b?.id ?? '', 1))).toBe('acb')
    expect(names(moveRow(rows, a?.id ?? '', -1))).toBe('abc')
    expect(names(moveRow(rows, c?.id ?? '', 1))).toBe('abc')
  })

  test('updates and removes by id without touching the others', () => {
    const [, b] = rows
    expect(names(updateRow(rows, b?.id ?? '', { name: 'B' }))).toBe('aBc')
    expect(names(removeRow(rows, b?.id ?? ''))).toBe('ac')
  })

  test('gives every row a distinct id', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(3)
  })
})
