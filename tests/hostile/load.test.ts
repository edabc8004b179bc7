/**
 * Sustained load with live capture on: autocannon drives the real CLI (history on, a live
 * event-stream reader attached) with browser-like POSTs for `SCALE.loadSeconds`. Every
 * request must succeed, and the server's memory must level off: the history is a ring,
 * so nothing may grow with the number of requests.
 */
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import autocannon from 'autocannon'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { SCALE } from './scale.ts'

const CONNECTIONS = 16
const MiB = 1024 * 1024

/** Resident memory of a process, from /proc (Linux: CI and the dev machines). */
function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kb) * 1024
}

/**
 * A live-capture reader that counts `request` events and keeps none of them: the helper in
 * sse.ts keeps every event, which at full scale would be the test's memory, not the server's.
 */
function countLiveEvents(
  url: string
): Promise<{ status: number; count: () => number; close: () => void }> {
  return new Promise((resolve, reject) => {
    let count = 0
    let tail = ''
    const req = request(url, { headers: { Accept: 'text/event-stream' }, agent: false }, (res) => {
      res.setEncoding('utf8')
      res.on('data', (text: string) => {
        const lines = (tail + text).split('\n')
        tail = lines.pop() ?? ''
        for (const line of lines) if (line === 'event: request') count++
      })
      res.on('error', () => {})
      resolve({ status: res.statusCode ?? 0, count: () => count, close: () => req.destroy() })
    })
    req.on('error', reject)
    req.end()
  })
}

function drive(url: string, seconds: number) {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: 'session=8d7f0a9c2b; theme=dark',
      'X-Forwarded-For': '203.0.113.7',
      'User-Agent': 'autocannon (environ-inspector hostile suite)',
    },
    body: `name=load&payload=${'x'.repeat(512)}`,
  })
}

describe(`${SCALE.loadSeconds} s of load with live capture on`, () => {
  let server: InspectorProcess
  beforeAll(async () => {
    // --quiet: the access log would only measure this test's pipe; capture stays on
    server = await startInspector(['--quiet', '--history', '500'])
  }, 30_000)
  afterAll(() => server.close())

  test(
    'zero errors, and the memory levels off',
    async () => {
      const pid = server.pid // node itself runs server/main.ts (tsx is an --import)
      const live = await countLiveEvents(`${server.url}_inspector/api/events`)
      expect(live.status).toBe(200)
      await drive(`${server.url}warm-up`, 2) // JIT, history ring full, buffers sized
      const before = rssBytes(pid)
      const samples: number[] = []
      const sampler = setInterval(() => samples.push(rssBytes(pid)), 1000)
      const result = await drive(`${server.url}load?n=1`, SCALE.loadSeconds)
      clearInterval(sampler)
      const after = rssBytes(pid)
      const peak = Math.max(before, after, ...samples)

      console.log(
        `load: ${result.requests.total} requests in ${SCALE.loadSeconds} s, ` +
          `${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, ` +
          `p99 ${result.latency.p99} ms; RSS before ${(before / MiB).toFixed(1)} MiB, ` +
          `peak ${(peak / MiB).toFixed(1)} MiB, after ${(after / MiB).toFixed(1)} MiB; ` +
          `live events received: ${live.count()}`
      )
      expect(result.errors, 'socket errors').toBe(0)
      expect(result.timeouts, 'timeouts').toBe(0)
      expect(result.non2xx, 'answers other than 2xx').toBe(0)
      expect(result.requests.total).toBeGreaterThan(SCALE.loadSeconds * 100)
      live.close()
      expect(live.count(), 'the live stream kept up').toBeGreaterThan(result.requests.total / 2)
      // bounded: the ring holds 500 records of ~1 KiB; V8 may grow its heap, not without end
      expect(peak - before, 'RSS growth under load').toBeLessThan(150 * MiB)

      const res = await fetch(`${server.url}_inspector/api/requests`)
      expect(res.status).toBe(200)
      expect(server.errors()).toBe('')
    },
    (SCALE.loadSeconds + 60) * 1000
  )
})
