/**
 * `--workers 2` over real sockets, through the CLI as a user starts it: both workers answer,
 * the live capture sees every request once with global ordered ids whichever worker the
 * client reaches (list, one record, event stream, Last-Event-ID, DELETE; a worker reads what the
 * other served), a killed worker is
 * restarted with the history intact, and SIGTERM stops the primary and its workers.
 */
import { Agent, request } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RequestListJson, RequestRecordJson } from '../../server/contract/api/requests.ts'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { openEventStream } from '../helpers/sse.ts'

const API = '/_inspector/api'

let server: InspectorProcess

beforeAll(async () => {
  server = await startInspector(['--workers', '2', '--quiet'], { startTimeoutMs: 30_000 })
}, 40_000)

afterAll(async () => {
  await server?.close()
})

/** GET on a connection of its own, so successive calls may reach either worker. */
async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`http://${server.host}:${server.port}${path}`, {
    headers: { Connection: 'close' },
  })
  expect(res.status, path).toBe(200)
  return (await res.json()) as T
}

const list = () => getJson<RequestListJson>(`${API}/requests?limit=500`)

/** Which process answered: /api/info reports its pid. */
const answeringPid = async () => (await getJson<{ pid: number }>(`${API}/info`)).pid

/** The pids of both workers, asking on fresh connections until two different ones answered. */
async function workerPids(): Promise<number[]> {
  const pids = new Set<number>()
  for (let n = 0; n < 40 && pids.size < 2; n++) pids.add(await answeringPid())
  return [...pids]
}

/** `count` echo requests over `connections` keep-alive connections, targets /c/<tag>/<n>. */
async function drive(tag: string, count: number, connections: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  let next = 0
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        const n = next++
        await new Promise<void>((resolve, reject) => {
          const req = request(
            { agent, host: server.host, port: server.port, path: `/c/${tag}/${n}` },
            (res) => {
              expect(res.statusCode).toBe(200)
              res.resume()
              res.on('end', resolve)
            }
          )
          req.on('error', reject)
          req.end()
        })
      }
    })
  )
  agent.destroy()
}

/** Poll the list (from whichever worker answers) until it holds `total` requests. */
async function waitForTotal(total: number): Promise<RequestListJson> {
  const deadline = Date.now() + 5000
  for (;;) {
    const body = await list()
    if (body.total >= total || Date.now() > deadline) return body
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** GET on `agent`'s one keep-alive connection, which stays with the worker that accepted it. */
function getOn<T>(agent: Agent, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: server.host, port: server.port, path }, (res) => {
      let text = ''
      res.setEncoding('latin1')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve(JSON.parse(text) as T))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A keep-alive connection to a worker other than `pid` (and that worker's pid). */
async function connectionNotTo(pid: number): Promise<Agent> {
  for (let n = 0; n < 40; n++) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    if ((await getOn<{ pid: number }>(agent, `${API}/info`)).pid !== pid) return agent
    agent.destroy()
  }
  throw new Error(`every connection reached worker ${pid}`)
}

describe('--workers 2', () => {
  test('the banner says how many workers serve', () => {
    expect(server.output()).toMatch(/environ-inspector .* · 2 workers\n/)
  })

  test('both workers answer on the shared port', async () => {
    expect(await workerPids()).toHaveLength(2)
  })

  test('every request appears once, with consecutive ids in order, on either worker', async () => {
    const before = (await list()).total
    await drive('all', 300, 8)
    const page = await waitForTotal(before + 300)
    expect(page.total).toBe(before + 300)
    const ids = page.items.map((item) => Number(item.id))
    const newestFirst = ids.slice(0, 300)
    expect(newestFirst).toEqual(newestFirst.map((_, i) => (newestFirst[0] as number) - i))
    const targets = page.items.slice(0, 300).map((item) => item.target)
    expect(new Set(targets).size).toBe(300)
    expect(targets.every((target) => target.startsWith('/c/all/'))).toBe(true)

    // the same list and the same full record whichever worker answers
    const [first, second] = await workerPids()
    expect(first).toBeDefined()
    expect(second).toBeDefined()
    const seen = new Map<number, string>()
    for (let n = 0; n < 20 && seen.size < 2; n++) {
      const pid = await answeringPid()
      const again = await list()
      seen.set(pid, JSON.stringify(again.items.map((item) => item.id)))
    }
    expect(new Set(seen.values()).size).toBe(1)
    const id = page.items[0]?.id as string
    const records = await Promise.all(
      Array.from({ length: 6 }, () => getJson<RequestRecordJson>(`${API}/requests/${id}`))
    )
    for (const record of records) expect(record).toEqual(records[0])
    expect(records[0]?.environ?.PATH_INFO).toMatch(/^\/c\/all\//)
  }, 30_000)

  test('a worker with no event stream reads a request another worker served', async () => {
    const served = new Agent({ keepAlive: true, maxSockets: 1 })
    const servedBy = (await getOn<{ pid: number }>(served, `${API}/info`)).pid
    await getOn(served, '/served/by/the/other')
    const reader = await connectionNotTo(servedBy)
    try {
      let found: RequestListJson['items'][number] | undefined
      for (let n = 0; n < 50 && !found; n++) {
        const page = await getOn<RequestListJson>(reader, `${API}/requests?limit=5`)
        found = page.items.find((item) => item.target === '/served/by/the/other')
        if (!found) await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(found).toBeDefined()
      const record = await getOn<RequestRecordJson>(reader, `${API}/requests/${found?.id}`)
      expect(record.environ?.PATH_INFO).toBe('/served/by/the/other')
    } finally {
      served.destroy()
      reader.destroy()
    }
  }, 30_000)

  test('every event stream sees every request in id order, and Last-Event-ID replays', async () => {
    const url = `http://${server.host}:${server.port}${API}/events`
    const streams = await Promise.all(Array.from({ length: 4 }, () => openEventStream(url)))
    for (const stream of streams) await stream.take(1, 'ready')
    await drive('sse', 60, 4)
    const seen = await Promise.all(streams.map((stream) => stream.take(60, 'request', 10_000)))
    const firstIds = (seen[0] ?? []).map((event) => Number(event.id))
    expect(firstIds).toEqual(firstIds.map((_, i) => (firstIds[0] as number) + i))
    for (const events of seen) expect(events.map((event) => Number(event.id))).toEqual(firstIds)
    const paths = (seen[0] ?? []).map(
      (event) => (JSON.parse(event.data) as { target: string }).target
    )
    expect(new Set(paths).size).toBe(60)

    // a reconnect with the 50th id gets the last 10, whichever worker it reaches
    const lastEventId = String(firstIds[49])
    for (let n = 0; n < 3; n++) {
      const replay = await openEventStream(url, { lastEventId })
      const events = await replay.take(10, 'request')
      expect(events.map((event) => Number(event.id))).toEqual(firstIds.slice(50))
      replay.close()
    }
    for (const stream of streams) stream.close()
  }, 30_000)

  test('DELETE /requests on one worker clears the history on all of them', async () => {
    const held = (await list()).total
    await drive('clear', 20, 2)
    const before = await waitForTotal(held + 20)
    expect(before.total).toBe(held + 20)
    const url = `http://${server.host}:${server.port}${API}/events`
    const streams = await Promise.all(Array.from({ length: 3 }, () => openEventStream(url)))
    for (const stream of streams) await stream.take(1, 'ready')

    const res = await fetch(`http://${server.host}:${server.port}${API}/requests`, {
      method: 'DELETE',
      headers: { Connection: 'close' },
    })
    expect(await res.json()).toEqual({ cleared: before.total })
    for (const stream of streams) {
      const [cleared] = await stream.take(1, 'cleared')
      expect(JSON.parse(cleared?.data ?? '{}')).toMatchObject({ cleared: before.total })
    }
    for (let n = 0; n < 6; n++) expect((await list()).total).toBe(0)

    // ids keep counting up after a clear, on every worker
    await drive('after', 4, 2)
    const after = await waitForTotal(4)
    expect(Number(after.items.at(-1)?.id)).toBe(Number(before.items[0]?.id) + 1)
    for (const stream of streams) stream.close()
  }, 30_000)

  test('a killed worker is restarted with the history, and the service keeps answering', async () => {
    const before = await waitForTotal(1)
    const [victim, survivor] = await workerPids()
    process.kill(victim as number, 'SIGKILL')

    const restarting = new RegExp(
      `worker \\d \\(pid ${victim}\\) exited \\(signal SIGKILL\\); restarting in \\d+ ms`
    )
    const deadline = Date.now() + 20_000
    while (!restarting.test(server.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(server.output()).toMatch(restarting)
    // the service keeps answering meanwhile
    for (let n = 0; n < 10; n++) expect(await answeringPid()).not.toBe(victim)
    let pids: number[] = []
    while (Date.now() < deadline) {
      pids = await workerPids()
      if (pids.length === 2 && !pids.includes(victim as number)) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(pids).toContain(survivor)
    expect(pids).toHaveLength(2)

    // the new worker got the history from the primary and sees new requests too
    await drive('restart', 10, 4)
    await waitForTotal(before.total + 10)
    for (let n = 0; n < 6; n++) {
      const page = await list()
      expect(page.total).toBe(before.total + 10)
    }
  }, 40_000)

  test('SIGTERM stops the primary and its workers', async () => {
    const pids = await workerPids()
    await server.close()
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow()
  }, 20_000)
})

describe('--workers 2 --log-format json', () => {
  test('each worker logs its own requests once, with the id the primary gave', async () => {
    const logged = await startInspector(['--workers', '2', '--log-format', 'json'], {
      startTimeoutMs: 30_000,
    })
    try {
      server = logged
      await drive('log', 40, 4)
      const deadline = Date.now() + 5000
      let lines: { id: string; target: string }[] = []
      while (Date.now() < deadline) {
        lines = logged
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { id: string; target: string })
        if (lines.length >= 40) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(lines).toHaveLength(40)
      expect(lines.map((line) => Number(line.id)).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1)
      )
      expect(new Set(lines.map((line) => line.target)).size).toBe(40)
    } finally {
      await logged.close()
    }
  }, 40_000)
})

describe('--workers 2: the relay', () => {
  test('sees its exchange whichever worker took the connection', async () => {
    const relayed = await startInspector(['--workers', '2', '--quiet'], { startTimeoutMs: 30_000 })
    try {
      for (let n = 0; n < 8; n++) {
        const res = await fetch(`${relayed.url}_inspector/api/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify({
            target: `/relay/${n}`,
            headers: [['Host', 'h']],
            profiles: ['wsgiref', 'gunicorn'],
          }),
        })
        const json = (await res.json()) as {
          handledBy: string
          environ: Record<string, string> | null
          profiles: Record<string, { environ?: Record<string, string> }> | null
        }
        expect(json.handledBy, `relay ${n}`).toBe('gateway')
        expect(json.environ?.PATH_INFO).toBe(`/relay/${n}`)
        expect(json.profiles?.wsgiref?.environ, `relay ${n}`).toEqual(json.environ)
      }
    } finally {
      await relayed.close()
    }
  }, 40_000)
})

describe('--workers 2: the relay loop guard (issue 12 §4)', () => {
  /** A raw request that posts `inner` (raw bytes) to the send API. */
  function sendCall(inner: string): string {
    const json = JSON.stringify({ raw: inner, rawEncoding: 'latin1' })
    return (
      `POST ${API}/send HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(json, 'latin1')}\r\n\r\n${json}`
    )
  }

  test('a send whose bytes call the send API is refused on every worker, with no fan-out', async () => {
    const logged = await startInspector(['--workers', '2'], { startTimeoutMs: 30_000 })
    try {
      // three levels deep, and fanning out: two pipelined sends of three pipelined echoes each
      const echoes = [0, 1, 2].map((n) => `GET /fan-out/${n} HTTP/1.1\r\nHost: h\r\n\r\n`).join('')
      const nested = sendCall(sendCall(echoes).repeat(2))
      for (let n = 0; n < 6; n++) {
        const res = await fetch(`${logged.url}_inspector/api/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', connection: 'close' },
          body: JSON.stringify({ raw: nested, rawEncoding: 'latin1' }),
        })
        const json = (await res.json()) as {
          handledBy: string
          response: { status: number; body: { text: string } } | null
        }
        expect(json.response?.status, `send ${n}`).toBe(508)
        expect(JSON.parse(json.response?.body.text ?? '{}'), `send ${n}`).toMatchObject({
          code: 'EI_ERR_RELAY_LOOP',
        })
        expect(json.handledBy).toBe('inspector')
      }
      // each worker writes its access log in order: once the sentinels are logged, an echo
      // fanned out before them would be too
      for (let n = 0; n < 6; n++) {
        const res = await fetch(`${logged.url}sentinel/${n}`, { headers: { connection: 'close' } })
        await res.arrayBuffer()
      }
      const deadline = Date.now() + 5000
      while (Date.now() < deadline && (logged.output().match(/\/sentinel\//g) ?? []).length < 6) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(logged.output().match(/\/sentinel\//g)).toHaveLength(6)
      expect(logged.output()).not.toMatch(/\/fan-out\//)
    } finally {
      await logged.close()
    }
  }, 60_000)
})
