/**
 * Event-stream subscribers that ask for the whole history and never read. Each one makes the
 * server replay up to `--history` records; before the replay yielded to the event loop, 500
 * of them blocked the whole server (a normal echo request waited about 7 s, 19 s on a busy
 * machine). Now the replay respects each socket's backpressure and lets I/O in every few
 * milliseconds, so normal requests are served in milliseconds meanwhile and the server's
 * memory stays bounded; past `--max-subscribers` a stream is refused with a 503 and a reason.
 *
 * Prints the echo latencies and the server's RSS.
 */
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { SCALE } from './scale.ts'

const SUBSCRIBERS = SCALE.idleSubscribers
const HISTORY = 500
const MIB = 1024 * 1024

/** Headers like a browser's, so each record (and its event) is a realistic 2-3 KB. */
const BROWSER_HEADERS = {
  'User-Agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8',
  'Accept-Language': 'en-GB,en;q=0.9,fr;q=0.8',
  Cookie: Array.from({ length: 20 }, (_, i) => `cookie${i}=${'v'.repeat(30)}`).join('; '),
  'X-Forwarded-For': '203.0.113.7, 10.0.0.1',
}

function rssOf(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  if (kb === undefined) throw new Error(`no VmRSS for ${pid}`)
  return Number(kb) * 1024
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Fill the history with `count` requests over a few keep-alive connections. */
async function fill(server: InspectorProcess, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 })
  let next = 0
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const n = next++
        await new Promise<void>((resolve, reject) => {
          const req = request(
            {
              agent,
              host: server.host,
              port: server.port,
              path: `/fill/${n}?q=${'x'.repeat(200)}`,
            },
            (res) => {
              res.resume()
              res.on('end', resolve)
            }
          )
          for (const [name, value] of Object.entries(BROWSER_HEADERS)) req.setHeader(name, value)
          req.on('error', reject)
          req.end()
        })
      }
    })
  )
  agent.destroy()
}

/** A subscriber that asks for everything and never reads a byte of the answer. */
function idleSubscriber(server: InspectorProcess): net.Socket {
  const socket = net.connect(server)
  socket.on('error', () => {})
  socket.pause()
  socket.write(
    `GET /_inspector/api/events?after=0 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      'Accept: text/event-stream\r\n\r\n'
  )
  return socket
}

/** The status line and body of the first response on a subscriber that does read. */
function firstResponse(server: InspectorProcess): Promise<{ status: string; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server)
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (data: string) => {
      text += data
      if (text.includes('\r\n\r\n')) {
        const head = text.slice(0, text.indexOf('\r\n'))
        setTimeout(() => {
          socket.destroy()
          resolve({ status: head, text })
        }, 100)
      }
    })
    socket.on('error', reject)
    socket.write(
      `GET /_inspector/api/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
        'Accept: text/event-stream\r\n\r\n'
    )
  })
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now()
  const res = await fetch(url, { headers: { connection: 'close' } })
  await res.arrayBuffer()
  expect(res.status).toBe(200)
  return performance.now() - started
}

describe(`${SUBSCRIBERS} subscribers that replay the history and never read`, () => {
  let server: InspectorProcess
  beforeAll(async () => {
    server = await startInspector([
      '--quiet',
      '--history',
      String(HISTORY),
      '--max-subscribers',
      String(SUBSCRIBERS),
    ])
    await fill(server, HISTORY)
  }, 60_000)
  afterAll(() => server.close())

  test('normal requests are served in milliseconds meanwhile, and memory stays bounded', async () => {
    await timedGet(`${server.url}warm`)
    const before = rssOf(server.pid)
    const subscribers = Array.from({ length: SUBSCRIBERS }, () => idleSubscriber(server))
    try {
      const latencies: number[] = []
      let peak = before
      const window = performance.now()
      while (performance.now() - window < 3000 || latencies.length < 20) {
        latencies.push(await timedGet(`${server.url}normal`))
        peak = Math.max(peak, rssOf(server.pid))
      }
      await sleep(1000)
      peak = Math.max(peak, rssOf(server.pid))
      console.log(
        `${SUBSCRIBERS} idle subscribers replaying ${HISTORY} records: ${latencies.length} echo ` +
          `requests meanwhile, p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
          `p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; ` +
          `server RSS ${(before / MIB).toFixed(0)} → peak ${(peak / MIB).toFixed(0)} MiB`
      )
      expect(percentile(latencies, 50)).toBeLessThan(50)
      expect(percentile(latencies, 95)).toBeLessThan(250)
      // each subscriber holds at most one message beyond its socket's buffer
      expect(peak - before).toBeLessThan(256 * MIB)
    } finally {
      for (const socket of subscribers) socket.destroy()
    }
    expect(server.errors()).toBe('')
  }, 60_000)

  test(`past --max-subscribers a stream gets a 503 that says why`, async () => {
    const subscribers = Array.from({ length: SUBSCRIBERS }, () => idleSubscriber(server))
    try {
      // wait until every one of them holds a stream
      for (let tries = 0; ; tries++) {
        const extra = await firstResponse(server)
        if (extra.status.startsWith('HTTP/1.1 503 ')) {
          expect(extra.text).toMatch(/"statusCode":503,"code":"EI_ERR_CAPTURE_BUSY"/)
          expect(extra.text).toContain('--max-subscribers')
          break
        }
        expect(tries, 'never refused').toBeLessThan(50)
        await sleep(100)
      }
    } finally {
      for (const socket of subscribers) socket.destroy()
    }
    // once they are gone, a stream is served again
    for (let tries = 0; ; tries++) {
      const again = await firstResponse(server)
      if (again.status.startsWith('HTTP/1.1 200 ')) break
      expect(tries, 'still refused after the others closed').toBeLessThan(50)
      await sleep(100)
    }
  }, 60_000)
})
