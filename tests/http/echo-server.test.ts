/**
 * The echo over real sockets: every method, every path, the limits, the reserved prefix,
 * and a server that keeps serving after bad input.
 */
import { METHODS } from 'node:http'
import { describe, expect, test } from 'vitest'
import type { InputStream, Middleware } from '../../server/gateway/types.ts'
import { header, jsonBody, sendRaw, sendRawParts } from '../helpers/raw-http.ts'
import { listen } from '../helpers/server.ts'

type Environ = Record<string, string>

describe('the README example', () => {
  test("curl 'http://127.0.0.1:PORT/foo/bar?baz=bat' gets the environ as Python's json.dumps writes it", async () => {
    const server = await listen()
    const res = await fetch(`${server.url}/foo/bar?baz=bat`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    const text = await res.text()
    expect(text).toMatch(/^\{"SERVER_NAME": "localhost", "GATEWAY_INTERFACE": "CGI\/1\.1", /)
    const environ = JSON.parse(text) as Environ
    expect(environ).toMatchObject({
      REQUEST_METHOD: 'GET',
      PATH_INFO: '/foo/bar',
      QUERY_STRING: 'baz=bat',
    })
    expect(environ.SERVER_PORT).toBe(String(server.port))
  })
})

describe('every method Node accepts reaches the echo', () => {
  const methods = METHODS.filter((m) => m !== 'HEAD' && m !== 'CONNECT')
  test.each(methods)('%s', async (method) => {
    const server = await listen()
    const res = await sendRaw(
      server,
      `${method} /m HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`
    )
    expect(res.status).toBe(200)
    expect(jsonBody<Environ>(res).REQUEST_METHOD).toBe(method)
  })

  test('HEAD gets the headers of the echo and no body', async () => {
    const server = await listen()
    const res = await sendRaw(server, 'HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(res.status).toBe(200)
    expect(res.body.length).toBe(0)
    expect(Number(header(res, 'content-length'))).toBeGreaterThan(100)
  })

  test('CONNECT is echoed like any request, then the connection closes', async () => {
    const server = await listen()
    const res = await sendRaw(
      server,
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'
    )
    expect(res.status).toBe(200)
    expect(jsonBody<Environ>(res)).toMatchObject({
      REQUEST_METHOD: 'CONNECT',
      PATH_INFO: 'example.com:443',
    })
    expect(res.closedByServer).toBe(true)
  })
})

describe('every path outside /_inspector/ reaches the echo', () => {
  const cases = [
    { target: '//double//slash', want: { PATH_INFO: '/double//slash' } },
    { target: '/%zz', want: { PATH_INFO: '/%zz' } },
    { target: '/%00', want: { PATH_INFO: '/\x00' } },
    { target: `/${'a'.repeat(6000)}`, want: { PATH_INFO: `/${'a'.repeat(6000)}` } },
    { target: '*', want: { PATH_INFO: '*' }, method: 'OPTIONS' },
    {
      target: 'http://elsewhere.example/abs?q=1',
      want: { PATH_INFO: 'http://elsewhere.example/abs', QUERY_STRING: 'q=1' },
    },
    { target: '/_inspectorish', want: { PATH_INFO: '/_inspectorish' } },
    { target: '/x/_inspector/', want: { PATH_INFO: '/x/_inspector/' } },
  ]
  test.each(cases)('$target', async ({ target, want, method = 'GET' }) => {
    const server = await listen()
    const res = await sendRaw(server, `${method} ${target} HTTP/1.1\r\nHost: x\r\n\r\n`)
    expect(res.status).toBe(200)
    expect(jsonBody<Environ>(res)).toMatchObject(want)
  })
})

describe('the reserved /_inspector/ prefix', () => {
  test('GET /_inspector/api/health answers ok', async () => {
    const server = await listen({ profile: 'gunicorn' })
    const res = await fetch(`${server.url}/_inspector/api/health`)
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0', profile: 'gunicorn' })
  })

  test('/_inspector redirects to /_inspector/', async () => {
    const server = await listen()
    const res = await fetch(`${server.url}/_inspector`, { redirect: 'manual' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/_inspector/')
  })

  test('/_inspector/ serves the UI page', async () => {
    const server = await listen()
    const res = await fetch(`${server.url}/_inspector/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  })

  test('an unknown API path is a JSON 404, not an echo', async () => {
    const server = await listen()
    const res = await fetch(`${server.url}/_inspector/api/nope`)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ statusCode: 404 })
  })
})

describe('--script-name mounts the app', () => {
  test('SCRIPT_NAME is the mount and PATH_INFO the rest', async () => {
    const server = await listen({ scriptName: '/app' })
    const res = await fetch(`${server.url}/app/page?x=1`)
    expect(await res.json()).toMatchObject({
      SCRIPT_NAME: '/app',
      PATH_INFO: '/page',
      QUERY_STRING: 'x=1',
    })
  })

  test('outside the mount is a JSON 404 that says why', async () => {
    const server = await listen({ scriptName: '/app' })
    const res = await fetch(`${server.url}/other`)
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toMatch(/outside the mount point \/app/)
  })
})

describe('limits and bad input: a clear 4xx, never a crash', () => {
  test('a declared body over --max-body is a 413 with a JSON reason', async () => {
    const server = await listen({ maxBody: 10 })
    const res = await sendRaw(
      server,
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n${'x'.repeat(11)}`
    )
    expect(res.status).toBe(413)
    expect(jsonBody<{ error: string }>(res).error).toMatch(/larger than the limit of 10 bytes/)
  })

  test('a chunked body that grows over --max-body is a 413 too', async () => {
    const server = await listen({ maxBody: 10 })
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`
    const res = await sendRaw(
      server,
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunk('123456')}${chunk('789012')}0\r\n\r\n`
    )
    expect(res.status).toBe(413)
  })

  test('Expect: 100-continue with an oversized body is refused before the body is sent', async () => {
    const server = await listen({ maxBody: 10 })
    const res = await sendRaw(
      server,
      'POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99\r\n\r\n'
    )
    expect(res.informational).toEqual([])
    expect(res.status).toBe(413)
  })

  test('Expect: 100-continue within the limit gets 100 Continue, then the echo', async () => {
    const server = await listen()
    const res = await sendRawParts(server, [
      {
        bytes: 'POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n',
        delayMs: 0,
      },
      { bytes: 'hello', delayMs: 100 },
    ])
    expect(res.informational).toEqual(['HTTP/1.1 100 Continue'])
    expect(jsonBody<Environ>(res)).toMatchObject({
      HTTP_EXPECT: '100-continue',
      CONTENT_LENGTH: '5',
    })
  })

  test('a request head over --max-header-size is a 431 with a JSON reason', async () => {
    const server = await listen({ maxHeaderSize: 1024 })
    const res = await sendRaw(
      server,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(2000)}\r\n\r\n`
    )
    expect(res.status).toBe(431)
    expect(jsonBody<{ code: string }>(res).code).toBe('HPE_HEADER_OVERFLOW')
  })

  test('malformed HTTP is a 400 with the parser reason, and the connection is closed', async () => {
    const server = await listen()
    const res = await sendRaw(server, 'GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n')
    expect(res.status).toBe(400)
    expect(jsonBody<{ error: string }>(res).error).toBe('Invalid header token')
    expect(res.closedByServer).toBe(true)
  })

  test('a profile refusal names the profile', async () => {
    const server = await listen({ profile: 'gunicorn' })
    const res = await sendRaw(server, 'GET * HTTP/1.1\r\nHost: x\r\n\r\n')
    expect(res.status).toBe(400)
    expect(jsonBody(res)).toMatchObject({ status: 400, profile: 'gunicorn' })
  })

  test('after all of that, the same server still answers a normal request', async () => {
    const server = await listen({ maxBody: 10, maxHeaderSize: 1024 })
    await sendRaw(server, 'GET / HTTP/1.1\r\nBad Header\r\n\r\n')
    await sendRaw(server, `GET / HTTP/1.1\r\nX: ${'a'.repeat(2000)}\r\n\r\n`)
    await sendRaw(server, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\n\r\n')
    await sendRaw(server, '\x00\x01\x02 garbage\r\n\r\n')
    const res = await fetch(`${server.url}/still-here`)
    expect(((await res.json()) as Environ).PATH_INFO).toBe('/still-here')
  })
})

describe('the gateway runs apps and middleware', () => {
  const readBody: Middleware = () =>
    function readBodyApp(environ, startResponse) {
      const input = environ['wsgi.input'] as InputStream
      startResponse('200 OK', [['Content-Type', 'application/octet-stream']])
      return [input.read()]
    }

  test('wsgi.input holds the request body, chunked bodies de-chunked', async () => {
    const server = await listen({ middleware: [readBody] })
    const res = await sendRaw(
      server,
      'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\n\xff\x00\r\n0\r\n\r\n'
    )
    expect(res.body.toString('latin1')).toBe('abc\xff\x00')
  })

  test('an app that throws gets a 500 and the server keeps going', async () => {
    const failing: Middleware = () => () => {
      throw new Error('boom')
    }
    const server = await listen({ middleware: [failing] })
    const res = await fetch(`${server.url}/`)
    expect(res.status).toBe(500)
    expect(((await res.json()) as { error: string }).error).toMatch(/server error/)
    expect((await fetch(`${server.url}/`)).status).toBe(500)
  })

  test('--app hello answers Hello world!', async () => {
    const server = await listen({ app: 'hello' })
    const res = await fetch(`${server.url}/anything`)
    expect(await res.text()).toBe('Hello world!')
  })

  test('keep-alive: two requests on one connection get two echoes', async () => {
    const server = await listen()
    const res = await sendRaw(
      server,
      'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      { lingerMs: 500 }
    )
    const text = res.raw.toString('latin1')
    expect(text).toContain('"PATH_INFO": "/one"')
    expect(text).toContain('"PATH_INFO": "/two"')
  })
})
