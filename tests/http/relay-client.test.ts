/**
 * The relay's client on its own, over the in-process connection it uses: the address it
 * names, how it reads one response, how it gives up, and how its connections are recognised.
 */
import net from 'node:net'
import type { Duplex } from 'node:stream'
import { describe, expect, onTestFinished, test } from 'vitest'
import { isInProcessSocket, openInProcess } from '../../server/adapters/in-process.ts'
import { latin1Bytes } from '../../server/contract/http.ts'
import { relay, relayTarget } from '../../server/relay/client.ts'

/**
 * A server that answers every connection with `reply` (or never, when null; or drops it, when
 * 'drop'), reached the way the relay reaches its own server: over a connection in memory.
 */
function fakeServer(reply: string | null | 'drop', onData?: (bytes: Buffer) => void) {
  const sockets = new Set<Duplex>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('data', (bytes) => {
      onData?.(bytes)
      if (reply === 'drop') socket.destroy()
      else if (reply !== null) socket.write(reply)
    })
    socket.on('error', () => {})
  })
  onTestFinished(() => {
    for (const socket of sockets) socket.destroy()
  })
  return () => openInProcess(server, CALLER, 21)
}

const CALLER = {
  remoteAddress: '127.0.0.1',
  remotePort: 50000,
  localAddress: '127.0.0.1',
  localPort: 8000,
}

const OPTIONS = { timeoutMs: 1000, maxResponseBytes: 1 << 20, head: false }

describe('relayTarget', () => {
  test.each([
    [
      { address: '127.0.0.1', family: 'IPv4', port: 8000 },
      { host: '127.0.0.1', port: 8000 },
    ],
    [
      { address: '0.0.0.0', family: 'IPv4', port: 8000 },
      { host: '127.0.0.1', port: 8000 },
    ],
    [
      { address: '::', family: 'IPv6', port: 8000 },
      { host: '::1', port: 8000 },
    ],
    [
      { address: '::1', family: 'IPv6', port: 8000 },
      { host: '::1', port: 8000 },
    ],
    [
      { address: '192.0.2.7', family: 'IPv4', port: 80 },
      { host: '192.0.2.7', port: 80 },
    ],
  ])('a server listening on %j is reached at %j', (address, want) => {
    expect(relayTarget(address)).toEqual(want)
  })

  test('a server not listening on TCP has no relay target', () => {
    expect(relayTarget(null)).toBeNull()
    expect(relayTarget('/tmp/socket')).toBeNull()
  })
})

describe('relay', () => {
  test('writes the bytes exactly and reads one response', async () => {
    const received: Buffer[] = []
    const target = fakeServer('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', (b) =>
      received.push(b)
    )
    const bytes = latin1Bytes('GET /\xff HTTP/1.1\r\nNo colon\r\n\r\n')
    const result = await relay(target, bytes, OPTIONS)
    expect(Buffer.concat(received)).toEqual(Buffer.from(bytes))
    expect(result.response).toMatchObject({ status: 200, complete: true })
    expect(Buffer.from(result.response?.body ?? []).toString()).toBe('ok')
    expect(result.timedOut).toBe(false)
    expect(result.error).toBeNull()
  })

  test('gives up after the timeout with what arrived', async () => {
    const target = fakeServer(null)
    const started = Date.now()
    const result = await relay(target, latin1Bytes('GET / HTTP/1.1\r\n\r\n'), {
      ...OPTIONS,
      timeoutMs: 200,
    })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(result).toMatchObject({ response: null, timedOut: true })
    expect(result.error).toBe('no complete response within 200 ms')
    expect(result.timing.connectMs).not.toBeNull()
    expect(result.timing.firstByteMs).toBeNull()
  })

  test('reports a connection the server drops without answering, instead of throwing', async () => {
    const open = fakeServer('drop')
    const result = await relay(open, latin1Bytes('GET / HTTP/1.1\r\n\r\n'), OPTIONS)
    expect(result).toMatchObject({ response: null, closedByServer: true, timedOut: false })
    expect(result.error).toBeNull()
  })

  test('stops reading a response over the size limit', async () => {
    const target = fakeServer(`HTTP/1.1 200 OK\r\n\r\n${'x'.repeat(5000)}`)
    const result = await relay(target, latin1Bytes('GET / HTTP/1.1\r\n\r\n'), {
      ...OPTIONS,
      maxResponseBytes: 1000,
    })
    expect(result.error).toMatch(/larger than 1000 bytes/)
  })

  test("its connection carries the caller's addresses and is recognised as in-process", async () => {
    let socket: Duplex | undefined
    const server = net.createServer((accepted) => {
      socket = accepted
      accepted.once('data', () => accepted.end('HTTP/1.1 204 No Content\r\n\r\n'))
    })
    await relay(
      () => openInProcess(server, CALLER, 21),
      latin1Bytes('GET / HTTP/1.1\r\n\r\n'),
      OPTIONS
    )
    expect(isInProcessSocket(socket)).toBe(true)
    expect(socket).toMatchObject({ ...CALLER, fd: 21 })
    const tcp = new net.Socket()
    expect(isInProcessSocket(tcp)).toBe(false)
    tcp.destroy()
  })
})
