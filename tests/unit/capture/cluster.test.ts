/**
 * One history across cluster workers, with the primary and the workers in one process and
 * an ordered in-memory channel between them (tests/http/cluster.test.ts runs the real one):
 * numbering, the ring bound on both sides, a late joiner's snapshot, clears.
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
import { exchange } from '../../helpers/exchange.ts'

/** Both ends of an ordered channel that delivers on a later tick, like IPC. */
function channel(): [CaptureLink<ToPrimary, ToWorker>, CaptureLink<ToWorker, ToPrimary>] {
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
      send: (message, done) => deliver(toWorker, message, done),
      onMessage: (listener) => toPrimary.push(listener),
    },
  ]
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

const HISTORY = { limit: 5, bodyLimit: 1024, redact: [] as string[] }

function cluster() {
  const primary = createPrimaryCapture({ history: HISTORY })
  let pid = 100
  const join = async (): Promise<WorkerCapture> => {
    const [workerEnd, primaryEnd] = channel()
    primary.attach(primaryEnd)
    const worker = createWorkerCapture({ history: HISTORY }, workerEnd, pid++, () => {})
    await worker.ready
    return worker
  }
  return { join }
}

const send = (worker: WorkerCapture, target: string) =>
  worker.onExchange?.(exchange({ request: { target } }))

const targets = (worker: WorkerCapture) =>
  worker.history?.page(50).items.map((record) => `${record.id} ${record.target}`)

describe('a history shared by cluster workers', () => {
  test('numbers every worker’s requests in arrival order, the same on every worker', async () => {
    const { join } = cluster()
    const [a, b] = [await join(), await join()] as [WorkerCapture, WorkerCapture]
    send(a, '/a1')
    await settle()
    send(b, '/b1')
    send(b, '/b2')
    await settle()
    send(a, '/a2')
    await settle()
    const want = ['4 /a2', '3 /b2', '2 /b1', '1 /a1']
    expect(targets(a)).toEqual(want)
    expect(targets(b)).toEqual(want)
  })

  test('keeps the last `limit` records everywhere, and a late joiner gets exactly those', async () => {
    const { join } = cluster()
    const a = await join()
    for (let n = 1; n <= 4; n++) send(a, `/x${n}`) // one batch of 4
    await settle()
    for (let n = 5; n <= 7; n++) send(a, `/x${n}`) // a second batch of 3
    await settle()
    const late = await join()
    const want = ['7 /x7', '6 /x6', '5 /x5', '4 /x4', '3 /x3']
    expect(targets(a)).toEqual(want)
    expect(targets(late)).toEqual(want)
    expect(late.history?.oldestId).toBe(3)
    send(late, '/y')
    await settle()
    expect(targets(a)?.[0]).toBe('8 /y')
    expect(targets(late)).toEqual(targets(a))
  })

  test('DELETE on one worker clears all; ids keep counting; a late joiner starts empty', async () => {
    const { join } = cluster()
    const [a, b] = [await join(), await join()] as [WorkerCapture, WorkerCapture]
    send(a, '/1')
    send(b, '/2')
    await settle()
    expect(await b.clear()).toBe(2)
    expect([a.history?.size, b.history?.size]).toEqual([0, 0])
    const late = await join()
    expect([late.history?.size, late.history?.lastId]).toEqual([0, 2])
    send(late, '/3')
    await settle()
    expect(targets(a)).toEqual(['3 /3'])
    expect(targets(b)).toEqual(['3 /3'])
  })
})
