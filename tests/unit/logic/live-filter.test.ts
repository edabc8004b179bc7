import { describe, expect, test } from 'vitest'
import {
  filterRows,
  type LiveFilter,
  matchesFilter,
  methodChips,
  NO_FILTER,
  toggleMethod,
} from '../../../web/logic/live-filter.ts'
import { ids, summary } from './live-fixtures.ts'

const hook = summary(1, {
  method: 'POST',
  target: '/hooks/github?delivery=9',
  headers: [
    ['Host', 'example.test'],
    ['X-GitHub-Event', 'push'],
    ['Content-Type', 'application/json'],
  ],
})
const page = summary(2, { target: '/index.html', headers: [['User-Agent', 'curl/8.5']] })

const cases: Array<{ name: string; filter: LiveFilter; want: boolean }> = [
  { name: 'empty filter passes', filter: NO_FILTER, want: true },
  { name: 'method, any case', filter: { text: 'post', methods: [] }, want: true },
  { name: 'part of the path', filter: { text: 'hooks/git', methods: [] }, want: true },
  { name: 'the query string', filter: { text: 'delivery=9', methods: [] }, want: true },
  { name: 'a header name', filter: { text: 'x-github-event', methods: [] }, want: true },
  { name: 'a header value', filter: { text: 'PUSH', methods: [] }, want: true },
  { name: 'name and value as a line', filter: { text: 'event: push', methods: [] }, want: true },
  { name: 'every word must match', filter: { text: 'post nothere', methods: [] }, want: false },
  {
    name: 'words match different fields',
    filter: { text: 'github json', methods: [] },
    want: true,
  },
  { name: 'method chip on', filter: { text: '', methods: ['POST'] }, want: true },
  { name: 'another method chip', filter: { text: '', methods: ['GET'] }, want: false },
  { name: 'chip and text', filter: { text: 'push', methods: ['GET', 'POST'] }, want: true },
]

describe('matchesFilter', () => {
  test.each(cases)('$name', ({ filter, want }) => {
    expect(matchesFilter(hook, filter)).toBe(want)
  })

  test('a value only in another request does not match', () => {
    expect(matchesFilter(page, { text: 'push', methods: [] })).toBe(false)
  })
})

describe('filterRows', () => {
  test('keeps the matching rows in order, and the same array when not filtering', () => {
    const rows = [page, hook]
    expect(filterRows(rows, NO_FILTER)).toBe(rows)
    expect(ids(filterRows(rows, { text: 'curl', methods: [] }))).toEqual([2])
  })
})

describe('method chips', () => {
  test('lists the methods present, common ones first, plus chosen ones', () => {
    const rows = [summary(1, { method: 'PROPFIND' }), hook, page, summary(4, { method: 'DELETE' })]
    expect(methodChips(rows, ['PUT'])).toEqual(['GET', 'POST', 'PUT', 'DELETE', 'PROPFIND'])
  })

  test('toggleMethod turns a chip on and off', () => {
    const on = toggleMethod(NO_FILTER, 'GET')
    expect(on.methods).toEqual(['GET'])
    expect(toggleMethod(on, 'GET').methods).toEqual([])
  })
})
