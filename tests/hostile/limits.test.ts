/**
 * The limits hold against clients that push them: bodies over `--max-body` (declared,
 * chunked, endless), heads over `--max-header-size` (one long line, many small ones), and
 * more connections than `--max-connections`. Each refusal says why (JSON), and the server
 * answers a normal request afterwards.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'

const MAX_BODY = 1024
const MAX_CONNECTIONS = 20

const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('body and head limits', () => {
  let server: InspectorProcess
  beforeAll(async () => {
    server = await startInspector(['--quiet', '--max-body', `${MAX_BODY}b`])
  }, 30_000)
  afterAll(() => server.close())

  const refusals = [
    {
      name: 'a declared body one byte over the limit',
      request: `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${MAX_BODY + 1}\r\n\r\n${'x'.repeat(MAX_BODY + 1)}`,
      status: 413,
      keepsConnection: true,
    },
    {
      // the body is read to its end and dropped, so the connection can stay (see below)
      name: 'a chunked body that grows over the limit',
      request: `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('a'.repeat(600))}${chunk('b'.repeat(600))}0\r\n\r\n`,
      status: 413,
      keepsConnection: true,
    },
    {
      name: 'a chunked body in a thousand 2-byte chunks',
      request: `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('ab').repeat(1000)}0\r\n\r\n`,
      status: 413,
      keepsConnection: true,
    },
    {
      name: 'a Content-Length of 2^53',
      request: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9007199254740992\r\n\r\n',
      status: 413,
      keepsConnection: true, // until --request-timeout: the body may be on its way
    },
    {
      name: 'a Content-Length that overflows 64 bits',
      request: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n',
      status: 400,
    },
    {
      name: 'a request line longer than the head limit',
      request: `GET /${'a'.repeat(20 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      status: 431,
    },
    {
      name: 'two thousand small headers over the head limit',
      request: `GET / HTTP/1.1\r\nHost: x\r\n${'X-Many: 0123456789\r\n'.repeat(2000)}\r\n`,
      status: 431,
    },
    {
      // http.client's _MAXHEADERS: Python refuses more than 100 headers, and so does the
      // profile; the head was read whole, so the connection can stay
      name: 'a thousand small headers within the head limit',
      request: `GET / HTTP/1.1\r\nHost: x\r\n${'X-Many: 0123\r\n'.repeat(1000)}\r\n`,
      status: 431,
      keepsConnection: true,
    },
  ]

  test.each(refusals)('$name is a $status with a JSON reason', async (refusal) => {
    const res = await sendRaw(server, refusal.request, { timeoutMs: 5000 })
    expect(res.status).toBe(refusal.status)
    expect(jsonBody<{ error: string }>(res).error.length).toBeGreaterThan(0)
    if (!('keepsConnection' in refusal)) expect(res.closedByServer).toBe(true)
  })

  test('an endless chunked body is refused once over the limit, not read to its end', async () => {
    const socket = net.connect(server)
    let reply = ''
    let closed = false
    socket.on('data', (data) => {
      reply += data.toString('latin1')
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      closed = true
    })
    socket.write('POST /endless HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n')
    let sent = 0
    const piece = chunk('z'.repeat(4096))
    const stopped = new Promise<void>((resolve) => {
      socket.once('data', () => resolve())
      socket.once('close', () => resolve())
    })
    const cap = 256 * 1024 * 1024 // the body has no end: only the refusal stops the client
    while (!closed && reply === '' && sent < cap) {
      sent += piece.length
      if (!socket.write(piece)) {
        // the server may stop reading once it has refused: then only the reply wakes us
        await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), stopped])
      }
    }
    socket.destroy()
    expect(reply).toMatch(/^HTTP\/1\.1 413 /)
    expect(reply).toContain('"error":"Request body is larger than the limit of 1024 bytes"')
    expect(sent, 'the refusal came while the client was still sending').toBeLessThan(cap)
  }, 20_000)

  test('after a 413 for a chunked body, the same connection serves the next request', async () => {
    const res = await sendRaw(
      server,
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('c'.repeat(2000))}0\r\n\r\n` +
        'GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      { timeoutMs: 5000, lingerMs: 3000 }
    )
    expect(res.status).toBe(413)
    const rest = res.raw.toString('latin1').split('\r\n\r\n').slice(1).join('\r\n\r\n')
    expect(rest).toMatch(/HTTP\/1\.1 200 OK[\s\S]*"PATH_INFO": "\/next"/)
  })

  test('the server still answers a normal request afterwards', async () => {
    const res = await fetch(`${server.url}still-here`)
    expect(((await res.json()) as Record<string, string>).PATH_INFO).toBe('/still-here')
    expect(server.errors()).toBe('')
  })
})

describe(`--max-connections ${MAX_CONNECTIONS}`, () => {
  let server: InspectorProcess
  beforeAll(async () => {
    server = await startInspector([
      '--quiet',
      '--max-connections',
      String(MAX_CONNECTIONS),
      '--headers-timeout',
      '3s',
    ])
  }, 30_000)
  afterAll(() => server.close())

  test('connections over the cap are closed at once; the held ones are served; then new ones are', async () => {
    const open = (): Promise<{ socket: net.Socket; closed: Promise<void> }> =>
      new Promise((resolve, reject) => {
        const socket = net.connect(server)
        socket.on('error', () => {})
        const closed = new Promise<void>((done) => socket.once('close', () => done()))
        socket.once('connect', () => resolve({ socket, closed }))
        socket.once('error', reject)
      })
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, open))
    await sleep(200)
    const extra = await open()
    const closedAtOnce = await Promise.race([extra.closed.then(() => true), sleep(1000)])
    expect(closedAtOnce, 'the connection over the cap was closed at once').toBe(true)

    // a held connection is served normally
    const first = held[0] as { socket: net.Socket }
    const answer = new Promise<string>((resolve) =>
      first.socket.once('data', (data) => resolve(data.toString('latin1')))
    )
    first.socket.write('GET /held HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(await answer).toMatch(/^HTTP\/1\.1 200 /)

    for (const { socket } of held) socket.destroy()
    await sleep(200)
    const res = await fetch(`${server.url}after-the-flood`)
    expect(res.status).toBe(200)
    expect(server.errors()).toBe('')
  }, 20_000)
})
