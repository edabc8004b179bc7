/**
 * Exact requests over real sockets: POST /_inspector/api/send hands bytes to the server's
 * own parser and echo, in memory, and reports what happened. Every safety point of the feature has a test here.
 */
import net from 'node:net'
import { describe, expect, test } from 'vitest'
import { buildServer } from '../../server/app.ts'
import type { ApiError } from '../../server/contract/api/errors.ts'
import type { SendAnswer } from '../../server/contract/api/send.ts'
import { type Exchange, isRelayExchange } from '../../server/contract/exchange.ts'
import { PROFILE_IDS } from '../../server/contract/profiles.ts'
import type { Middleware } from '../../server/gateway/types.ts'
import { LIMITS } from '../../server/relay/input.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'
import { DEFAULTS, listen } from '../helpers/server.ts'

const API = '/_inspector/api/send'

async function send<T = SendAnswer>(
  url: string,
  body: unknown,
  contentType = 'application/json'
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${url}${API}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as T }
}

const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64')

describe('the README example', () => {
  test('a chosen Host and a repeated X-Dup reach the echo exactly as written', async () => {
    const server = await listen()
    const { status, json } = await send(server.url, {
      method: 'GET',
      target: '/caf%C3%A9?x=1',
      headers: [
        ['Host', 'example.test'],
        ['X-Dup', 'a'],
        ['x-dup', 'b'],
      ],
    })
    expect(status).toBe(200)
    expect(json.sent.text).toBe(
      'GET /caf%C3%A9?x=1 HTTP/1.1\r\nHost: example.test\r\nX-Dup: a\r\nx-dup: b\r\n\r\n'
    )
    expect(Buffer.from(json.sent.base64, 'base64').toString('latin1')).toBe(json.sent.text)
    expect(json.added).toEqual([])
    expect(json.handledBy).toBe('gateway')
    expect(json.response?.status).toBe(200)
    expect(json.environ).toMatchObject({
      HTTP_HOST: 'example.test',
      HTTP_X_DUP: 'a,b',
      PATH_INFO: '/caf\u00c3\u00a9',
      SERVER_PORT: String(server.port),
    })
    expect(json.serverProfile).toBe('wsgiref')
    expect(json.timing.connectMs).toBeGreaterThanOrEqual(0)
    expect(json.timing.firstByteMs).toBeGreaterThanOrEqual(json.timing.connectMs ?? 0)
    expect(json.timing.totalMs).toBeGreaterThanOrEqual(json.timing.firstByteMs ?? 0)
  })
})

describe('structured mode', () => {
  test('adds Host (our own address) and Content-Length when needed, and says so', async () => {
    const server = await listen()
    const { json } = await send(server.url, { method: 'POST', body: 'hi' })
    expect(json.added.map(({ name, value }) => [name, value])).toEqual([
      ['Host', `127.0.0.1:${server.port}`],
      ['Content-Length', '2'],
    ])
    expect(json.environ).toMatchObject({
      HTTP_HOST: `127.0.0.1:${server.port}`,
      CONTENT_LENGTH: '2',
    })
  })

  test('adds no Host to HTTP/1.0', async () => {
    const server = await listen()
    const { json } = await send(server.url, { httpVersion: '1.0' })
    expect(json.added).toEqual([])
    expect(json.sent.text).toBe('GET / HTTP/1.0\r\n\r\n')
    expect(json.environ?.SERVER_PROTOCOL).toBe('HTTP/1.0')
    expect(json.environ).not.toHaveProperty('HTTP_HOST')
  })

  test('keeps underscores and odd case in header names', async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      headers: [
        ['Host', 'h'],
        ['X_Auth_User', 'underscore'],
        ['X-AUTH-user', 'dash'],
      ],
    })
    expect(json.environ?.HTTP_X_AUTH_USER).toBe('underscore,dash')
  })

  test('sends a base64 body byte for byte', async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      method: 'PUT',
      headers: [['Host', 'h']],
      body: Buffer.from([0, 0xff, 0x80]).toString('base64'),
      bodyEncoding: 'base64',
    })
    expect(json.sent.text.endsWith('Content-Length: 3\r\n\r\n\x00\xff\x80')).toBe(true)
    expect(json.environ?.CONTENT_LENGTH).toBe('3')
  })
})

describe('a mount point per request (scriptName)', () => {
  test('builds the environ and every profile as --script-name would, and says so', async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      target: '/app/users/42?x=1',
      headers: [['Host', 'h']],
      scriptName: '/app',
      profiles: ['wsgiref', 'gunicorn'],
    })
    expect(json.mount).toEqual({ scriptName: '/app', perRequest: true })
    expect(json.environ).toMatchObject({ SCRIPT_NAME: '/app', PATH_INFO: '/users/42' })
    expect(json.provenance?.SCRIPT_NAME?.note).toContain('--script-name /app')
    for (const name of ['wsgiref', 'gunicorn']) {
      const outcome = json.profiles?.[name]
      expect(outcome && 'environ' in outcome && outcome.environ).toMatchObject({
        SCRIPT_NAME: '/app',
        PATH_INFO: '/users/42',
      })
    }
  })

  test('a path outside the mount point has no environ: such a server answers 404', async () => {
    const server = await listen()
    const { json } = await send(server.url, { target: '/other', scriptName: '/app' })
    expect(json.environ).toBeNull()
    expect(json.summary).toBe(
      '/other is outside the mount point /app: a server started with --script-name /app answers 404 Not Found'
    )
  })

  test('without scriptName the server’s own mount point applies', async () => {
    const server = await listen({ scriptName: '/srv' })
    const { json } = await send(server.url, { target: '/srv/a' })
    expect(json.mount).toEqual({ scriptName: '/srv', perRequest: false })
    expect(json.environ).toMatchObject({ SCRIPT_NAME: '/srv', PATH_INFO: '/a' })
  })

  test.each(['app', '/app/', '/a b', '/a?b', 7])(
    'refuses scriptName %j with a 400',
    async (bad) => {
      const server = await listen()
      const { status, json } = await send<ApiError>(server.url, { target: '/', scriptName: bad })
      expect(status).toBe(400)
      expect(json.field).toBe('scriptName')
    }
  )
})

describe('raw mode', () => {
  test('malformed bytes get the parser’s 400 with its reason, and no profiles', async () => {
    const server = await listen()
    const { status, json } = await send(server.url, {
      raw: 'GET / HTTP/1.1\r\nNo colon\r\n\r\n',
      profiles: ['wsgiref', 'gunicorn'],
    })
    expect(status).toBe(200)
    expect(json.response?.status).toBe(400)
    expect(JSON.parse(json.response?.body.text ?? '')).toMatchObject({
      code: 'HPE_INVALID_HEADER_TOKEN',
    })
    expect(json.handledBy).toBe('parser')
    expect(json.summary).toMatch(
      /Node's HTTP parser refused the bytes with 400: Invalid header token/
    )
    expect(json.environ).toBeNull()
    expect(json.provenance).toBeNull()
    expect(json.profiles).toBeNull()
    expect(json.profilesReason).toMatch(/parser refused the bytes before any profile saw them/)
    expect(json.head.headers).toEqual([
      { range: [16, 24], name: [16, 24], value: [24, 24], problem: 'no-colon' },
    ])
  })

  test('sends exactly the given bytes, base64 included', async () => {
    const server = await listen()
    const raw = 'GET /r?q=%00 HTTP/1.1\r\nHost: raw.example\r\nX-Latin: caf\xe9\r\n\r\n'
    const { json } = await send(server.url, { raw: b64(raw), rawEncoding: 'base64' })
    expect(json.mode).toBe('raw')
    expect(json.added).toEqual([])
    expect(json.sent.text).toBe(raw)
    expect(json.environ).toMatchObject({
      HTTP_HOST: 'raw.example',
      HTTP_X_LATIN: 'caf\u00e9',
      QUERY_STRING: 'q=%00',
    })
  })

  test('an incomplete request times out with what arrived', { timeout: 10_000 }, async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      raw: 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nab',
    })
    expect(json.response).toBeNull()
    expect(json.error).toMatch(/no complete response within 3000 ms/)
    expect(json.handledBy).toBe('unknown')
  })

  test('a target under /_inspector/ is answered by the inspector, not the echo', async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      raw: 'GET /_inspector/api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      profiles: ['gunicorn'],
    })
    expect(json.handledBy).toBe('inspector')
    expect(json.environ).toBeNull()
    expect(json.profiles).toBeNull()
  })
})

describe('profiles side by side', () => {
  test('show each server’s environ for the same bytes, and where they differ', async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      target: '/p?x=1',
      headers: [['Host', 'h']],
      profiles: ['wsgiref', 'gunicorn', 'werkzeug', 'uvicorn'],
    })
    const environs = Object.fromEntries(
      Object.entries(json.profiles ?? {}).map(([name, outcome]) => [
        name,
        'environ' in outcome ? outcome.environ : null,
      ])
    )
    expect(environs.gunicorn?.RAW_URI).toBe('/p?x=1')
    expect(environs.wsgiref?.CONTENT_TYPE).toBe('text/plain')
    expect(environs.werkzeug?.REMOTE_PORT).toMatch(/^\d+$/)
    expect(environs.wsgiref).toEqual(json.environ) // the server's own profile is the echo
    const byKey = Object.fromEntries((json.differences ?? []).map((d) => [d.key, d]))
    expect(byKey.RAW_URI).toEqual({
      key: 'RAW_URI',
      kind: 'absent',
      values: { wsgiref: null, gunicorn: '/p?x=1', werkzeug: '/p?x=1' },
    })
    expect(byKey.CONTENT_TYPE?.values).toEqual({
      wsgiref: 'text/plain',
      gunicorn: null,
      werkzeug: null,
    })
    expect(byKey.REMOTE_PORT?.kind).toBe('absent')
    expect(byKey.SERVER_NAME).toMatchObject({ kind: 'differs' })
    expect(byKey).not.toHaveProperty('QUERY_STRING')
  })

  test('a duplicate Host: gunicorn refuses it with 400 while wsgiref answers', async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      headers: [
        ['Host', 'a.example'],
        ['Host', 'b.example'],
      ],
      profiles: ['wsgiref', 'gunicorn'],
    })
    expect(json.profiles?.gunicorn).toEqual({
      rejected: { status: 400, reason: 'Duplicate header: Host' },
    })
    expect(json.profiles?.wsgiref).toMatchObject({ environ: { HTTP_HOST: 'a.example,b.example' } })
    expect(json.differences).toEqual([]) // only one profile answered
  })

  test('the server’s own refusal is reported, and the profiles still compare', async () => {
    const server = await listen({ profile: 'gunicorn' })
    const { json } = await send(server.url, {
      headers: [
        ['Host', 'a'],
        ['Host', 'b'],
      ],
      profiles: ['werkzeug'],
    })
    expect(json.response?.status).toBe(400)
    expect(json.summary).toBe('the gunicorn profile refused it with 400: Duplicate header: Host')
    expect(json.profiles?.werkzeug).toMatchObject({ environ: { HTTP_HOST: 'a,b' } })
  })
})

describe('the exchange comes back with the answer', () => {
  test('an app that answers asynchronously is still the gateway, with its profiles', async () => {
    // the echo's body handed out a tick at a time: the exchange is reported on 'finish'
    const later: Middleware = (app) =>
      function laterApp(environ, startResponse) {
        const body = app(environ, startResponse) as Iterable<Uint8Array>
        return (async function* () {
          for (const chunk of body) {
            await new Promise((resolve) => setImmediate(resolve))
            yield chunk
          }
        })()
      }
    const server = await listen({ middleware: [later] })
    const { json } = await send(server.url, {
      target: '/async',
      headers: [['Host', 'h']],
      profiles: ['gunicorn'],
    })
    expect(json.handledBy).toBe('gateway')
    expect(json.environ?.PATH_INFO).toBe('/async')
    expect(json.profiles?.gunicorn).toMatchObject({ environ: { PATH_INFO: '/async' } })
  })
})

describe('provenance', () => {
  test('every environ key has one, for the echo and for every profile', async () => {
    const server = await listen()
    const { json } = await send(server.url, {
      method: 'POST',
      target: '/caf%C3%A9?x=1',
      headers: [
        ['Host', 'h'],
        ['X-Dup', 'a'],
        ['X-Dup', 'b'],
        ['Content-Type', 'text/x'],
      ],
      body: 'hi',
      profiles: ['wsgiref', 'gunicorn', 'werkzeug'],
    })
    expect(Object.keys(json.provenance ?? {})).toEqual(Object.keys(json.environ ?? {}))
    for (const outcome of Object.values(json.profiles ?? {})) {
      if (!('environ' in outcome)) throw new Error('a profile refused')
      expect(Object.keys(outcome.provenance)).toEqual(Object.keys(outcome.environ))
    }
    const at = ([start, end]: readonly [number, number]) => json.sent.text.slice(start, end)
    expect(json.provenance?.HTTP_X_DUP?.ranges.map(at)).toEqual(['a', 'b'])
    expect(json.provenance?.HTTP_X_DUP?.steps).toContain('comma-join')
    expect(json.provenance?.PATH_INFO?.ranges.map(at)).toEqual(['/caf%C3%A9'])
    expect(json.provenance?.['wsgi.input']?.ranges.map(at)).toEqual(['hi'])
  })
})

describe('safety', () => {
  test('an absolute-form target naming another host still reaches this server', async () => {
    const server = await listen()
    const { json } = await send(server.url, { target: 'http://other.example/abs?q=1' })
    expect(json.handledBy).toBe('gateway')
    expect(json.environ).toMatchObject({
      SERVER_PORT: String(server.port),
      PATH_INFO: 'http://other.example/abs',
      QUERY_STRING: 'q=1',
    })
  })

  test('a target and Host naming another listener never connect to it', async () => {
    const server = await listen()
    let connections = 0
    const decoy = net.createServer((socket) => {
      connections++
      socket.destroy()
    })
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve))
    const decoyPort = (decoy.address() as net.AddressInfo).port
    try {
      const elsewhere = `127.0.0.1:${decoyPort}`
      const { json } = await send(server.url, {
        target: `http://${elsewhere}/`,
        headers: [['Host', elsewhere]],
      })
      expect(json.environ?.SERVER_PORT).toBe(String(server.port))
      const raw = await send(server.url, {
        raw: `GET http://${elsewhere}/ HTTP/1.1\r\nHost: ${elsewhere}\r\n\r\n`,
      })
      expect(raw.json.environ?.SERVER_PORT).toBe(String(server.port))
      expect(connections).toBe(0)
    } finally {
      await new Promise((resolve) => decoy.close(resolve))
    }
  })

  test.each([
    ['host', { host: '10.0.0.1' }],
    ['port', { port: 22 }],
    ['url', { url: 'http://10.0.0.1/' }],
    ['host', { raw: 'GET / HTTP/1.1\r\n\r\n', host: '10.0.0.1' }],
  ])('refuses a %s field with a 400', async (field, body) => {
    const server = await listen()
    const { status, json } = await send<ApiError>(server.url, body)
    expect(status).toBe(400)
    expect(json).toMatchObject({ statusCode: 400, code: 'EI_ERR_RELAY_INPUT', field })
    expect(json.message).toMatch(/only ever connects to this server/)
  })

  test('refuses bad JSON with the parser’s reason', async () => {
    const server = await listen()
    const { status, json } = await send<ApiError>(server.url, '{"method": "GET",')
    expect(status).toBe(400)
    expect(json).toMatchObject({ field: 'body' })
    expect(json.message).toMatch(/^body: not valid JSON: /)
  })

  test('refuses a body that is not JSON with 415', async () => {
    const server = await listen()
    const { status, json } = await send<ApiError>(server.url, 'raw=GET', 'text/plain')
    expect(status).toBe(415)
    expect(json.message).toMatch(/application\/json/)
  })

  test('refuses bad base64 with a 400', async () => {
    const server = await listen()
    const { status, json } = await send<ApiError>(server.url, {
      raw: 'not base64!',
      rawEncoding: 'base64',
    })
    expect(status).toBe(400)
    expect(json.message).toMatch(/^raw: not valid base64/)
  })

  test.each([
    [
      {
        headers: [
          ['Host', 'h'],
          ['X Bad', 'v'],
        ],
      },
      'headers[1][0]',
      /"X Bad" is not a header token/,
    ],
    [{ headers: [['X-Inject', 'a\r\nHost: evil']] }, 'headers[0][1]', /CR at 1/],
    [{ headers: [['X-Nul', 'a\0']] }, 'headers[0][1]', /NUL/],
    [{ target: '/a HTTP/1.1\r\nX: y' }, 'target', /would change the request line/],
    [{ method: 'GET /x' }, 'method', /not a token/],
  ])('structured mode refuses %j naming %s', async (body, field, message) => {
    const server = await listen()
    const { status, json } = await send<ApiError>(server.url, body)
    expect(status).toBe(400)
    expect(json.field).toBe(field)
    expect(json.message).toMatch(message)
  })

  test.each([
    [{ target: `/${'a'.repeat(LIMITS.targetChars)}` }, 'target'],
    [{ headers: Array.from({ length: LIMITS.headers + 1 }, () => ['X', '1']) }, 'headers'],
    [{ headers: [['X', 'v'.repeat(LIMITS.headerValueChars + 1)]] }, 'headers[0][1]'],
    [{ body: 'b'.repeat(LIMITS.bodyBytes + 1) }, 'body'],
    [{ raw: 'r'.repeat(LIMITS.rawBytes + 1) }, 'raw'],
  ])('a field over its limit is a 400 naming it (%#)', async (body, field) => {
    const server = await listen()
    const { status, json } = await send<ApiError>(server.url, body)
    expect(status).toBe(400)
    expect(json.field).toBe(field)
  })

  test('a JSON body over the limit is a 413', async () => {
    const server = await listen()
    const { status, json } = await send<ApiError>(server.url, {
      raw: 'x'.repeat(LIMITS.jsonBytes),
    })
    expect(status).toBe(413)
    expect(json.message).toMatch(/larger than 524288 bytes/)
  })

  test('the API call is neither echoed nor captured; the relayed request is flagged, not kept', async () => {
    const exchanges: Exchange[] = []
    const flags: boolean[] = []
    const server = await listen({
      onExchange: (exchange) => {
        exchanges.push(exchange)
        flags.push(isRelayExchange(exchange))
      },
    })
    await fetch(`${server.url}/direct`)
    await send(server.url, { target: '/relayed', headers: [['Host', 'h']] })
    expect(exchanges.map((e) => e.request.target)).toEqual(['/direct', '/relayed'])
    expect(flags).toEqual([false, true])
    const list = (await (await fetch(`${server.url}/_inspector/api/requests`)).json()) as {
      items: Array<{ target: string }>
    }
    // user traffic only: the exact send does not show up in live capture's history
    expect(list.items.map((item) => item.target)).toEqual(['/direct'])
  })

  test('an exact send is not in the history or the event stream, a direct request is', async () => {
    const server = await listen()
    const events = new AbortController()
    const stream = await fetch(`${server.url}/_inspector/api/events`, { signal: events.signal })
    const reader = stream.body?.getReader()
    await send(server.url, { target: '/relayed', headers: [['Host', 'h']] })
    await send(server.url, { raw: 'GET /relayed-raw HTTP/1.1\r\nHost: h\r\n\r\n' })
    await fetch(`${server.url}/direct`)
    let text = ''
    while (reader && !text.includes('/direct')) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    events.abort()
    expect(text).toContain('"target":"/direct"')
    expect(text).not.toContain('/relayed')
    const list = (await (await fetch(`${server.url}/_inspector/api/requests`)).json()) as {
      items: Array<{ target: string }>
    }
    expect(list.items.map((item) => item.target)).toEqual(['/direct'])
  })

  test('the relay cannot call its own API (508 Loop Detected)', async () => {
    const server = await listen()
    const inner = JSON.stringify({ target: '/' })
    const { json } = await send(server.url, {
      raw:
        `POST ${API} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${inner.length}\r\n\r\n${inner}`,
    })
    expect(json.response?.status).toBe(508)
    expect(JSON.parse(json.response?.body.text ?? '')).toMatchObject({ code: 'EI_ERR_RELAY_LOOP' })
    expect(json.handledBy).toBe('inspector')
  })

  test('a server bound to every address relays to its loopback', async () => {
    const server = await buildServer({ ...DEFAULTS })
    await server.listen({ host: '0.0.0.0', port: 0 })
    try {
      const port = (server.server.address() as net.AddressInfo).port
      const { json } = await send(`http://127.0.0.1:${port}`, { headers: [['Host', 'h']] })
      expect(json.environ).toMatchObject({ SERVER_PORT: String(port), REMOTE_ADDR: '127.0.0.1' })
      expect(json.added).toEqual([])
    } finally {
      await server.close()
    }
  })
})

describe('GET /_inspector/api/send', () => {
  test('describes the limits, profiles and provenance steps for the UI', async () => {
    const server = await listen()
    const res = await sendRaw(server, `GET ${API} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    expect(jsonBody(res)).toMatchObject({
      limits: { rawBytes: 65536, bodyBytes: 65536, headers: 200 },
      profiles: [...PROFILE_IDS],
      serverProfile: 'wsgiref',
      steps: { 'percent-decode': expect.any(String), 'comma-join': expect.any(String) },
    })
  })
})
