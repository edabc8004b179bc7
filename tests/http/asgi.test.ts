/**
 * `--profile uvicorn` over a real socket: the echo is uvicorn's HTTP scope as
 * `{k: str(v)}`, in uvicorn's key order, and the APIs that iterate profiles take it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'
import { type Listening, listen } from '../helpers/server.ts'

describe('--profile uvicorn over a socket', () => {
  let server: Listening
  let port = 0
  beforeAll(async () => {
    server = await listen({ profile: 'uvicorn' }, false)
    port = server.port
  })
  afterAll(() => server.close())

  const send = (raw: string) =>
    sendRaw({ host: '127.0.0.1', port }, Buffer.from(raw, 'latin1'), { timeoutMs: 2000 })

  test('echoes the scope uvicorn 0.51 (h11) builds, in its order', async () => {
    const res = await send('GET /a%20b?x=1 HTTP/1.1\r\nHost: h\r\nX-Dup: 1\r\nx-dup: 2\r\n\r\n')
    expect(res.status).toBe(200)
    const scope = jsonBody<Record<string, string>>(res)
    expect(Object.keys(scope)).toEqual([
      'type',
      'asgi',
      'http_version',
      'server',
      'client',
      'scheme',
      'method',
      'root_path',
      'path',
      'raw_path',
      'query_string',
      'headers',
      'state',
    ])
    expect(scope).toMatchObject({
      type: 'http',
      server: `('127.0.0.1', ${port})`,
      path: '/a b',
      raw_path: "b'/a%20b'",
      query_string: "b'x=1'",
      headers: "[(b'host', b'h'), (b'x-dup', b'1'), (b'x-dup', b'2')]",
      state: '{}',
    })
    expect(scope.client).toMatch(/^\('127\.0\.0\.1', \d+\)$/)
  })

  test('the send API traces the scope and compares it with an environ', async () => {
    const res = await send(
      `POST /_inspector/api/send HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(
        JSON.stringify({
          raw: 'GET /p?q HTTP/1.1\r\nHost: h\r\n\r\n',
          profiles: ['wsgiref', 'uvicorn'],
        })
      )}\r\nConnection: close\r\n\r\n${JSON.stringify({ raw: 'GET /p?q HTTP/1.1\r\nHost: h\r\n\r\n', profiles: ['wsgiref', 'uvicorn'] })}`
    )
    expect(res.status).toBe(200)
    const body = jsonBody<{
      environ: Record<string, string>
      provenance: Record<string, { ranges: [number, number][] }>
      profiles?: Record<string, { environ?: Record<string, string> }>
    }>(res)
    expect(body.environ.raw_path).toBe("b'/p'")
    expect(body.provenance.query_string?.ranges).toEqual([[7, 8]])
    expect(body.profiles?.wsgiref?.environ?.PATH_INFO).toBe('/p')
    expect(body.profiles?.uvicorn?.environ?.query_string).toBe("b'q'")
  })
})
