/**
 * `--workers 2` when a worker is killed (SIGKILL, as the OOM killer does): the next
 * connection must get an answer or a closed connection promptly, and nothing may leak in
 * the primary. With the primary handing out connections (node:cluster's round-robin), the
 * connection it had just passed to the dead worker was neither answered nor closed on 3 of
 * 5 tries, and the primary kept it in CLOSE-WAIT once the client gave up.
 */
import { readdirSync, readFileSync } from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'

const ROUNDS = 5
/** What counts as prompt: an answer or a close within this long. */
const PROMPT_MS = 3000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The pid of the worker that answers a fresh connection. */
async function answeringPid(server: InspectorProcess): Promise<number | null> {
  try {
    const res = await fetch(`${server.url}_inspector/api/info`, {
      headers: { Connection: 'close' },
    })
    return ((await res.json()) as { pid: number }).pid
  } catch {
    return null // between a death and the restart
  }
}

/** Both workers' pids, once both are up (a restarted one takes a few seconds to start). */
async function bothWorkers(server: InspectorProcess): Promise<number[]> {
  const pids = new Set<number>()
  const deadline = Date.now() + 30_000
  while (pids.size < 2 && Date.now() < deadline) {
    const pid = await answeringPid(server)
    if (pid !== null) pids.add(pid)
    // a pid that no longer exists is a worker that died meanwhile
    for (const known of pids) if (!alive(known)) pids.delete(known)
    if (pids.size < 2) await sleep(50)
  }
  return [...pids]
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Connect, send a request, and say how the connection ended within PROMPT_MS. */
function nextConnection(
  server: InspectorProcess,
  path: string
): Promise<'answered' | 'closed' | 'refused' | 'hung'> {
  return new Promise((resolve) => {
    const socket = net.connect(server)
    let answered = false
    const timer = setTimeout(() => {
      socket.destroy()
      resolve('hung')
    }, PROMPT_MS)
    socket.on('data', () => {
      answered = true
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') {
        clearTimeout(timer)
        resolve('refused')
      }
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(answered ? 'answered' : 'closed')
    })
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
  })
}

/** Server-side sockets of `port` in CLOSE-WAIT (the peer closed, the process never did). */
function closeWaitOn(port: number): number {
  let count = 0
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/)
      if (state === '08' && Number.parseInt(local?.split(':')[1] ?? '', 16) === port) count++
    }
  }
  return count
}

const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length

describe.skipIf(process.platform !== 'linux')('a worker killed with SIGKILL', () => {
  let server: InspectorProcess
  beforeAll(async () => {
    server = await startInspector(['--workers', '2', '--quiet'], { startTimeoutMs: 30_000 })
  }, 40_000)
  afterAll(() => server.close())

  test('the next connection is answered or closed promptly, and the primary leaks nothing', async () => {
    expect((await bothWorkers(server)).length).toBe(2)
    const primaryFds = openFds(server.pid)
    const outcomes: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const [victim] = await bothWorkers(server)
      if (victim === undefined) throw new Error('no worker answers')
      process.kill(victim, 'SIGKILL')
      outcomes.push(await nextConnection(server, `/after-kill-${round}`))
    }
    console.log(`after each SIGKILL, the next connection: ${outcomes.join(', ')}`)
    expect(outcomes.filter((outcome) => outcome === 'hung')).toEqual([])

    // once the workers are back, no socket is left half-closed and no descriptor kept
    expect((await bothWorkers(server)).length).toBe(2)
    await sleep(500)
    expect(closeWaitOn(server.port)).toBe(0)
    expect(openFds(server.pid)).toBeLessThanOrEqual(primaryFds)
    expect(await nextConnection(server, '/at-the-end')).toBe('answered')
  }, 180_000)
})
