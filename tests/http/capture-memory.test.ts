/**
 * Live capture's memory bound under load: 5 000 requests with 64 KiB bodies over a few
 * keep-alive connections, the history at its defaults (the last 500 requests, 64 KiB of each
 * body). The ring must hold exactly 500 records and 500 × 64 KiB of body bytes, and memory
 * after a collection must not grow with the number of requests sent.
 *
 * Prints the RSS and ArrayBuffer figures (before, peak, after a GC). Run alone with
 *   npx vitest run tests/http/capture-memory.test.ts
 */
import { Agent, request } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { expect, test } from 'vitest'
import type { RequestListJson } from '../../server/contract/api/requests.ts'
import { type Listening, listen } from '../helpers/server.ts'

const REQUESTS = 5000
const WARM_UP = 200
const CONNECTIONS = 4
const BODY = Buffer.alloc(64 * 1024, 'x')
const MIB = 1024 * 1024

/** A full collection, so that what is measured is what is still referenced. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  gc()
}

function post(agent: Agent, server: Listening, n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: server.host,
        port: server.port,
        method: 'POST',
        path: `/load?n=${n}`,
        headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': BODY.length },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(BODY)
  })
}

async function drive(server: Listening, from: number, count: number, onEach: () => void) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  let next = from
  const end = from + count
  const statuses = new Set<number>()
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < end) {
        statuses.add(await post(agent, server, next++))
        onEach()
      }
    })
  )
  agent.destroy()
  return statuses
}

const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`

test(`the history stays at 500 records through ${REQUESTS} requests with 64 KiB bodies`, async () => {
  const server = await listen() // history left out: the CLI defaults, 500 × 64 KiB
  await drive(server, 0, WARM_UP, () => {})
  collectGarbage()
  const before = process.memoryUsage()

  let peakRss = before.rss
  let sent = 0
  const started = Date.now()
  const statuses = await drive(server, WARM_UP, REQUESTS, () => {
    if (++sent % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
  })
  const seconds = (Date.now() - started) / 1000
  collectGarbage()
  const after = process.memoryUsage()

  const res = await fetch(`${server.url}/_inspector/api/requests?limit=1`)
  const page = (await res.json()) as RequestListJson

  console.log(
    `live capture memory, ${REQUESTS} × 64 KiB POSTs over ${CONNECTIONS} keep-alive connections ` +
      `in ${seconds.toFixed(1)} s (server and client in one process):\n` +
      `  RSS          before ${mib(before.rss)}, peak ${mib(peakRss)}, after GC ${mib(after.rss)} ` +
      `(growth ${mib(after.rss - before.rss)})\n` +
      `  ArrayBuffers before ${mib(before.arrayBuffers)}, after GC ${mib(after.arrayBuffers)} ` +
      `(growth ${mib(after.arrayBuffers - before.arrayBuffers)})\n` +
      `  heap used    before ${mib(before.heapUsed)}, after GC ${mib(after.heapUsed)}\n` +
      `  history      ${page.total} records, ${mib(page.keptBodyBytes)} of bodies ` +
      `(bound ${mib(page.capacity * page.bodyLimit)})`
  )

  expect([...statuses]).toEqual([200])
  expect(page).toMatchObject({ total: 500, capacity: 500, bodyLimit: 64 * 1024 })
  expect(page.items[0]?.id).toBe(String(WARM_UP + REQUESTS))
  expect(page.keptBodyBytes).toBeLessThanOrEqual(500 * 64 * 1024)
  expect(page.keptBodyBytes).toBe(500 * BODY.length)
  const oldest = await fetch(`${server.url}/_inspector/api/requests/${WARM_UP + REQUESTS - 499}`)
  expect(oldest.status).toBe(200)
  const evicted = await fetch(`${server.url}/_inspector/api/requests/${WARM_UP + REQUESTS - 500}`)
  expect(evicted.status).toBe(404)
  // 5 000 × 64 KiB is 312 MiB: keeping even a fifth of the bodies would break this bound
  expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * MIB)
  expect(after.rss - before.rss).toBeLessThan(256 * MIB)
}, 120_000)
