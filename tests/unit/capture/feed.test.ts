import { describe, expect, test } from 'vitest'
import {
  EventFeed,
  type FeedMessage,
  feedStart,
  serializeEvent,
} from '../../../server/capture/feed.ts'
import { RequestHistory } from '../../../server/capture/history.ts'
import { exchange } from '../../helpers/exchange.ts'

function historyOf(limit: number, count: number): RequestHistory {
  const history = new RequestHistory({ limit, bodyLimit: 16, redact: [] })
  for (let n = 0; n < count; n++) history.add(exchange())
  return history
}

/** A transport that records what it was given; `hold()` makes it slow until `release()`. */
function transport() {
  const sent: FeedMessage[] = []
  let held: Array<() => void> | undefined
  return {
    sent,
    send(message: FeedMessage): Promise<void> {
      sent.push(message)
      if (!held) return Promise.resolve()
      const queue = held
      return new Promise((resolve) => queue.push(resolve))
    },
    hold() {
      held = []
    },
    release() {
      const queue = held ?? []
      held = undefined
      for (const resolve of queue) resolve()
    },
    /** What went out: `ready`, `3` for request 3, `gap 5`, `cleared 2`. */
    summary(): string[] {
      return sent.map((m) => {
        const data = (typeof m.data === 'string' ? JSON.parse(m.data) : m.data) as Record<
          string,
          unknown
        >
        if (m.event === 'request') return m.id ?? '?'
        if (m.event === 'gap') return `gap ${data.missed}`
        if (m.event === 'cleared') return `cleared ${data.cleared}`
        return `ready after ${data.after} replay ${data.replay} missed ${data.missed}`
      })
    },
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('feedStart', () => {
  // a ring of 5 that has seen 12 requests holds ids 8..12
  const cases = [
    { name: 'no Last-Event-ID: only new requests', last: null, want: { cursor: 12, missed: 0 } },
    {
      name: 'an id it does not give out: only new requests',
      last: 'abc',
      want: { cursor: 12, missed: 0 },
    },
    {
      name: 'an id inside the ring: what came after it',
      last: '9',
      want: { cursor: 9, missed: 0 },
    },
    {
      name: 'the id just before the oldest: everything held',
      last: '7',
      want: { cursor: 7, missed: 0 },
    },
    {
      name: 'an older id: everything held, and how many are gone',
      last: '2',
      want: { cursor: 7, missed: 5 },
    },
    { name: 'the newest id: nothing to replay', last: '12', want: { cursor: 12, missed: 0 } },
    {
      name: 'an id newer than any given out (a restart): everything held',
      last: '500',
      want: { cursor: 7, missed: 0 },
    },
  ]
  test.each(cases)('$name', ({ last, want }) => {
    expect(feedStart(historyOf(5, 12), last)).toEqual(want)
  })
})

describe('EventFeed', () => {
  test('sends ready, then replays, then follows new records, in id order', async () => {
    const history = historyOf(10, 4)
    const t = transport()
    const feed = new EventFeed(history, feedStart(history, '2'), t.send)
    feed.start(0)
    history.add(exchange())
    history.add(exchange())
    await settle()
    expect(t.summary()).toEqual(['ready after 2 replay 2 missed 0', '3', '4', '5', '6'])
    feed.stop()
    history.add(exchange())
    await settle()
    expect(t.sent).toHaveLength(5)
    expect(history.listenerCount).toBe(0)
  })

  test('request events carry the summary and environ as JSON, with id = record id', async () => {
    const history = historyOf(10, 1)
    const t = transport()
    new EventFeed(history, feedStart(history, '0'), t.send).start(0)
    await settle()
    const message = t.sent[1] as FeedMessage
    expect(message.id).toBe('1')
    expect(JSON.parse(message.data as string)).toMatchObject({
      id: '1',
      method: 'GET',
      environ: { REQUEST_METHOD: 'GET', 'wsgi.run_once': 'False' },
    })
  })

  test('keeps one message in flight: a slow client costs no queue, only a gap', async () => {
    const history = historyOf(3, 0)
    const t = transport()
    const feed = new EventFeed(history, feedStart(history, null), t.send)
    feed.start(0)
    t.hold()
    history.add(exchange()) // 1 goes out and is held
    for (let n = 0; n < 9; n++) history.add(exchange()) // 2..10; the ring keeps 8..10
    await settle()
    expect(t.summary()).toEqual(['ready after 0 replay 0 missed 0', '1'])
    t.release()
    await settle()
    expect(t.summary()).toEqual(['ready after 0 replay 0 missed 0', '1', 'gap 6', '8', '9', '10'])
  })

  test('tells the client about a clear and goes on after it', async () => {
    const history = historyOf(10, 2)
    const t = transport()
    new EventFeed(history, feedStart(history, null), t.send).start(0)
    history.clear()
    history.add(exchange())
    await settle()
    expect(t.summary()).toEqual(['ready after 2 replay 0 missed 0', 'cleared 2', '3'])
  })

  test('a clear during a slow send skips what was cleared, with no gap event', async () => {
    const history = historyOf(10, 0)
    const t = transport()
    new EventFeed(history, feedStart(history, null), t.send).start(0)
    t.hold()
    history.add(exchange())
    history.add(exchange())
    history.clear()
    history.add(exchange())
    t.release()
    await settle()
    t.release()
    await settle()
    expect(t.summary()).toEqual(['ready after 0 replay 0 missed 0', '1', 'cleared 2', '3'])
  })

  test('stops when the transport fails (the client went away)', async () => {
    const history = historyOf(10, 0)
    let calls = 0
    const feed = new EventFeed(history, feedStart(history, null), () => {
      calls++
      return calls === 1 ? Promise.resolve() : Promise.reject(new Error('closed'))
    })
    feed.start(0)
    history.add(exchange())
    await settle()
    history.add(exchange())
    await settle()
    expect(calls).toBe(2)
    expect(history.listenerCount).toBe(0)
  })

  test('a long replay lets other work run before it is done', async () => {
    const history = historyOf(500, 500)
    let sent = 0
    const feed = new EventFeed(history, feedStart(history, '0'), () => {
      const busy = performance.now() + 0.1 // a tenth of a millisecond per message
      while (performance.now() < busy) {}
      sent++
      return Promise.resolve()
    })
    let sentWhenOthersRan = -1
    setImmediate(() => {
      sentWhenOthersRan = sent
    })
    feed.start(0)
    while (sent < 501) await new Promise((resolve) => setTimeout(resolve, 5))
    await settle()
    feed.stop()
    // the ready event and some of the replay, not all 500 records in one go
    expect(sentWhenOthersRan).toBeGreaterThan(1)
    expect(sentWhenOthersRan).toBeLessThan(100)
  })

  test('serialises each record once for all streams', () => {
    const history = historyOf(10, 1)
    const record = history.get(1)
    if (!record) throw new Error('no record')
    expect(serializeEvent(record)).toBe(serializeEvent(record))
  })
})
