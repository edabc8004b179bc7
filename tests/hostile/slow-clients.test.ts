/**
 * Slow clients (slowloris): sockets that send their head one byte at a time, or a body
 * one byte at a time, or nothing at all. While they are held, normal requests are served
 * quickly; then `--headers-timeout`, `--request-timeout` and `--keep-alive-timeout` cut
 * them off with a 408 (or a close), and the server goes on.
 *
 * The timeouts are short here (3 s / 5 s / 1 s) so the test takes seconds; the defaults
 * are the same code with bigger numbers (server/host/limits.ts).
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { SCALE } from './scale.ts'

const HEADERS_TIMEOUT_MS = 3000
const REQUEST_TIMEOUT_MS = 5000
const KEEP_ALIVE_TIMEOUT_MS = 1000
/**
 * Node checks the timeouts on a timer (limits.ts: a quarter of the shortest, ≤ 1 s); the
 * rest is room for a busy CI machine running other test files beside this one.
 */
const CHECK_SLACK_MS = 2500

interface Dribbler {
  /** The first bytes the server sent back (a 408 status line, we expect). */
  reply: () => string
  /** When the server closed the socket, in ms since the dribble began; null while open. */
  closedAfterMs: () => number | null
  stop: () => void
}

/** Connect and write `bytes` one byte every `everyMs`, until the server closes or stop(). */
function dribble(target: { host: string; port: number }, bytes: string, everyMs: number): Dribbler {
  const socket = net.connect(target)
  socket.setNoDelay(true)
  const started = performance.now()
  let reply = ''
  let closedAt: number | null = null
  let next = 0
  const timer = setInterval(() => {
    if (socket.writable && next < bytes.length) socket.write(bytes[next++] as string, 'latin1')
  }, everyMs)
  socket.on('data', (chunk) => {
    reply += chunk.toString('latin1')
  })
  socket.on('error', () => {})
  socket.on('close', () => {
    closedAt ??= performance.now() - started
    clearInterval(timer)
  })
  return {
    reply: () => reply,
    closedAfterMs: () => closedAt,
    stop: () => {
      clearInterval(timer)
      socket.destroy()
    },
  }
}

async function timedGet(url: string): Promise<{ ms: number; status: number }> {
  const started = performance.now()
  const res = await fetch(url, { headers: { connection: 'close' } })
  await res.arrayBuffer()
  return { ms: performance.now() - started, status: res.status }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe(`${SCALE.slowSockets} slow clients`, () => {
  let server: InspectorProcess
  beforeAll(async () => {
    server = await startInspector([
      '--quiet',
      '--headers-timeout',
      `${HEADERS_TIMEOUT_MS}ms`,
      '--request-timeout',
      `${REQUEST_TIMEOUT_MS}ms`,
      '--keep-alive-timeout',
      `${KEEP_ALIVE_TIMEOUT_MS}ms`,
    ])
  }, 30_000)
  afterAll(() => server.close())

  test('a head sent one byte at a time does not slow others down, and is cut off with a 408', async () => {
    const head = `GET /slow HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`
    const slow = Array.from({ length: SCALE.slowSockets }, () => dribble(server, head, 50))
    try {
      await sleep(500) // every slow socket is connected and dribbling
      const held = slow.filter((s) => s.closedAfterMs() === null).length
      const latencies: number[] = []
      const window = performance.now()
      while (latencies.length < 30 && (latencies.length < 5 || performance.now() - window < 1500)) {
        const { ms, status } = await timedGet(`${server.url}normal`)
        expect(status).toBe(200)
        latencies.push(ms)
      }
      console.log(
        `slow clients: ${held} of ${slow.length} sockets held open; normal requests meanwhile: ` +
          `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
          `max ${Math.max(...latencies).toFixed(1)} ms`
      )
      expect(held, 'the slow sockets were still open while the normal requests ran').toBe(
        slow.length
      )
      expect(percentile(latencies, 95)).toBeLessThan(1000)

      const deadline = performance.now() + HEADERS_TIMEOUT_MS + CHECK_SLACK_MS
      while (slow.some((s) => s.closedAfterMs() === null) && performance.now() < deadline) {
        await sleep(100)
      }
      const closed = slow.map((s) => s.closedAfterMs())
      expect(closed.filter((ms) => ms === null).length, 'sockets still open').toBe(0)
      const cutAt = closed.map((ms) => ms ?? Number.POSITIVE_INFINITY)
      expect(Math.min(...cutAt)).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100)
      expect(Math.max(...cutAt)).toBeLessThan(HEADERS_TIMEOUT_MS + CHECK_SLACK_MS)
      const answered408 = slow.filter((s) => s.reply().startsWith('HTTP/1.1 408 ')).length
      expect(answered408, 'cut-off sockets that were told why (408)').toBe(slow.length)
      expect(slow[0]?.reply()).toContain('"code":"ERR_HTTP_REQUEST_TIMEOUT"')

      expect((await timedGet(`${server.url}after`)).status).toBe(200)
    } finally {
      for (const s of slow) s.stop()
    }
  }, 30_000)

  test('a connection that sends nothing at all is closed by the headers timeout', async () => {
    const silent = dribble(server, '', 1000)
    const deadline = performance.now() + HEADERS_TIMEOUT_MS + CHECK_SLACK_MS
    while (silent.closedAfterMs() === null && performance.now() < deadline) await sleep(100)
    silent.stop()
    expect(silent.closedAfterMs()).not.toBeNull()
    expect(silent.closedAfterMs()).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100)
  }, 10_000)

  test('a body sent one byte at a time is cut off by the request timeout', async () => {
    const request = 'POST /slow-body HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n'
    const slowBody = dribble(server, request + 'b'.repeat(1000), 10) // head in ~0.6 s, body in 10 s
    const started = performance.now()
    while (slowBody.closedAfterMs() === null && performance.now() - started < 10_000) {
      await sleep(100)
    }
    const closedAfter = slowBody.closedAfterMs()
    slowBody.stop()
    expect(closedAfter).not.toBeNull()
    expect(closedAfter).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100)
    expect(closedAfter).toBeLessThan(REQUEST_TIMEOUT_MS + CHECK_SLACK_MS)
  }, 15_000)

  test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const socket = net.connect(server)
    let closedAt: number | null = null
    let answered = 0
    socket.on('data', () => {
      answered = performance.now()
    })
    socket.on('close', () => {
      closedAt = performance.now()
    })
    socket.write('GET /ka HTTP/1.1\r\nHost: x\r\n\r\n')
    // Node adds a grace second to the keep-alive timeout before it closes the socket
    await sleep(KEEP_ALIVE_TIMEOUT_MS + 2000)
    expect(answered).toBeGreaterThan(0)
    expect(closedAt, 'closed by the server').not.toBeNull()
    expect((closedAt ?? 0) - answered).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 100)
    socket.destroy()
  }, 10_000)
})
