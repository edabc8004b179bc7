/**
 * The server's own environment never leaves it: started with a canary variable, no echo,
 * capture, event, relay, proxy or info response may contain its name or value, unless
 * `--os-environ` asks for wsgiref's behaviour (the control, which proves the probe can see
 * it). Off loopback, the banner warns that anyone on the network can read the echo.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'

const NAME = 'EI_CANARY_SECRET'
const VALUE = 'canary-7f3a9c-do-not-leak'
const ENV = { PATH: process.env.PATH ?? '', [NAME]: VALUE }

async function text(url: string, init?: RequestInit): Promise<string> {
  const res = await fetch(url, init)
  return `${res.status} ${JSON.stringify([...res.headers])}\n${await res.text()}`
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
})

/** Read an event stream for `ms` and return everything that arrived. */
function readStream(url: string, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = ''
    const req = request(url, { headers: { Accept: 'text/event-stream' }, agent: false }, (res) => {
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        received += chunk
      })
      res.on('error', () => {})
      setTimeout(() => {
        req.destroy()
        resolve(received)
      }, ms)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Every response a client can get out of the server, after traffic that fills the history. */
async function everyResponse(server: InspectorProcess): Promise<Record<string, string>> {
  const base = server.url
  const api = `${base}_inspector/api`
  const out: Record<string, string> = {}
  out.echoGet = await text(`${base}probe?env=1&x=%24HOME`)
  out.echoPost = await text(`${base}probe`, { method: 'POST', body: 'print(os.environ)' })
  out.echoHead = await text(`${base}probe`, { method: 'HEAD' })
  out.send = await text(`${api}/send`, json({ method: 'GET', target: '/via-relay?env=1' }))
  out.sendRaw = await text(
    `${api}/send`,
    json({
      raw: `GET /raw HTTP/1.1\r\nHost: x\r\n\r\n`,
      rawEncoding: 'latin1',
      profiles: ['wsgiref', 'gunicorn', 'werkzeug'],
    })
  )
  out.sendInfo = await text(`${api}/send`)
  out.proxy = await text(
    `${api}/proxy`,
    json({ request: { headers: [['Host', 'x']] }, policy: { mode: 'none' } })
  )
  out.proxyPresets = await text(`${api}/proxy/presets`)
  out.info = await text(`${api}/info`)
  out.health = await text(`${api}/health`)
  out.requests = await text(`${api}/requests`)
  const list = JSON.parse(out.requests.slice(out.requests.indexOf('\n') + 1)) as {
    items: Array<{ id: string }>
  }
  for (const record of list.items) {
    out[`request${record.id}`] = await text(`${api}/requests/${record.id}`)
  }
  out.events = await readStream(`${api}/events?after=0`, 500)
  out.notFound = await text(`${api}/nope`)
  out.ui = await text(`${base}_inspector/`)
  return out
}

describe('the server environment stays in the server', () => {
  let plain: InspectorProcess
  let optedIn: InspectorProcess
  beforeAll(async () => {
    plain = await startInspector([], { env: ENV })
    optedIn = await startInspector(['--os-environ'], { env: ENV })
  }, 30_000)
  afterAll(async () => {
    await plain.close()
    await optedIn.close()
  })

  test('no response carries a variable of the environment without --os-environ', async () => {
    const responses = await everyResponse(plain)
    // the three echoes are in the history (relayed sends are not user traffic), each read whole
    expect(
      Object.keys(responses).filter((key) => /^request\d+$/.test(key)).length
    ).toBeGreaterThanOrEqual(3)
    for (const [where, body] of Object.entries(responses)) {
      expect(body, where).not.toContain(VALUE)
      expect(body, where).not.toContain(NAME)
    }
    expect(plain.output()).not.toContain(VALUE)
  }, 30_000)

  test('with --os-environ the echo carries it (so the probe above could see it), and says so', async () => {
    const environ = (await (await fetch(`${optedIn.url}probe`)).json()) as Record<string, string>
    expect(environ[NAME]).toBe(VALUE)
    expect(optedIn.errors()).toContain('warning: --os-environ')
    // the proxy debugger builds from the server's facts, never the copied environment
    const proxy = await text(
      `${optedIn.url}_inspector/api/proxy`,
      json({ request: { headers: [['Host', 'x']] }, policy: { mode: 'none' } })
    )
    expect(proxy).not.toContain(VALUE)
  })
})

describe('binding off loopback', () => {
  test.each([
    ['0.0.0.0', '127.0.0.1'],
    ['::', '::1'],
  ])(
    '--host %s warns on stderr that anyone on the network can read the echo',
    async (host, local) => {
      const server = await startInspector(['--host', host]).catch(() => null)
      if (server === null) return // no IPv6 on this machine
      try {
        await expect
          .poll(() => server.errors())
          .toContain(
            `warning: listening on ${host}: anyone who can reach this port can read the echo`
          )
        expect(server.errors()).toContain('--redact authorization,cookie')
        const url = `http://${local.includes(':') ? `[${local}]` : local}:${server.port}/`
        expect((await fetch(url)).status).toBe(200)
      } finally {
        await server.close()
      }
    }
  )

  test('on loopback there is no warning', async () => {
    const server = await startInspector([])
    try {
      expect((await fetch(server.url)).status).toBe(200)
      expect(server.errors()).toBe('')
    } finally {
      await server.close()
    }
  })
})
