/**
 * One history across cluster workers, with the primary and the workers in one process and
 * an ordered in-memory channel between them (tests/http/cluster.test.ts runs the real one):
 * numbering, the ring bound, reads of another worker's requests, following live (and only
 * followers get batches), clears.
 */
import { describe, expect, test } from 'vitest'
import {
  type CaptureLink,
  createPrimaryCapture,
  createWorkerCapture,
  type ToPrimary,
  type ToWorker,
  type WorkerCapture,
} from '../../../server/capture/cluster.ts'
import type { HistoryReader, RequestHistory } from '../../../server/capture/history.ts'
import { exchange } from '../../helpers/exchange.ts'

/**
 * Both ends of an ordered channel that delivers on a later tick, like IPC; `received` lists
 * the kinds of message the primary sent the worker.
 */
function channel(
  received: ToWorker[]
): [CaptureLink<ToPrimary, ToWorker>, CaptureLink<ToWorker, ToPrimary>] {
  const toPrimary: ((message: ToPrimary) => void)[] = []
  const toWorker: ((message: ToWorker) => void)[] = []
  const deliver = <T>(listeners: ((message: T) => void)[], message: T, done?: () => void) => {
    const copy = structuredClone(message) // what crosses a process boundary is a copy
    setImmediate(() => {
      for (const listener of listeners) listener(copy)
      done?.()
    })
  }
  return [
    {
      send: (message, done) => deliver(toPrimary, message, done),
      onMessage: (listener) => toWorker.push(listener),
    },
    {
      send: (message, done) => {
        received.push(message)
        deliver(toWorker, message, done)
      },
      onMessage: (listener) => toPrimary.push(listener),
    },
  ]
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

const HISTORY = { limit: 5, bodyLimit: 1024, redact: [] as string[] }

type Joined = WorkerCapture & { received: ToWorker[] }

const kinds = (worker: Joined) => worker.received.map((message) => message.ei)

function cluster() {
  const primary = createPrimaryCapture({ history: HISTORY })
  const join = async (): Promise<Joined> => {
    const received: ToWorker[] = []
    const [workerEnd, primaryEnd] = channel(received)
    primary.attach(primaryEnd)
    const worker = createWorkerCapture({ history: HISTORY }, workerEnd, () => {})
    await worker.ready
    return Object.assign(worker, { received })
  }
  return { join }
}

const send = (worker: WorkerCapture, target: string) =>
  worker.onExchange?.(exchange({ request: { target } }))

const listed = (history: HistoryReader) =>
  history.page(50).items.map((record) => `${record.id} ${record.target}`)

const targets = async (worker: WorkerCapture) => listed((await worker.read?.(50)) as HistoryReader)

describe('a history shared by cluster workers', () => {
  test('numbers every worker’s requests in arrival order, read the same on every worker', async () => {
    const { join } = cluster()
    const [a, b] = [await join(), await join()] as [Joined, Joined]
    send(a, '/a1')
    await settle()
    send(b, '/b1')
    send(b, '/b2')
    await settle()
    send(a, '/a2')
    await settle()
    const want = ['4 /a2', '3 /b2', '2 /b1', '1 /a1']
    expect(await targets(a)).toEqual(want)
    expect(await targets(b)).toEqual(want)
  })

  test('a worker nobody follows on gets no batches; a follower gets every one, live and in order', async () => {
    const { join } = cluster()
    const [a, b] = [await join(), await join()] as [Joined, Joined]
    send(a, '/a1')
    send(b, '/b1')
    await settle()
    expect(kinds(a)).toEqual([])
    expect(kinds(b)).toEqual([])

    const live = (await b.follow?.()) as RequestHistory
    expect(listed(live)).toEqual(['2 /b1', '1 /a1'])
    const seen: number[] = []
    live.subscribe({ onRecord: (id) => seen.push(id), onClear: () => {} })
    send(a, '/a2')
    await settle()
    send(b, '/b2')
    await settle()
    expect(seen).toEqual([3, 4])
    expect(listed(live)[0]).toBe('4 /b2')
    expect(kinds(a)).toEqual([]) // a is not followed: still nothing
    expect(kinds(b).filter((kind) => kind === 'records')).toHaveLength(2)

    b.unfollow?.()
    await settle()
    const before = b.received.length
    send(a, '/a3')
    await settle()
    expect(b.received.length).toBe(before)
    expect((await targets(b))[0]).toBe('5 /a3')
  })

  test('keeps the last `limit` records, and a late joiner reads exactly those', async () => {
    const { join } = cluster()
    const a = await join()
    for (let n = 1; n <= 4; n++) send(a, `/x${n}`) // one batch of 4
    await settle()
    for (let n = 5; n <= 7; n++) send(a, `/x${n}`) // a second batch of 3
    await settle()
    const late = await join()
    const want = ['7 /x7', '6 /x6', '5 /x5', '4 /x4', '3 /x3']
    expect(await targets(a)).toEqual(want)
    expect(await targets(late)).toEqual(want)
    expect((await late.read?.(1))?.oldestId).toBe(3)
    send(late, '/y')
    await settle()
    expect((await targets(a))[0]).toBe('8 /y')
    expect(await targets(late)).toEqual(await targets(a))
  })

  test('a read gets from the primary only the batches its page needs, and the whole history’s figures', async () => {
    const { join } = cluster()
    const [a, b] = [await join(), await join()] as [Joined, Joined]
    for (let n = 1; n <= 4; n++) send(a, `/x${n}`) // ids 1–4 in one batch
    await settle()
    for (let n = 5; n <= 7; n++) send(a, `/x${n}`) // 5–7 in another; 1 and 2 evicted
    await settle()
    const bases = () => {
      const view = b.received.at(-1)
      return view?.ei === 'view' ? view.batches.map((batch) => batch.base) : undefined
    }
    const newest = (await b.read?.(2)) as HistoryReader
    expect(bases()).toEqual([5])
    expect(newest.page(2)).toMatchObject({ items: [{ id: 7 }, { id: 6 }], next: 6 })
    expect([newest.size, newest.oldestId, newest.lastId]).toEqual([5, 3, 7])
    const one = (await b.read?.(1, 5)) as HistoryReader
    expect(bases()).toEqual([1])
    expect(one.get(4)?.target).toBe('/x4')
    expect(one.page(1, 5)).toMatchObject({ items: [{ id: 4 }], next: 4 })
    expect((await b.read?.(1, 4))?.page(1, 4)).toMatchObject({ items: [{ id: 3 }], next: null })
  })

  test('DELETE on one worker clears all and tells followers; ids keep counting', async () => {
    const { join } = cluster()
    const [a, b] = [await join(), await join()] as [Joined, Joined]
    send(a, '/1')
    send(b, '/2')
    await settle()
    const live = (await a.follow?.()) as RequestHistory
    const cleared: number[] = []
    live.subscribe({ onRecord: () => {}, onClear: (count) => cleared.push(count) })
    expect(await b.clear()).toBe(2)
    await settle()
    expect(cleared).toEqual([2])
    expect([live.size, (await b.read?.(50))?.size]).toEqual([0, 0])
    const late = await join()
    const view = (await late.read?.(50)) as HistoryReader
    expect([view.size, view.lastId]).toEqual([0, 2])
    send(late, '/3')
    await settle()
    expect(await targets(a)).toEqual(['3 /3'])
    expect(await targets(b)).toEqual(['3 /3'])
  })
})
