import { describe, expect, test } from 'vitest'
import { type HistoryListener, RequestHistory } from '../../../server/capture/history.ts'
import type { CapturedRequest } from '../../../server/capture/record.ts'
import { exchange } from '../../helpers/exchange.ts'

function historyOf(limit: number, count: number, bodyLimit = 64 * 1024): RequestHistory {
  const history = new RequestHistory({ limit, bodyLimit, redact: [] })
  for (let n = 1; n <= count; n++) history.add(exchange({ request: { target: `/${n}` } }))
  return history
}

const ids = (records: readonly CapturedRequest[]) => records.map((r) => r.id)

describe('RequestHistory as a ring', () => {
  test('gives consecutive ids from 1 and keeps every request while there is room', () => {
    const history = historyOf(5, 3)
    expect([history.size, history.oldestId, history.lastId]).toEqual([3, 1, 3])
    expect(history.get(2)?.target).toBe('/2')
  })

  test('evicts the oldest once full, so it never holds more than its limit', () => {
    const history = historyOf(5, 12)
    expect([history.size, history.oldestId, history.lastId]).toEqual([5, 8, 12])
    expect(history.get(7)).toBeUndefined()
    expect(history.get(8)?.target).toBe('/8')
    expect(history.get(12)?.target).toBe('/12')
    expect(history.get(13)).toBeUndefined()
  })

  test('a ring of one keeps only the newest', () => {
    const history = historyOf(1, 4)
    expect(ids(history.page(10).items)).toEqual([4])
  })

  test('finds nothing for ids that are not whole numbers', () => {
    const history = historyOf(5, 3)
    for (const id of [0, -1, 1.5, Number.NaN]) expect(history.get(id), String(id)).toBeUndefined()
  })

  test('counts the body bytes it holds and gives them back on eviction', () => {
    const history = new RequestHistory({ limit: 3, bodyLimit: 100, redact: [] })
    for (const size of [10, 200, 30, 40]) {
      history.add(exchange({ request: { body: new Uint8Array(size) } }))
    }
    // 10 was evicted; 200 was capped at 100
    expect(history.keptBodyBytes).toBe(100 + 30 + 40)
  })

  test('refuses a limit below 1 and a negative body limit when built', () => {
    expect(() => new RequestHistory({ limit: 0, bodyLimit: 1, redact: [] })).toThrow(
      /limit must be a positive integer, got 0/
    )
    expect(() => new RequestHistory({ limit: 1, bodyLimit: -1, redact: [] })).toThrow(
      /bodyLimit must be a non-negative integer/
    )
  })
})

describe('RequestHistory.page', () => {
  const cases = [
    {
      name: 'newest first, up to the limit',
      limit: 5,
      before: undefined,
      want: [12, 11, 10, 9, 8],
      next: 8,
    },
    { name: 'continues below the cursor', limit: 5, before: 8, want: [7, 6, 5, 4, 3], next: 3 },
    { name: 'ends with next = null', limit: 5, before: 3, want: [2, 1], next: null },
    {
      name: 'a page that ends exactly at the oldest has no next',
      limit: 12,
      before: undefined,
      want: [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
      next: null,
    },
    {
      name: 'a cursor past the newest starts at the newest',
      limit: 2,
      before: 99,
      want: [12, 11],
      next: 11,
    },
    { name: 'a cursor at the oldest gives nothing', limit: 5, before: 1, want: [], next: null },
  ]
  test.each(cases)('$name', ({ limit, before, want, next }) => {
    const page = historyOf(20, 12).page(limit, before)
    expect(ids(page.items)).toEqual(want)
    expect(page.next).toBe(next)
  })

  test('never reaches below the oldest record held', () => {
    const page = historyOf(5, 12).page(50)
    expect(ids(page.items)).toEqual([12, 11, 10, 9, 8])
    expect(page.next).toBeNull()
  })
})

describe('RequestHistory.clear and listeners', () => {
  test('empties the ring but keeps counting ids up', () => {
    const history = historyOf(5, 7)
    expect(history.clear()).toBe(5)
    expect([history.size, history.keptBodyBytes, history.page(10).items.length]).toEqual([0, 0, 0])
    expect(history.get(7)).toBeUndefined()
    expect(history.add(exchange()).id).toBe(8)
    expect(history.oldestId).toBe(8)
  })

  test('tells listeners about each record and each clear, until they unsubscribe', () => {
    const history = historyOf(5, 2)
    const seen: string[] = []
    const listener: HistoryListener = {
      onRecord: (id) => seen.push(`record ${id}`),
      onClear: (cleared, lastId) => seen.push(`clear ${cleared} up to ${lastId}`),
    }
    const stop = history.subscribe(listener)
    expect(history.listenerCount).toBe(1)
    history.add(exchange())
    history.clear()
    stop()
    history.add(exchange())
    expect(seen).toEqual(['record 3', 'clear 3 up to 3'])
    expect(history.listenerCount).toBe(0)
  })
})
