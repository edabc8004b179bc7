/**
 * Live capture over real sockets: the history API, the event stream (order, environ,
 * Last-Event-ID replay), redaction, truncation, capture off, and the access log.
 */
import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import type {
  RequestEventJson,
  RequestListJson,
  RequestRecordJson,
} from '../../server/contract/api/requests.ts'
import { runCli, startInspector } from '../helpers/inspector-process.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'
import { type Listening, listen } from '../helpers/server.ts'
import { openEventStream } from '../helpers/sse.ts'

type Environ = Record<string, string>

const API = '/_inspector/api'
const HISTORY = { limit: 500, bodyLimit: 64 * 1024, redact: [] as string[] }

async function getJson<T>(server: Listening, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`)
  return { status: res.status, body: (await res.json()) as T }
}

const list = async (server: Listening, query = '') =>
  (await getJson<RequestListJson>(server, `${API}/requests${query}`)).body

const record = async (server: Listening, id: string) =>
  (await getJson<RequestRecordJson>(server, `${API}/requests/${id}`)).body

/**
 * Wait until the history holds `total` requests. The record is added when the response has
 * been handed to the socket, which a fast client can race.
 */
async function waitForTotal(server: Listening, total: number): Promise<RequestListJson> {
  const deadline = Date.now() + 3000
  for (;;) {
    const body = await list(server)
    if (body.total >= total || Date.now() > deadline) return body
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function get(server: Listening, target: string, headers = ''): Promise<Environ> {
  const res = await sendRaw(
    server,
    `GET ${target} HTTP/1.1\r\nHost: capture.test\r\n${headers}\r\n`
  )
  expect(res.status, res.statusLine ?? '').toBe(200)
  return jsonBody<Environ>(res)
}

const events = (server: Listening, query = '') => `${server.url}${API}/events${query}`

describe('the README example', () => {
  test("curl -d 'hello' '…/hook?from=curl', then GET …/api/requests and …/requests/1", async () => {
    const server = await listen()
    const res = await fetch(`${server.url}/hook?from=curl`, { method: 'POST', body: 'hello' })
    const echoed = (await res.json()) as Environ

    const page = await waitForTotal(server, 1)
    expect(page).toMatchObject({ total: 1, next: null, enabled: true, capacity: 500 })
    const [summary] = page.items
    expect(summary).toMatchObject({
      id: '1',
      method: 'POST',
      target: '/hook?from=curl',
      status: 200,
      bodySize: 5,
      peer: { address: '127.0.0.1' },
    })

    const full = await record(server, '1')
    expect(full.environ).toEqual(echoed)
    expect(Object.keys(full.environ ?? {})).toEqual(Object.keys(echoed))
    expect(full.request).toMatchObject({
      method: 'POST',
      target: '/hook?from=curl',
      httpVersion: '1.1',
      requestLine: 'POST /hook?from=curl HTTP/1.1',
      head: { reconstructed: true },
      body: {
        size: 5,
        kept: 5,
        truncated: false,
        base64: Buffer.from('hello').toString('base64'),
        sha256: createHash('sha256').update('hello').digest('hex'),
      },
    })
    expect(full.request.head.text).toMatch(/^POST \/hook\?from=curl HTTP\/1\.1\r\n/)
    expect(full.request.head.text.endsWith('\r\n\r\n')).toBe(true)
  })
})

describe('the event stream', () => {
  test('sends the requests of several clients as request events, in id order, with their environ', async () => {
    const server = await listen()
    const stream = await openEventStream(events(server))
    expect(stream.status).toBe(200)
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/)
    const ready = await stream.next()
    expect(ready.event).toBe('ready')
    expect(JSON.parse(ready.data)).toEqual({ after: '0', lastId: '0', replay: 0, missed: 0 })

    const echoes = new Map<string, Environ>()
    await Promise.all(
      [0, 1, 2].map(async (client) => {
        for (let n = 0; n < 10; n++) {
          const query = `client=${client}&n=${n}`
          const res = await sendRaw(
            server,
            `POST /hook?${query} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi`
          )
          echoes.set(query, jsonBody<Environ>(res))
        }
      })
    )

    const received = await stream.take(30, 'request')
    expect(received.map((e) => Number(e.id))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1))
    const seen = new Map<string, number[]>()
    for (const event of received) {
      const data = JSON.parse(event.data) as RequestEventJson
      expect(data.id).toBe(event.id)
      const query = data.environ?.QUERY_STRING ?? ''
      expect(data.environ, query).toEqual(echoes.get(query))
      expect(data).toMatchObject({
        method: 'POST',
        target: `/hook?${query}`,
        status: 200,
        bodySize: 2,
      })
      const [client, n] = query.split('&').map((part) => Number(part.split('=')[1]))
      seen.set(String(client), [...(seen.get(String(client)) ?? []), n as number])
    }
    // each client sent its requests one after another: they arrive in that order
    for (const ns of seen.values()) expect(ns).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(stream.lastEventId).toBe('30')
  })

  test('reconnecting with Last-Event-ID replays what was missed, then goes on live', async () => {
    const server = await listen()
    const first = await openEventStream(events(server))
    await first.next()
    for (let n = 0; n < 3; n++) await get(server, `/before?n=${n}`)
    await first.take(3, 'request')
    first.close()
    const lastId = first.lastEventId
    expect(lastId).toBe('3')

    for (let n = 0; n < 4; n++) await get(server, `/while-away?n=${n}`)
    await waitForTotal(server, 7)

    const second = await openEventStream(events(server), { lastEventId: lastId })
    const ready = await second.next()
    expect(JSON.parse(ready.data)).toEqual({ after: '3', lastId: '7', replay: 4, missed: 0 })
    const replayed = await second.take(4, 'request')
    expect(replayed.map((e) => e.id)).toEqual(['4', '5', '6', '7'])
    expect(replayed.map((e) => (JSON.parse(e.data) as RequestEventJson).target)).toEqual([
      '/while-away?n=0',
      '/while-away?n=1',
      '/while-away?n=2',
      '/while-away?n=3',
    ])
    await get(server, '/live')
    const live = await second.next()
    expect([live.id, (JSON.parse(live.data) as RequestEventJson).target]).toEqual(['8', '/live'])
  })

  test('replays only what the ring still holds, and says how many are gone', async () => {
    const server = await listen({ history: { ...HISTORY, limit: 5 } })
    for (let n = 1; n <= 12; n++) await get(server, `/r?n=${n}`)
    await waitForTotal(server, 5)
    const stream = await openEventStream(events(server), { lastEventId: '2' })
    expect(JSON.parse((await stream.next()).data)).toEqual({
      after: '7',
      lastId: '12',
      replay: 5,
      missed: 5,
    })
    const replayed = await stream.take(5, 'request')
    expect(replayed.map((e) => e.id)).toEqual(['8', '9', '10', '11', '12'])
  })

  test('?after= starts a first connection after an id from the list', async () => {
    const server = await listen()
    for (let n = 1; n <= 3; n++) await get(server, `/a?n=${n}`)
    await waitForTotal(server, 3)
    const stream = await openEventStream(events(server, '?after=1'))
    await stream.next()
    expect((await stream.take(2, 'request')).map((e) => e.id)).toEqual(['2', '3'])
  })

  test('a Last-Event-ID from before a restart replays everything held', async () => {
    const server = await listen()
    await get(server, '/one')
    await waitForTotal(server, 1)
    const stream = await openEventStream(events(server), { lastEventId: '9000' })
    expect(JSON.parse((await stream.next()).data)).toMatchObject({ after: '0', replay: 1 })
    expect((await stream.next()).id).toBe('1')
  })

  test('DELETE empties the history, tells open streams, and ids keep counting', async () => {
    const server = await listen()
    const stream = await openEventStream(events(server))
    await stream.next()
    await get(server, '/x')
    await get(server, '/y')
    await stream.take(2, 'request')

    const res = await fetch(`${server.url}${API}/requests`, { method: 'DELETE' })
    expect([res.status, await res.json()]).toEqual([200, { cleared: 2 }])
    const cleared = await stream.next()
    expect([cleared.event, cleared.id, JSON.parse(cleared.data)]).toEqual([
      'cleared',
      null,
      { cleared: 2, lastId: '2' },
    ])
    expect((await list(server)).total).toBe(0)

    await get(server, '/z')
    expect((await stream.next()).id).toBe('3')
    expect((await record(server, '3')).target).toBe('/z')
  })

  test('refuses an ?after= that is not an id with a 400', async () => {
    const server = await listen()
    const stream = await openEventStream(events(server, '?after=abc'))
    expect(stream.status).toBe(400)
    expect(await stream.text()).toMatch(/querystring\/after/)
  })

  test('answers 406 to a client that accepts only JSON', async () => {
    const server = await listen()
    const stream = await openEventStream(events(server), {
      headers: { Accept: 'application/json' },
    })
    expect(stream.status).toBe(406)
  })

  test('closing the server ends open streams instead of waiting for them', async () => {
    const server = await listen({}, false)
    const stream = await openEventStream(events(server), { autoClose: false })
    await stream.next()
    const closed = await Promise.race([
      server.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open after 3 s'), 3000)),
    ])
    expect(closed).toBe('closed')
    await stream.ended
  })
})

describe('the history API', () => {
  test('/_inspector/api/info reports the capture settings', async () => {
    const server = await listen({ history: { limit: 7, bodyLimit: 1024, redact: ['cookie'] } })
    const { body } = await getJson<{ capture: unknown }>(server, `${API}/info`)
    expect(body.capture).toEqual({ history: 7, historyBody: 1024, redact: ['cookie'] })
  })

  test('pages newest first with a next cursor', async () => {
    const server = await listen()
    for (let n = 1; n <= 7; n++) await get(server, `/p?n=${n}`)
    await waitForTotal(server, 7)
    const first = await list(server, '?limit=3')
    expect([first.items.map((i) => i.id), first.next, first.total]).toEqual([
      ['7', '6', '5'],
      '5',
      7,
    ])
    const second = await list(server, `?limit=3&before=${first.next}`)
    expect([second.items.map((i) => i.id), second.next]).toEqual([['4', '3', '2'], '2'])
    const last = await list(server, `?limit=3&before=${second.next}`)
    expect([last.items.map((i) => i.id), last.next]).toEqual([['1'], null])
    expect((await list(server)).items).toHaveLength(7) // default limit 50
  })

  test.each(['?limit=0', '?limit=501', '?limit=ten', '?before=0', '?before=x'])(
    'refuses %s with a 400 that says why',
    async (query) => {
      const server = await listen()
      const { status, body } = await getJson<{ message: string }>(server, `${API}/requests${query}`)
      expect(status).toBe(400)
      expect(body.message).toMatch(/querystring\/(limit|before)/)
    }
  )

  test.each(['99', 'abc', '1.5'])('answers 404 with a reason for request %s', async (id) => {
    const server = await listen()
    await get(server, '/only')
    await waitForTotal(server, 1)
    const { status, body } = await getJson<{ error: string }>(server, `${API}/requests/${id}`)
    expect(status).toBe(404)
    expect(body.error).toMatch(/^no request ".*" in the history: it holds ids 1 to 1/)
  })

  test('never records requests under /_inspector/, but does record /_inspectorx', async () => {
    const server = await listen()
    for (const target of [
      '/_inspector/api/health',
      '/_inspector/api/info',
      '/_inspector',
      '/_inspector?x=1',
      '/_inspector/',
      '/_inspector/api/requests',
      '/_inspector/api/requests/1',
      '/_inspector/api/nope',
    ]) {
      await sendRaw(server, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`)
    }
    expect((await list(server)).total).toBe(0)
    await get(server, '/_inspectorx')
    const page = await waitForTotal(server, 1)
    expect(page.items.map((i) => i.target)).toEqual(['/_inspectorx'])
  })

  test('records a request the profile refused, with no environ and the reason', async () => {
    const server = await listen({ profile: 'gunicorn' })
    const res = await sendRaw(server, 'GET /dup HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n')
    expect(res.status).toBe(400)
    await waitForTotal(server, 1)
    const full = await record(server, '1')
    expect(full).toMatchObject({ status: 400, environ: null, target: '/dup' })
    expect(full.refusal).toMatch(/Host/)
  })

  test('the peer port is the one the environ reports (gunicorn REMOTE_PORT)', async () => {
    const server = await listen({ profile: 'gunicorn' })
    const environ = await get(server, '/port')
    await waitForTotal(server, 1)
    const full = await record(server, '1')
    expect(full.peer).toEqual({ address: '127.0.0.1', port: Number(environ.REMOTE_PORT) })
    expect(full.local).toEqual({ address: '127.0.0.1', port: server.port })
  })

  test('keeps the head as sent: case, order, duplicates, latin-1 bytes', async () => {
    const server = await listen()
    const head =
      'GET /h?q=1 HTTP/1.1\r\nhost: x\r\nX-Dup: 1\r\nx-dup: 2\r\nX_Under: u\r\nX-Latin: caf\u00e9\r\n\r\n'
    await sendRaw(server, head)
    await waitForTotal(server, 1)
    const full = await record(server, '1')
    expect(full.request.head).toEqual({ text: head, bytes: head.length, reconstructed: true })
    expect(full.request.headers).toEqual([
      ['host', 'x'],
      ['X-Dup', '1'],
      ['x-dup', '2'],
      ['X_Under', 'u'],
      ['X-Latin', 'caf\u00e9'],
    ])
  })

  test('keeps a chunked body de-chunked, with the head that said chunked', async () => {
    const server = await listen()
    await sendRaw(
      server,
      'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'
    )
    await waitForTotal(server, 1)
    const { request } = await record(server, '1')
    expect(request.body).toMatchObject({ size: 11, kept: 11, truncated: false })
    expect(Buffer.from(request.body.base64, 'base64').toString()).toBe('hello world')
    expect(request.headers).toContainEqual(['Transfer-Encoding', 'chunked'])
  })

  test('keeps the first --history-body bytes, with the size and SHA-256 of the whole body', async () => {
    const server = await listen()
    const body = randomBytes(100_000)
    const res = await fetch(`${server.url}/big`, { method: 'PUT', body })
    expect(res.status).toBe(200)
    await waitForTotal(server, 1)
    const { request, bodySize } = await record(server, '1')
    expect(bodySize).toBe(100_000)
    expect(request.body).toMatchObject({
      size: 100_000,
      kept: 65_536,
      truncated: true,
      sha256: createHash('sha256').update(body).digest('hex'),
    })
    expect(Buffer.from(request.body.base64, 'base64').equals(body.subarray(0, 65_536))).toBe(true)
    expect((await list(server)).keptBodyBytes).toBe(65_536)
  })
})

describe('--redact', () => {
  const secrets = 'Authorization: Bearer s3cret\r\nCookie: session=abc\r\nX_Api_Key: k3y\r\n'

  test('replaces the values in the history and the event stream, never in the echo', async () => {
    const server = await listen({
      history: { ...HISTORY, redact: ['authorization', 'cookie', 'x-api-key'] },
    })
    const stream = await openEventStream(events(server))
    await stream.next()
    const echoed = await get(server, '/secret', `${secrets}X-Other: visible\r\n`)
    expect(echoed).toMatchObject({
      HTTP_AUTHORIZATION: 'Bearer s3cret',
      HTTP_COOKIE: 'session=abc',
      HTTP_X_API_KEY: 'k3y', // wsgiref keeps underscore headers
    })

    const event = await stream.next()
    const full = await record(server, '1')
    for (const text of [event.data, JSON.stringify(full)]) {
      for (const secret of ['s3cret', 'session=abc', 'k3y']) expect(text).not.toContain(secret)
    }
    const redacted = {
      HTTP_AUTHORIZATION: '[redacted]',
      HTTP_COOKIE: '[redacted]',
      HTTP_X_API_KEY: '[redacted]',
    }
    expect(full.environ).toMatchObject({ ...redacted, HTTP_X_OTHER: 'visible' })
    expect((JSON.parse(event.data) as RequestEventJson).environ).toMatchObject(redacted)
    expect(full.request.headers).toContainEqual(['Authorization', '[redacted]'])
    expect(full.request.headers).toContainEqual(['X-Other', 'visible'])
    expect(full.request.head.text).toContain('\r\nCookie: [redacted]\r\n')
    expect(full.redacted).toEqual(['Authorization', 'Cookie', 'X_Api_Key'])
    const page = await list(server)
    expect(page.redact).toEqual(['authorization', 'cookie', 'x-api-key'])
    // the list row carries the headers (for filtering), redacted like the record
    expect(page.items[0]?.headers).toEqual(full.request.headers)
    expect(JSON.stringify(page)).not.toContain('s3cret')
  })

  test('without --redact the history keeps every value', async () => {
    const server = await listen()
    await get(server, '/secret', secrets)
    await waitForTotal(server, 1)
    const full = await record(server, '1')
    expect(full.environ).toMatchObject({ HTTP_AUTHORIZATION: 'Bearer s3cret' })
    expect(full.redacted).toEqual([])
  })
})

describe('--history 0', () => {
  test('records nothing: the echo still answers, the API says capture is off', async () => {
    const lines: string[] = []
    const server = await listen({
      history: { ...HISTORY, limit: 0 },
      accessLog: { format: 'text', write: (text) => lines.push(text) },
    })
    await get(server, '/off')
    expect(await list(server)).toMatchObject({
      items: [],
      total: 0,
      enabled: false,
      notice: expect.stringMatching(/--history 0/),
    })
    for (const [method, path] of [
      ['GET', `${API}/requests/1`],
      ['DELETE', `${API}/requests`],
    ]) {
      const res = await fetch(`${server.url}${path}`, { method })
      expect([method, res.status]).toEqual([method, 404])
      expect(((await res.json()) as { error: string }).error).toMatch(/live capture is off/)
    }
    const stream = await openEventStream(events(server))
    expect(stream.status).toBe(404)
    expect(await stream.text()).toMatch(/live capture is off/)
    // the access log does not depend on the history
    await new Promise((resolve) => setImmediate(resolve))
    expect(lines.join('')).toMatch(/"GET \/off HTTP\/1\.1" 200/)
  })
})

describe('the access log', () => {
  async function logLines(lines: string[], count: number): Promise<string[]> {
    const deadline = Date.now() + 3000
    for (;;) {
      const all = lines.join('').split('\n').filter(Boolean)
      if (all.length >= count || Date.now() > deadline) return all
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  test('writes one text line per echoed request, none for /_inspector/', async () => {
    const lines: string[] = []
    const server = await listen({
      accessLog: { format: 'text', write: (text) => lines.push(text) },
    })
    await sendRaw(server, 'GET /_inspector/api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    const res = await sendRaw(server, 'GET /foo?x=1 HTTP/1.1\r\nHost: x\r\n\r\n')
    const all = await logLines(lines, 1)
    expect(all).toHaveLength(1)
    expect(all[0]).toMatch(
      new RegExp(`^127\\.0\\.0\\.1:\\d+ "GET /foo\\?x=1 HTTP/1\\.1" 200 ${res.body.length} \\d+ms$`)
    )
  })

  test('--log-format json: one object per line, with the history id', async () => {
    const lines: string[] = []
    const server = await listen({
      accessLog: { format: 'json', write: (text) => lines.push(text) },
    })
    await get(server, '/j')
    const [line] = await logLines(lines, 1)
    expect(JSON.parse(line ?? '')).toMatchObject({
      id: '1',
      peer: '127.0.0.1',
      method: 'GET',
      target: '/j',
      version: 'HTTP/1.1',
      status: 200,
    })
  })
})

describe('the command line', () => {
  async function outputMatching(output: () => string, pattern: RegExp): Promise<string> {
    const deadline = Date.now() + 5000
    while (!pattern.test(output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return output()
  }

  test('logs each request on stdout and says where the event stream is', async () => {
    const server = await startInspector(['--history', '3', '--redact', 'cookie'])
    try {
      expect(await outputMatching(server.output, /live:/)).toMatch(
        /live: +curl -N 'http:\/\/127\.0\.0\.1:\d+\/_inspector\/api\/events' +\(last 3 requests, up to 64 KiB of each body; redacting cookie; at most 300 KiB\)/
      )
      await fetch(`${server.url}cli?x=1`)
      const output = await outputMatching(server.output, /"GET \/cli\?x=1 HTTP\/1\.1" 200/)
      expect(output).toMatch(/^127\.0\.0\.1:\d+ "GET \/cli\?x=1 HTTP\/1\.1" 200 \d+ \d+ms$/m)
    } finally {
      await server.close()
    }
  })

  test('--log-format json writes JSON lines; --quiet writes none', async () => {
    const json = await startInspector(['--log-format', 'json'])
    const quiet = await startInspector(['--quiet'])
    try {
      await fetch(`${json.url}j`)
      await fetch(`${quiet.url}q`)
      const output = await outputMatching(json.output, /"target":"\/j"/)
      const line = output.split('\n').find((l) => l.includes('"target":"/j"')) ?? ''
      expect(JSON.parse(line)).toMatchObject({ id: '1', method: 'GET', status: 200 })
      // the quiet server recorded the request, then had time to (not) log it
      const page = (await (
        await fetch(`${quiet.url}_inspector/api/requests`)
      ).json()) as RequestListJson
      expect(page.total).toBe(1)
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(quiet.output()).not.toContain('/q')
    } finally {
      await Promise.all([json.close(), quiet.close()])
    }
    // two CLI processes start one after the other: each takes seconds on a busy machine
  }, 15_000)

  test('off loopback, warns that the history shows everyone their requests', async () => {
    const server = await startInspector(['--host', '0.0.0.0'])
    try {
      expect(await outputMatching(server.output, /can also read/)).toMatch(
        /warning: they can also read every recent request at \/_inspector\/api\/requests, other people's Authorization and Cookie headers included; --redact authorization,cookie hides them/
      )
    } finally {
      await server.close()
    }
  })

  test('--history 0 says capture is off in the banner', async () => {
    const server = await startInspector(['--history', '0'])
    try {
      expect(await outputMatching(server.output, /live:/)).toMatch(/live: +off \(--history 0\)/)
    } finally {
      await server.close()
    }
  })

  test.each([
    [['--history', 'many'], /^error: --history: expected a number of requests/],
    [['--log-format', 'xml'], /^error: --log-format: expected one of text, json/],
    [['--redact', 'a b'], /^error: --redact: expected header names/],
    [['--history-body', 'lots'], /^error: --history-body: expected a size/],
  ])('%j exits 2 with a one-line reason', async (args, reason) => {
    const { code, stderr } = await runCli(args)
    expect(code).toBe(2)
    expect(stderr).toMatch(reason)
  })
})
