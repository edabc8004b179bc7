/**
 * Bodies sent in one-byte chunks: memory for a body must stay within a small constant factor
 * of the bytes kept, however it was chunked. Several connections each send a chunked POST
 * of one-byte chunks (under `--max-body`) and hold it open; the server's resident memory is
 * read from /proc while every body is held, then each body is finished and must be answered
 * with its environ, and the server must still answer a normal request.
 *
 * Before bodies were coalesced as they arrived, each chunk cost a Buffer of its own (about
 * 375 bytes of heap for one byte of body): 8 connections × 300 000 chunks raised RSS by over
 * 900 MB. The echo's body reader and the JSON API's (Fastify's parsers keep every chunk) are
 * both attacked. Prints the figures. Full scale (`npm run test:hostile`) is 8 × 300 000.
 */
import { readFileSync } from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { parseResponse } from '../helpers/raw-http.ts'
import { SCALE } from './scale.ts'

const CONNECTIONS = SCALE.tinyChunkConnections
const CHUNKS = SCALE.tinyChunks
const MIB = 1024 * 1024
/**
 * What the held bodies may add to the server's RSS: the bodies themselves are
 * CONNECTIONS × CHUNKS bytes (2.4 MB at full scale); the rest is room for the young
 * generation's garbage and socket buffers. One Buffer per chunk costs ~40× more.
 */
const RSS_GROWTH_LIMIT = 48 * MIB

/** The server's resident set size, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`)
  return Number(kb) * 1024
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Dribbled {
  socket: net.Socket
  /** Resolves with everything the server sent, once it closes or stops answering. */
  reply: () => Promise<Buffer>
}

/** A request whose body is sent in one-byte chunks, and what a good answer looks like. */
interface Target {
  name: string
  head: string
  /** The body's first and last bytes, around the one-byte chunks (each a space). */
  open: string
  close: string
  check: (status: number | null, body: Buffer) => void
  /** The live capture records it (the echo does; the inspector's own API does not). */
  captured: boolean
  /** At most this many chunks: the route's body limit. */
  maxChunks: number
}

const TARGETS: Target[] = [
  {
    name: 'the echo',
    head: 'POST /tiny HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
    open: '',
    close: '',
    check(status, body) {
      expect(status).toBe(200)
      const environ = JSON.parse(body.toString('utf8')) as Record<string, string>
      expect(environ).toMatchObject({ REQUEST_METHOD: 'POST', PATH_INFO: '/tiny' })
    },
    captured: true,
    maxChunks: 1024 * 1024,
  },
  {
    name: 'the JSON API',
    head:
      'POST /_inspector/api/proxy HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
    // JSON allows any run of spaces between tokens
    open: '{"request":{"headers":[]},"policy":{"mode":"none"}',
    close: '}',
    check(status, body) {
      expect(status, body.toString('utf8').slice(0, 300)).toBe(200)
      expect(JSON.parse(body.toString('utf8'))).toHaveProperty('rawEnviron')
    },
    captured: false,
    maxChunks: 250_000, // the proxy API takes 256 KiB
  },
]

const chunksFor = (target: Target) => Math.min(CHUNKS, target.maxChunks)

const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`

/** Open `target`'s request and write `chunks` one-byte chunks; the body is left unfinished. */
async function sendTinyChunks(
  server: { host: string; port: number },
  target: Target,
  chunks: number
): Promise<Dribbled> {
  const socket = net.connect(server)
  socket.setNoDelay(true)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.on('error', () => {})
  const received: Buffer[] = []
  socket.on('data', (data) => received.push(data))
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  socket.write(target.head + (target.open ? chunk(target.open) : ''))
  // written in slabs of 10 000 chunks: one write per chunk would test the client, not us
  const slab = Buffer.from('1\r\n \r\n'.repeat(10_000), 'latin1')
  for (let sent = 0; sent < chunks; sent += 10_000) {
    const part = chunks - sent >= 10_000 ? slab : slab.subarray(0, (chunks - sent) * 6)
    if (!socket.write(part)) await new Promise((resolve) => socket.once('drain', resolve))
  }
  return {
    socket,
    reply: async () => {
      socket.end(`${target.close ? chunk(target.close) : ''}0\r\n\r\n`)
      await Promise.race([closed, sleep(20_000)])
      return Buffer.concat(received)
    },
  }
}

describe.each(TARGETS)(
  `${CONNECTIONS} connections × one-byte chunks (up to ${CHUNKS} each) to $name`,
  (target) => {
    let server: InspectorProcess
    beforeAll(async () => {
      server = await startInspector(['--quiet', '--max-body', '1mb'])
    }, 30_000)
    afterAll(() => server.close())

    test('memory stays bounded, every body is answered, the server stays up', async () => {
      // warm up: the first requests load code and grow the heap to its working size
      for (let i = 0; i < 3; i++) await fetch(`${server.url}warm`, { method: 'POST', body: 'x' })
      const before = rssOf(server.pid)
      const clients = await Promise.all(
        Array.from({ length: CONNECTIONS }, () => sendTinyChunks(server, target, chunksFor(target)))
      )
      // wait until the server has read every byte: its RSS stops moving
      let held = rssOf(server.pid)
      for (let stable = 0; stable < 3; ) {
        await sleep(250)
        const now = rssOf(server.pid)
        stable = Math.abs(now - held) < MIB ? stable + 1 : 0
        held = now
      }
      const replies = clients.map((client) => client.reply())
      const answers = (await Promise.all(replies)).map((raw) =>
        parseResponse(raw, { head: false, closed: true })
      )
      const after = rssOf(server.pid)
      console.log(
        `${target.name}, ${CONNECTIONS} connections × ${chunksFor(target)} one-byte chunks ` +
          `(${((CONNECTIONS * chunksFor(target)) / MIB).toFixed(1)} MiB of body): ` +
          `server RSS before ${(before / MIB).toFixed(0)} MiB, with every body held ` +
          `${(held / MIB).toFixed(0)} MiB (+${((held - before) / MIB).toFixed(0)} MiB), ` +
          `after the answers ${(after / MIB).toFixed(0)} MiB`
      )

      for (const answer of answers) target.check(answer.status, answer.body)
      expect(held - before).toBeLessThan(RSS_GROWTH_LIMIT)
      if (target.captured) {
        const list = (await (
          await fetch(`${server.url}_inspector/api/requests?limit=${CONNECTIONS}`)
        ).json()) as { items: Array<{ bodySize: number }> }
        expect(list.items.map((item) => item.bodySize)).toEqual(Array(CONNECTIONS).fill(CHUNKS))
      }
      const res = await fetch(`${server.url}after`)
      expect(res.status).toBe(200)
      expect(server.errors()).toBe('')
    }, 120_000)
  }
)
