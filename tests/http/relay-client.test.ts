/**
 * The relay socket on its own: where it connects, how it reads one response, how it gives
 * up, and how the connections it opens are recognised.
 */
import net from 'node:net'
import { describe, expect, onTestFinished, test } from 'vitest'
import { latin1Bytes } from '../../server/contract/http.ts'
import { relay, relayTarget } from '../../server/relay/client.ts'
import { isRelayConnection } from '../../server/relay/connections.ts'

/** A TCP server that answers every connection with `reply` (or never, when null). */
async function fakeServer(reply: string | null, onData?: (bytes: Buffer) => void) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('data', (bytes) => {
      onData?.(bytes)
      if (reply !== null) socket.write(reply)
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
  return { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }
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
    const target = await fakeServer('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', (b) =>
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
    const target = await fakeServer(null)
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

  test('reports a refused connection instead of throwing', async () => {
    const target = await fakeServer(null)
    const closed = { ...target }
    const probe = net.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    closed.port = (probe.address() as net.AddressInfo).port
    await new Promise((resolve) => probe.close(resolve))
    const result = await relay(closed, latin1Bytes('GET / HTTP/1.1\r\n\r\n'), OPTIONS)
    expect(result.response).toBeNull()
    expect(result.error).toMatch(/ECONNREFUSED/)
  })

  test('stops reading a response over the size limit', async () => {
    const target = await fakeServer(`HTTP/1.1 200 OK\r\n\r\n${'x'.repeat(5000)}`)
    const result = await relay(target, latin1Bytes('GET / HTTP/1.1\r\n\r\n'), {
      ...OPTIONS,
      maxResponseBytes: 1000,
    })
    expect(result.error).toMatch(/larger than 1000 bytes/)
  })

  test('its connection is recognised while open and shortly after', async () => {
    // the server checks when the request arrives, as the send API does: after the connect
    let seen: boolean | undefined
    const server = net.createServer((socket) => {
      socket.once('data', () => {
        seen = isRelayConnection({
          remoteAddress: socket.remoteAddress ?? '',
          remotePort: socket.remotePort ?? 0,
          localAddress: socket.localAddress ?? '',
          localPort: socket.localPort ?? 0,
        })
        socket.end('HTTP/1.1 204 No Content\r\n\r\n')
      })
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(async () => {
      await new Promise((resolve) => server.close(resolve))
    })
    const port = (server.address() as net.AddressInfo).port
    let ends: Parameters<typeof isRelayConnection>[0] | undefined
    await relay({ host: '127.0.0.1', port }, latin1Bytes('GET / HTTP/1.1\r\n\r\n'), {
      ...OPTIONS,
      onConnect: (e) => {
        ends = e
      },
    })
    expect(seen).toBe(true)
    expect(ends && isRelayConnection(ends)).toBe(true)
    expect(
      isRelayConnection({
        ...(ends ?? { remoteAddress: '', localAddress: '', localPort: 0 }),
        remotePort: 1,
      })
    ).toBe(false)
  })
})
