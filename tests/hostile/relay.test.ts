/**
 * The exact-send API (`POST /_inspector/api/send`) talks to this server's own listener and
 * nothing else. A canary TCP listener waits on another port of every local address; hostile
 * inputs name it every way a request can name a place (absolute-form targets, Host and
 * Forwarded headers, CONNECT and Upgrade in raw bytes, extra host/port/url fields), fixed
 * ones and fast-check ones. The canary must never see a connection, and the API must answer
 * each with a 2xx or a 4xx, never a 5xx.
 */
import net from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { FUZZ_SEED, SCALE } from './scale.ts'

interface Canary {
  port: number
  connections: () => number
  close: () => Promise<void>
}

/** Listen on every local address (IPv4 and IPv6) and count who connects. */
async function startCanary(): Promise<Canary> {
  let connections = 0
  const server = net.createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: '::', port: 0, ipv6Only: false }, () => resolve())
  }).catch(
    () =>
      new Promise<void>((resolve) => server.listen({ host: '0.0.0.0', port: 0 }, () => resolve()))
  )
  const { port } = server.address() as net.AddressInfo
  return {
    port,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Every way of writing "the canary" that a URL, a Host header or a CONNECT may carry. */
function canaryNames(port: number): string[] {
  return [
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `[::1]:${port}`,
    `0.0.0.0:${port}`,
    `127.1:${port}`,
    `2130706433:${port}`,
    `[::ffff:127.0.0.1]:${port}`,
    `user:pass@127.0.0.1:${port}`,
  ]
}

function hostileSends(port: number, server: InspectorProcess): unknown[] {
  const names = canaryNames(port)
  const self = `127.0.0.1:${server.port}`
  const raw = (text: string) => ({ raw: text, rawEncoding: 'latin1' })
  return [
    ...names.flatMap((name) => [
      { method: 'GET', target: `http://${name}/` },
      { method: 'GET', target: `//${name}/x` },
      { method: 'CONNECT', target: name },
      { method: 'GET', target: '/', headers: [['Host', name]] },
      { method: 'GET', target: '/', headers: [['X-Forwarded-Host', name]] },
      { method: 'GET', target: '/', headers: [['Forwarded', `host="${name}";proto=http`]] },
      { method: 'OPTIONS', target: `http://${name}/*` },
      raw(`GET http://${name}/ HTTP/1.1\r\nHost: ${name}\r\n\r\n`),
      raw(
        `CONNECT ${name} HTTP/1.1\r\nHost: ${name}\r\n\r\nGET / HTTP/1.1\r\nHost: ${name}\r\n\r\n`
      ),
      raw(`GET / HTTP/1.1\r\nHost: ${name}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`),
    ]),
    // fields the API does not have: each one is a 400
    { method: 'GET', target: '/', host: '127.0.0.1', port },
    { method: 'GET', target: '/', url: `http://127.0.0.1:${port}/` },
    { raw: 'GET / HTTP/1.1\r\n\r\n', address: `127.0.0.1:${port}` },
    { target: '/', hostname: 'localhost', server: `127.0.0.1:${port}` },
    { target: '/', socketPath: '/tmp/canary.sock' },
    // the relay calling itself, in both modes: refused, so it cannot loop or bounce
    raw(
      `POST /_inspector/api/send HTTP/1.1\r\nHost: ${self}\r\nContent-Type: application/json\r\n` +
        `Content-Length: 40\r\n\r\n{"target":"http://127.0.0.1:${port}/"}    `
    ),
    {
      method: 'POST',
      target: `http://${self}/_inspector/api/send`,
      headers: [['Content-Type', 'application/json']],
      body: JSON.stringify({ target: `http://127.0.0.1:${port}/` }),
    },
    // the proxy debugger's API reached through the relay, with canary addresses in it
    {
      method: 'POST',
      target: '/_inspector/api/proxy',
      headers: [['Content-Type', 'application/json']],
      body: JSON.stringify({
        request: { headers: [['Host', `127.0.0.1:${port}`]], peer: { address: '127.0.0.1', port } },
        policy: { mode: 'none' },
      }),
    },
  ]
}

/** Random send bodies: known fields and smuggling fields, values naming the canary. */
function randomSends(port: number): fc.Arbitrary<unknown> {
  const names = canaryNames(port)
  const place = fc.oneof(
    fc.constantFrom(...names),
    fc.constantFrom(...names).map((n) => `http://${n}/`),
    fc.constantFrom(...names).map((n) => `https://${n}/path?q=1`),
    fc.string({ maxLength: 30 })
  )
  const value = fc.oneof(
    place,
    fc.integer({ min: -1, max: 70_000 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.tuple(fc.constantFrom('Host', 'Forwarded', 'X-Forwarded-Host', 'Via'), place), {
      maxLength: 3,
    })
  )
  const key = fc.constantFrom(
    'method',
    'target',
    'httpVersion',
    'headers',
    'body',
    'raw',
    'rawEncoding',
    'host',
    'port',
    'url',
    'proxy',
    'connect',
    '__proto__',
    'constructor'
  )
  return fc.oneof(
    fc.dictionary(key, value, { maxKeys: 5 }),
    fc
      .tuple(fc.constantFrom('GET', 'CONNECT', 'OPTIONS', 'POST'), place, place)
      .map(([method, target, host]) => ({ method, target, headers: [['Host', host]] })),
    fc
      .tuple(fc.constantFrom('GET', 'CONNECT', 'PRI'), place, place)
      .map(([method, target, host]) => ({
        raw: `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        rawEncoding: 'latin1',
      }))
  )
}

describe('the exact-send relay never reaches another address', () => {
  let server: InspectorProcess
  let canary: Canary
  beforeAll(async () => {
    canary = await startCanary()
    server = await startInspector(['--quiet'])
  }, 30_000)
  afterAll(async () => {
    await server.close()
    await canary.close()
  })

  async function send(body: unknown): Promise<number> {
    const res = await fetch(`${server.url}_inspector/api/send`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    await res.arrayBuffer()
    return res.status
  }

  test('the canary itself is reachable (so a relay that reached it would be seen)', async () => {
    await new Promise<void>((resolve, reject) => {
      const probe = net.connect({ host: '127.0.0.1', port: canary.port }, () => {
        probe.destroy()
        resolve()
      })
      probe.on('error', reject)
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(canary.connections()).toBe(1)
  })

  test('fixed hostile inputs: absolute-form, Host, Forwarded, CONNECT, Upgrade, extra fields', async () => {
    const before = canary.connections()
    const statuses = new Map<number, number>()
    for (const body of hostileSends(canary.port, server)) {
      const status = await send(body)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      expect(status, JSON.stringify(body)).toBeLessThan(500)
    }
    console.log(`relay: fixed inputs answered ${JSON.stringify(Object.fromEntries(statuses))}`)
    expect(canary.connections() - before, 'connections the canary received').toBe(0)
    expect(statuses.get(200), 'some inputs were relayed (to our own echo)').toBeGreaterThan(0)
    expect(statuses.get(400), 'the extra fields were refused').toBeGreaterThan(0)
  }, 60_000)

  test(`${SCALE.relayInputs} generated inputs (seed ${FUZZ_SEED})`, async () => {
    const before = canary.connections()
    const bodies = fc.sample(randomSends(canary.port), {
      numRuns: SCALE.relayInputs,
      seed: FUZZ_SEED,
    })
    const counts = new Map<number, number>()
    for (let i = 0; i < bodies.length; i += 8) {
      const statuses = await Promise.all(bodies.slice(i, i + 8).map(send))
      statuses.forEach((status, j) => {
        counts.set(status, (counts.get(status) ?? 0) + 1)
        expect(status, JSON.stringify(bodies[i + j])).toBeLessThan(500)
      })
    }
    console.log(`relay: generated inputs answered ${JSON.stringify(Object.fromEntries(counts))}`)
    expect(canary.connections() - before, 'connections the canary received').toBe(0)
    expect(server.errors()).toBe('')
  }, 300_000)
})
