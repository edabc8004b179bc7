import { describe, expect, test } from 'vitest'
import {
  mustYield,
  nextTurn,
  REST_MS,
  SLICE_MESSAGES,
  SLICE_MS,
} from '../../../server/capture/turns.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Ask as a busy replay does, with no pause, until told to yield; how many asks passed. */
function askUntilYield(limit: number): number {
  for (let asks = 0; asks < limit; asks++) if (mustYield()) return asks
  return limit
}

describe('event-stream turns', () => {
  test('a replay that goes on yields after its slice, then rests at least REST_MS', async () => {
    await sleep(REST_MS * 2) // a fresh slice
    const started = performance.now()
    const asks = askUntilYield(10_000_000)
    const sliceMs = performance.now() - started
    expect(asks).toBeGreaterThanOrEqual(SLICE_MESSAGES)
    expect(asks).toBeLessThan(10_000_000)
    expect(sliceMs).toBeGreaterThanOrEqual(SLICE_MS)
    // everyone yields during the rest
    expect(mustYield()).toBe(true)
    const rested = performance.now()
    await nextTurn()
    expect(performance.now() - rested).toBeGreaterThanOrEqual(REST_MS - 1)
    expect(mustYield()).toBe(false)
  })

  test('a handful of events never waits, however slow', async () => {
    await sleep(REST_MS * 2)
    for (let n = 0; n < SLICE_MESSAGES; n++) {
      const spin = performance.now() + 1 // each message takes a millisecond
      while (performance.now() < spin) {}
      expect(mustYield()).toBe(false)
    }
  })

  test('events now and then never wait', async () => {
    await sleep(REST_MS * 2)
    for (let n = 0; n < 3 * SLICE_MESSAGES; n++) {
      expect(mustYield()).toBe(false)
      if (n % SLICE_MESSAGES === 0) await sleep(REST_MS + 2)
    }
  })
})
