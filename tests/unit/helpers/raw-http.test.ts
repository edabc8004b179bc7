// sendRaw against tiny node:net servers that answer with fixed bytes, so every framing rule
// is checked against a known reply.

import net from 'node:net'
import { describe, expect, onTestFinished, test } from 'vitest'
import { startPythonWsgiref } from '../../helpers/python-wsgiref.ts'
import {
  decodeChunked,
  header,
  headerValues,
  jsonBody,
  sendRaw,
  sendRawParts,
} from '../../helpers/raw-http.ts'

interface Fake {
  host: string
  port: number
  /** Every byte each connection received, in order of connection, as latin-1. */
  received: string[]
  /** When each chunk arrived (ms since the connection opened), per connection. */
  arrivals: number[][]
}

/**
 * A server that calls `onConnection` for each socket. `received` collects what the client
 * sent. The server is closed when the test finishes.
 */
async function fakeServer(
  onConnection: (socket: net.Socket, index: number) => void
): Promise<Fake> {
  const received: string[] = []
  const arrivals: number[][] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const index = received.length
    const start = Date.now()
    received.push('')
    arrivals.push([])
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.on('data', (d: Buffer) => {
      received[index] += d.toString('latin1')
      arrivals[index]?.push(Date.now() - start)
    })
    onConnection(socket, index)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  )
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { host: '127.0.0.1', port: address.port, received, arrivals }
}

/** Answer once the request's header block (blank line) has arrived. */
function afterHead(socket: net.Socket, reply: (socket: net.Socket, head: string) => void): void {
  let buf = ''
  let done = false
  socket.on('data', (d: Buffer) => {
    buf += d.toString('latin1')
    if (!done && buf.includes('\r\n\r\n')) {
      done = true
      reply(socket, buf)
    }
  })
}

const GET = 'GET / HTTP/1.1\r\nHost: t\r\n\r\n'

describe('sendRaw framing', () => {
  test('reads a Content-Length body and returns without waiting for close', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () =>
        // keep-alive: the server never closes, so only Content-Length can end the read
        s.write(
          'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloEXTRA'
        )
      )
    )
    const started = Date.now()
    const res = await sendRaw(srv, GET, { timeoutMs: 2000 })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(res.statusLine).toBe('HTTP/1.1 200 OK')
    expect(res.status).toBe(200)
    expect(res.headers).toEqual([
      ['Content-Type', 'text/plain'],
      ['Content-Length', '5'],
    ])
    expect(res.body.toString()).toBe('hello')
    expect(res.complete).toBe(true)
    expect(res.timedOut).toBe(false)
    expect(res.closedByServer).toBe(false)
    expect(res.raw.toString('latin1')).toMatch(/helloEXTRA$/)
  })

  test('writes the request bytes exactly, strings as latin-1', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => s.end('HTTP/1.1 204 No Content\r\n\r\n'))
    )
    const request = 'GET /caf\u00e9 HTTP/1.1\r\nX-Bare: lf\nX-Ctl: a\u0001b\r\n\r\n'
    const res = await sendRaw(srv, request)
    expect(res.timedOut).toBe(false)
    expect(srv.received[0]).toBe(request)
    const bytes = new Uint8Array([...Buffer.from('GET /\xff HTTP/1.1\r\n\r\n', 'latin1')])
    await sendRaw(srv, bytes)
    expect(Buffer.from(srv.received[1] ?? '', 'latin1')).toEqual(Buffer.from(bytes))
  })

  test('decodes a chunked body split across writes, with trailers', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => {
        s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel')
        setTimeout(() => s.write('lo\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n'), 30)
        setTimeout(() => s.write('\r\n'), 60)
      })
    )
    const res = await sendRaw(srv, GET)
    expect(res.body.toString()).toBe('hello world')
    expect(res.trailers).toEqual([['X-Trailer', 't']])
    expect(res.complete).toBe(true)
    expect(res.timedOut).toBe(false)
    expect(res.closedByServer).toBe(false)
  })

  test('reads until close when there is neither Content-Length nor chunked', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => {
        s.write('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{"a": ')
        setTimeout(() => s.end('"1"}'), 50)
      })
    )
    const res = await sendRaw(srv, GET)
    expect(res.status).toBe(200)
    expect(res.closedByServer).toBe(true)
    expect(res.complete).toBe(true)
    expect(jsonBody(res)).toEqual({ a: '1' })
    expect(header(res, 'CONTENT-TYPE')).toBe('application/json')
  })

  test('returns a reply without a status line (HTTP/0.9 style) whole, as the body', async () => {
    // a blank line inside, so it would parse as a header block if the status line were not checked
    const html = '<!DOCTYPE HTML>\n<html>\n\n<body>Error code: 505</body></html>\n'
    const srv = await fakeServer((s) => afterHead(s, () => s.end(html)))
    const res = await sendRaw(srv, 'GET / HTTP/2.0\r\n\r\n')
    expect(res.statusLine).toBeNull()
    expect(res.status).toBeNull()
    expect(res.headers).toEqual([])
    expect(res.body.toString('latin1')).toBe(html)
    expect(res.closedByServer).toBe(true)
    expect(res.timedOut).toBe(false)
  })

  test('a reply shorter than "HTTP/" that is a prefix of it is still a reply without status line', async () => {
    const srv = await fakeServer((s) => afterHead(s, () => s.end('HT')))
    const res = await sendRaw(srv, GET)
    expect(res.statusLine).toBeNull()
    expect(res.body.toString()).toBe('HT')
    expect(res.complete).toBe(false)
    expect(res.closedByServer).toBe(true)
  })

  test('times out instead of hanging, and keeps what arrived', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial'))
    )
    const started = Date.now()
    const res = await sendRaw(srv, GET, { timeoutMs: 300 })
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(2000)
    expect(res.timedOut).toBe(true)
    expect(res.complete).toBe(false)
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe('partial')
    expect(res.closedByServer).toBe(false)
  })

  test('times out when the server says nothing at all', async () => {
    const srv = await fakeServer(() => {})
    const res = await sendRaw(srv, GET, { timeoutMs: 200 })
    expect(res.timedOut).toBe(true)
    expect(res.raw.length).toBe(0)
    expect(res.statusLine).toBeNull()
  })

  test('reports a server that closes without answering', async () => {
    const srv = await fakeServer((s) => afterHead(s, () => s.end()))
    const res = await sendRaw(srv, GET)
    expect(res.closedByServer).toBe(true)
    expect(res.timedOut).toBe(false)
    expect(res.raw.length).toBe(0)
    expect(res.statusLine).toBeNull()
  })

  test('reports a body cut short by close', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'))
    )
    const res = await sendRaw(srv, GET)
    expect(res.complete).toBe(false)
    expect(res.body.toString()).toBe('abc')
    expect(res.error).toMatch(/3\/10/)
  })

  test('Connection: close makes it wait for the close, so closedByServer is reliable', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => {
        s.write('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno')
        setTimeout(() => s.end(), 100)
      })
    )
    const res = await sendRaw(srv, GET)
    expect(res.status).toBe(400)
    expect(res.body.toString()).toBe('no')
    expect(res.closedByServer).toBe(true)
    expect(res.timedOut).toBe(false)
  })

  test('lingerMs waits for a close the response did not announce', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')
        setTimeout(() => s.end(), 50)
      })
    )
    const res = await sendRaw(srv, GET, { lingerMs: 1000 })
    expect(res.closedByServer).toBe(true)
    expect(res.complete).toBe(true)
  })

  test('no body for HEAD, 204 and 304 even with Content-Length', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, (sock, head) => {
        const status = head.startsWith('HEAD')
          ? '200 OK'
          : head.includes('304')
            ? '304 Not Modified'
            : '204 No Content'
        sock.write(`HTTP/1.1 ${status}\r\nContent-Length: 42\r\n\r\n`)
      })
    )
    for (const req of [
      'HEAD / HTTP/1.1\r\n\r\n',
      'GET /204 HTTP/1.1\r\n\r\n',
      'GET /304 HTTP/1.1\r\n\r\n',
    ]) {
      const res = await sendRaw(srv, req, { timeoutMs: 1000 })
      expect(res.complete, req).toBe(true)
      expect(res.timedOut, req).toBe(false)
      expect(res.body.length, req).toBe(0)
    }
  })

  test('skips interim 1xx responses and lists them', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () =>
        s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok')
      )
    )
    const res = await sendRaw(srv, GET)
    expect(res.informational).toEqual(['HTTP/1.1 100 Continue'])
    expect(res.statusLine).toBe('HTTP/1.1 201 Created')
    expect(res.body.toString()).toBe('ok')
  })

  test('tolerates bare LF line endings in the response head', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => s.write('HTTP/1.1 200 OK\nX-A:  1 \nContent-Length: 1\n\nz'))
    )
    const res = await sendRaw(srv, GET)
    expect(res.headers).toEqual([
      ['X-A', '1'],
      ['Content-Length', '1'],
    ])
    expect(res.body.toString()).toBe('z')
  })

  test('rejects when nothing listens', async () => {
    const srv = await fakeServer(() => {})
    const port = srv.port
    // Find a closed port: bind and release one.
    const probe = net.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const address = probe.address()
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    if (address === null || typeof address === 'string') throw new Error('no port')
    expect(address.port).not.toBe(port)
    await expect(sendRaw({ host: '127.0.0.1', port: address.port }, GET)).rejects.toThrow(
      /cannot connect/
    )
  })

  test('halfClose sends FIN after the request', async () => {
    let sawEnd = false
    const srv = await fakeServer((s) => {
      s.on('end', () => {
        sawEnd = true
        s.end('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nfin')
      })
    })
    const res = await sendRaw(srv, 'GET / HTTP/1.0\r\n\r\n', { halfClose: true })
    expect(sawEnd).toBe(true)
    expect(res.body.toString()).toBe('fin')
  })
})

describe('sendRawParts', () => {
  test('sends the parts in order, the second after its delay', async () => {
    const srv = await fakeServer((s) => {
      let buf = ''
      s.on('data', (d: Buffer) => {
        buf += d.toString('latin1')
        if (buf.endsWith('body')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ngood')
      })
    })
    const head = 'POST / HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n'
    const started = Date.now()
    const res = await sendRawParts(srv, [
      { bytes: head, delayMs: 0 },
      { bytes: 'body', delayMs: 250 },
    ])
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
    expect(srv.received[0]).toBe(`${head}body`)
    const arrivals = srv.arrivals[0] ?? []
    expect(arrivals.length).toBe(2)
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(200)
    expect(res.body.toString()).toBe('good')
  })

  test('sees an interim 100 Continue sent between the parts', async () => {
    const srv = await fakeServer((s) => {
      let buf = ''
      s.on('data', (d: Buffer) => {
        buf += d.toString('latin1')
        if (buf.endsWith('\r\n\r\n')) s.write('HTTP/1.1 100 Continue\r\n\r\n')
        if (buf.endsWith('xy')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nxy')
      })
    })
    const res = await sendRawParts(srv, [
      { bytes: 'PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', delayMs: 0 },
      { bytes: 'xy', delayMs: 100 },
    ])
    expect(res.informational).toEqual(['HTTP/1.1 100 Continue'])
    expect(res.status).toBe(200)
    expect(res.body.toString()).toBe('xy')
  })

  test('returns early when the server answers before the last part', async () => {
    const srv = await fakeServer((s) =>
      afterHead(s, () => s.end('HTTP/1.0 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n'))
    )
    const started = Date.now()
    const res = await sendRawParts(srv, [
      { bytes: GET, delayMs: 0 },
      { bytes: 'late', delayMs: 2000 },
    ])
    expect(Date.now() - started).toBeLessThan(1500)
    expect(res.status).toBe(417)
    expect(srv.received[0]).toBe(GET)
  })
})

describe('helpers', () => {
  const res = {
    headers: [
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['X-Empty', ''],
    ] as Array<[string, string]>,
  }

  test('header() is case-insensitive and returns the first match', () => {
    expect(header(res, 'SET-COOKIE')).toBe('a=1')
    expect(header(res, 'x-empty')).toBe('')
    expect(header(res, 'missing')).toBeUndefined()
    expect(headerValues(res, 'set-cookie')).toEqual(['a=1', 'b=2'])
  })

  test('jsonBody() names the status line when the body is not JSON', () => {
    const notJson = {
      raw: Buffer.from(''),
      statusLine: 'HTTP/1.1 500 Oops',
      status: 500,
      headers: [],
      body: Buffer.from('<html>'),
      closedByServer: true,
      timedOut: false,
      complete: true,
      informational: [],
      trailers: [],
      error: null,
    }
    expect(() => jsonBody(notJson)).toThrow(/HTTP\/1\.1 500 Oops/)
  })

  test('decodeChunked reports malformed framing', () => {
    expect(decodeChunked(Buffer.from('zz\r\nab\r\n0\r\n\r\n')).error).toMatch(/chunk size/)
    expect(decodeChunked(Buffer.from('2\r\nabc\r\n0\r\n\r\n')).error).toMatch(
      /not followed by CRLF/
    )
    expect(decodeChunked(Buffer.from('2\r\nab\r\n')).done).toBe(false)
  })
})

describe('against CPython wsgiref (the oracle the differential tests use)', () => {
  test('reads its close-delimited HTTP/1.0 JSON echo; os.environ is only the scrubbed env', async (ctx) => {
    const py = await startPythonWsgiref()
    if ('skipped' in py) return ctx.skip(py.skipped)
    onTestFinished(() => py.close())

    const res = await sendRaw(py, 'GET /foo/bar?baz=bat HTTP/1.1\r\nHost: example.com\r\n\r\n')
    expect(res.statusLine).toBe('HTTP/1.0 200 OK')
    expect(header(res, 'server')).toBe(`WSGIServer/0.2 CPython/${py.pythonVersion}`)
    expect(header(res, 'content-length')).toBeUndefined()
    expect(res.closedByServer).toBe(true)
    expect(res.timedOut).toBe(false)
    expect(py.osEnviron).toEqual({ LANG: 'C.UTF-8' })
    const environ = jsonBody<Record<string, string>>(res)
    expect(Object.keys(environ)[0]).toBe('LANG')
    expect(environ).toMatchObject({
      LANG: 'C.UTF-8',
      REQUEST_METHOD: 'GET',
      PATH_INFO: '/foo/bar',
      QUERY_STRING: 'baz=bat',
      SERVER_PROTOCOL: 'HTTP/1.1',
      SERVER_PORT: String(py.port),
      HTTP_HOST: 'example.com',
      'wsgi.input': '<_io.BufferedReader name=4>',
      'wsgi.multithread': 'False',
    })
  })

  test('an HTTP/2.0 request line gets an HTTP/0.9-style error reply (no status line)', async (ctx) => {
    const py = await startPythonWsgiref()
    if ('skipped' in py) return ctx.skip(py.skipped)
    onTestFinished(() => py.close())

    const res = await sendRaw(py, 'GET /x HTTP/2.0\r\n\r\n')
    expect(res.statusLine).toBeNull()
    expect(res.closedByServer).toBe(true)
    expect(res.body.toString('latin1')).toMatch(/Error code: 505/)
  })

  test('an empty os environment gets LC_CTYPE=C.UTF-8 from PEP 538 locale coercion', async (ctx) => {
    const py = await startPythonWsgiref({ osEnv: {} })
    if ('skipped' in py) return ctx.skip(py.skipped)
    onTestFinished(() => py.close())
    expect(py.osEnviron).toEqual({ LC_CTYPE: 'C.UTF-8' })
  })
})
