import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { liveQuery } from '../../../web/lib/live-query.ts'

/** A run whose answers the test releases by hand, recording what it was asked. */
function manualRun() {
  const calls: Array<{ input: string; signal: AbortSignal; answer: (out: string) => void }> = []
  const run = (input: string, signal: AbortSignal) =>
    new Promise<string>((resolve) => {
      calls.push({ input, signal, answer: resolve })
    })
  return { calls, run }
}

describe('liveQuery', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  test('waits for the pause, then runs only the last input', async () => {
    const { calls, run } = manualRun()
    const delivered: string[] = []
    const live = liveQuery(run, (out) => delivered.push(out), 150)
    live.schedule('1')
    vi.advanceTimersByTime(100)
    live.schedule('12')
    vi.advanceTimersByTime(149)
    expect(calls).toEqual([])
    vi.advanceTimersByTime(1)
    expect(calls.map((c) => c.input)).toEqual(['12'])
    calls[0]?.answer('answer 12')
    await vi.runAllTimersAsync()
    expect(delivered).toEqual(['answer 12'])
  })

  test('a newer input aborts the run in flight and its late answer is dropped', async () => {
    const { calls, run } = manualRun()
    const delivered: string[] = []
    const live = liveQuery(run, (out, input) => delivered.push(`${input}:${out}`), 150)
    live.schedule('a')
    vi.advanceTimersByTime(150)
    live.schedule('b')
    expect(calls[0]?.signal.aborted).toBe(true)
    vi.advanceTimersByTime(150)
    calls[1]?.answer('B')
    calls[0]?.answer('A (late)')
    await vi.runAllTimersAsync()
    expect(delivered).toEqual(['b:B'])
  })

  test('cancel drops what is scheduled and what is in flight', async () => {
    const { calls, run } = manualRun()
    const delivered: string[] = []
    const live = liveQuery(run, (out) => delivered.push(out), 150)
    live.schedule('x')
    vi.advanceTimersByTime(150)
    live.schedule('y')
    live.cancel()
    vi.advanceTimersByTime(1000)
    calls[0]?.answer('X')
    await vi.runAllTimersAsync()
    expect(calls.map((c) => c.input)).toEqual(['x'])
    expect(calls[0]?.signal.aborted).toBe(true)
    expect(delivered).toEqual([])
  })
})
