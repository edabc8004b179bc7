/**
 * The inspector's JSON API under fuzz: random methods, content types and bodies (fast-check
 * JSON values shaped like each route's input, deep nesting, huge numbers, prototype keys)
 * on every route. Each answer must be a 2xx, 3xx or 4xx, never a 5xx; the process must
 * stay up with nothing on stderr.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, startInspector } from '../helpers/inspector-process.ts'
import { FUZZ_SEED, SCALE } from './scale.ts'

const ROUTES = [
  'api/send',
  'api/proxy',
  'api/proxy/presets',
  'api/requests',
  'api/requests/1',
  'api/requests/99999999999999999999',
  'api/info',
  'api/health',
  'api/nope',
  '',
]

const KEYS = [
  'method',
  'target',
  'httpVersion',
  'headers',
  'body',
  'bodyEncoding',
  'raw',
  'rawEncoding',
  'profiles',
  'request',
  'environ',
  'policy',
  'profile',
  'mode',
  'xFor',
  'proxies',
  'peer',
  '__proto__',
  'constructor',
]

const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 40 }),
    fc.constantFrom('wsgiref', 'gunicorn', 'werkzeug', 'none', 'proxy-fix', 'trusted', 'latin1'),
    fc.constantFrom('base64', 'utf8', 'GET', '/', '1.1', '127.0.0.1', '::1', '10.0.0.0/8'),
    fc.integer(),
    fc.double(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 1e308, 0),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('any'), { maxKeys: 4 })
  ),
})).any

const deep = fc
  .integer({ min: 1000, max: 50_000 })
  .map((n) => `{"environ":{"A":${'['.repeat(n)}${']'.repeat(n)}},"policy":{"mode":"none"}}`)

/** The routes as they are meant to be called, most of the time; anything else sometimes. */
const ENDPOINTS: ReadonlyArray<readonly [string, string]> = [
  ['POST', 'api/send'],
  ['POST', 'api/send'],
  ['POST', 'api/proxy'],
  ['POST', 'api/proxy'],
  ['GET', 'api/send'],
  ['GET', 'api/requests'],
  ['GET', 'api/requests/1'],
  ['DELETE', 'api/requests'],
  ['GET', 'api/proxy/presets'],
  ['GET', 'api/info'],
]

const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('limit', 'before', 'after', 'id', '__proto__'),
      fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constant('1e999'))
    ),
    { maxLength: 3 }
  )
  .map((pairs) =>
    pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`
  )

const call = fc.record({
  endpoint: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ENDPOINTS) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'),
        fc.constantFrom(...ROUTES)
      ),
    }
  ),
  query,
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    ''
  ),
  body: fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 })
        .map((v) => JSON.stringify(v)),
    },
    { weight: 2, arbitrary: value.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: deep }
  ),
})

describe(`the API under fuzz (seed ${FUZZ_SEED})`, () => {
  let server: InspectorProcess
  beforeAll(async () => {
    server = await startInspector(['--quiet'])
  }, 30_000)
  afterAll(() => server.close())

  test(`${SCALE.relayInputs} random calls get no 5xx`, async () => {
    const calls = fc.sample(call, { numRuns: SCALE.relayInputs, seed: FUZZ_SEED })
    const statuses = new Map<number, number>()
    for (let i = 0; i < calls.length; i += 4) {
      await Promise.all(
        calls.slice(i, i + 4).map(async (c) => {
          const [method, route] = c.endpoint
          const hasBody = method !== 'GET' && method !== 'HEAD'
          const res = await fetch(`${server.url}_inspector/${route}${c.query}`, {
            method,
            headers: c.contentType ? { 'Content-Type': c.contentType } : {},
            ...(hasBody ? { body: c.body } : {}),
          })
          await res.arrayBuffer()
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          // 503: the relay's own cap on sends in flight, a refusal by design
          if (res.status !== 503) {
            expect(res.status, `${method} ${route}${c.query} ${c.body.slice(0, 300)}`).toBeLessThan(
              500
            )
          }
        })
      )
    }
    console.log(
      `api fuzz: ${calls.length} calls answered ${JSON.stringify(Object.fromEntries(statuses))}`
    )
    expect((await fetch(`${server.url}_inspector/api/health`)).status).toBe(200)
    expect(server.errors()).toBe('')
  }, 300_000)
})
