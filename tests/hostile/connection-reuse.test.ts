/**
 * What happens on a connection after an odd request: the fuzzer found both of these.
 *
 * - A refusal (400, 413, 431) reaches a client that is still sending: the server reads and
 *   drops the rest instead of closing on unread bytes, whose reset could wipe the answer out
 *   of the client's buffer before it is read.
 * - After a request that asked for an Upgrade nobody accepted, Node stops reporting parse
 *   errors on that connection, so the gateway closes it after the answer.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'

/** Write `parts` (each after the previous one's delay) and collect the answer until close. */
function converse(
  server: InspectorProcess,
  parts: ReadonlyArray<{ bytes: string | Buffer; afterMs?: number }>,
  timeoutMs = 5000
): Promise<{ text: string; error: string | null; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const socket = net.connect(server)
    const started = performance.now()
    let text = ''
    let error: string | null = null
    const finish = (closed: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve({ text, error, closedAfterMs: closed ? performance.now() - started : null })
    }
    const timer = setTimeout(() => finish(false), timeoutMs)
    socket.on('data', (data) => {
      text += data.toString('latin1')
    })
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      error = cause.code ?? cause.message
    })
    socket.on('close', () => finish(true))
    let delay = 0
    for (const part of parts) {
      delay += part.afterMs ?? 0
      setTimeout(() => {
        if (!socket.destroyed) socket.write(part.bytes)
      }, delay)
    }
  })
}

describe('connection reuse after odd requests', () => {
  let server: InspectorProcess
  beforeAll(async () => {
    server = await startInspector(['--quiet', '--max-body', '1kb'])
  }, 30_000)
  afterAll(() => server.close())

  test.each([
    {
      name: 'a malformed request line, with a megabyte behind it',
      head: 'GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n',
      status: 400,
    },
    {
      name: 'a head over the limit, still being sent',
      head: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}`,
      status: 431,
    },
    {
      name: 'a declared body over --max-body, sent whole',
      head: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n',
      status: 413,
    },
  ])(
    '$name: the client reads the $status',
    async ({ head, status }) => {
      const junk = Buffer.alloc(1024 * 1024, 'j')
      // the 413 keeps the connection (its body was whole): read for 2 s, then look
      const { text } = await converse(
        server,
        [{ bytes: Buffer.concat([Buffer.from(head), junk]) }],
        2000
      )
      expect(text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `))
      expect(text).toContain('"error":')
    },
    10_000
  )

  test('after a request with an Upgrade header, the connection closes after the answer', async () => {
    const { text, closedAfterMs } = await converse(server, [
      { bytes: 'GET /up HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n' },
      { bytes: 'BAD /# HTTP/1.1\r\nHost: x\r\n\r\n', afterMs: 300 },
    ])
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(text).toMatch(/\r\nConnection: close\r\n/i)
    expect(closedAfterMs, 'closed at once, not after the keep-alive timeout').toBeLessThan(1000)
  })

  test('a plain keep-alive connection still serves the next request', async () => {
    const { text } = await converse(
      server,
      [
        { bytes: 'GET /one HTTP/1.1\r\nHost: x\r\n\r\n' },
        { bytes: 'GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', afterMs: 200 },
      ],
      3000
    )
    expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2)
  })
})
