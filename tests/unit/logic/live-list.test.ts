import { describe, expect, test } from 'vitest'
import {
  addRequests,
  clearUpTo,
  emptyList,
  newestId,
  pause,
  reload,
  resume,
} from '../../../web/logic/live-list.ts'
import { ids, summary } from './live-fixtures.ts'

describe('addRequests', () => {
  test('keeps the rows newest first whatever order they arrive in', () => {
    const list = addRequests(emptyList(10), [summary(2), summary(5), summary(1)])
    expect(ids(addRequests(list, [summary(3)]).rows)).toEqual([5, 3, 2, 1])
    expect(ids(addRequests(list, [summary(6)]).rows)).toEqual([6, 5, 2, 1])
  })

  test('shows a request once when the history page and the event stream both bring it', () => {
    const loaded = addRequests(emptyList(10), [summary(3), summary(2)])
    expect(ids(addRequests(loaded, [summary(3), summary(4)]).rows)).toEqual([4, 3, 2])
    expect(ids(addRequests(loaded, [summary(3)]).rows)).toEqual([3, 2])
  })

  test('drops the oldest beyond the cap', () => {
    const list = addRequests(emptyList(3), [summary(1), summary(2), summary(3)])
    expect(ids(addRequests(list, [summary(4)]).rows)).toEqual([4, 3, 2])
    expect(ids(addRequests(list, [summary(5), summary(4)]).rows)).toEqual([5, 4, 3])
  })

  test('returns the same list when nothing is added', () => {
    const list = addRequests(emptyList(3), [summary(1)])
    expect(addRequests(list, [])).toBe(list)
  })
})

describe('pause and resume', () => {
  test('holds new requests while paused and shows them on resume', () => {
    const paused = pause(addRequests(emptyList(10), [summary(1)]))
    const held = addRequests(addRequests(paused, [summary(2)]), [summary(3)])
    expect(ids(held.rows)).toEqual([1])
    expect(ids(held.held)).toEqual([3, 2])
    const resumed = resume(held)
    expect([ids(resumed.rows), resumed.held, resumed.paused]).toEqual([[3, 2, 1], [], false])
  })

  test('does not count a request already shown (a replay after reconnect) as new', () => {
    const paused = pause(addRequests(emptyList(10), [summary(1), summary(2)]))
    expect(addRequests(paused, [summary(2)]).held).toEqual([])
    expect(ids(addRequests(paused, [summary(2), summary(3), summary(3)]).held)).toEqual([3])
  })

  test('caps the held requests too', () => {
    const paused = pause(emptyList(2))
    expect(ids(addRequests(paused, [summary(1), summary(2), summary(3)]).held)).toEqual([3, 2])
  })
})

describe('clearUpTo and newestId', () => {
  test('clears everything, or only up to the id the server cleared', () => {
    const list = addRequests(pause(addRequests(emptyList(10), [summary(1), summary(2)])), [
      summary(3),
    ])
    expect([clearUpTo(list).rows, clearUpTo(list).held]).toEqual([[], []])
    const partly = clearUpTo(list, 2)
    expect([ids(partly.rows), ids(partly.held)]).toEqual([[], [3]])
  })

  test('newestId looks at held requests too, so a reconnect does not fetch them again', () => {
    expect(newestId(emptyList(5))).toBe(0)
    const list = addRequests(pause(addRequests(emptyList(5), [summary(4)])), [summary(7)])
    expect(newestId(list)).toBe(7)
  })
})

describe('reload', () => {
  test('replaces the rows with what the server holds now', () => {
    const list = addRequests(emptyList(10), [summary(1), summary(2)])
    const reloaded = reload(list, [summary(5), summary(2)], 3)
    expect([ids(reloaded.rows), reloaded.cap]).toEqual([[5, 2], 3])
  })

  test('while paused, holds what is newer than the rows shown instead of showing it', () => {
    const list = pause(addRequests(emptyList(10), [summary(1), summary(2)]))
    const reloaded = reload(list, [summary(4), summary(3), summary(2)], 10)
    expect([ids(reloaded.rows), ids(reloaded.held), reloaded.paused]).toEqual([[2], [4, 3], true])
  })
})
