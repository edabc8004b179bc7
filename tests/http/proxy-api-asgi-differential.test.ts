/**
 * The proxy API's scope trace against the real servers: Debian's uvicorn and daphne get the
 * same request from 127.0.0.1, and the `client` and `scheme` they hand the app must be the
 * ones our trace ends with. Only cases where Debian's releases (uvicorn 0.17.6, daphne 4.x)
 * and the modelled ones (0.51.0, 4.2.2) agree: a single X-Forwarded-For line, a valid proto.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ProxyApiRequest } from '../../server/contract/api/proxy.ts'
import { setupProxyApi } from '../helpers/proxy-api.ts'
import {
  askPythonServer,
  type PythonServer,
  type PythonServerName,
  type Skipped,
  startPythonServer,
} from '../helpers/python-servers.ts'

const post = setupProxyApi()

const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Host', 'www.example.com'],
  ['X-Forwarded-For', '6.6.6.6, 203.0.113.7'],
  ['X-Forwarded-Proto', 'https'],
  ['X-Forwarded-Port', '4444'],
]

const RAW = `GET / HTTP/1.1\r\n${HEADERS.map(([n, v]) => `${n}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`

/** A client pair with the socket's port masked: ours is the API's default peer's. */
function masked(client: string | undefined): string {
  return (client ?? '').replace(/^([([]'127\.0\.0\.1', )\d+/, '$1<port>')
}

const CASES: ReadonlyArray<{
  server: PythonServerName
  args: string[]
  settings: Readonly<Record<string, string>>
  client: string
}> = [
  // uvicorn's right-to-left walk: 203.0.113.7 is the first untrusted item
  {
    server: 'uvicorn',
    args: ['--proxy-headers', '--forwarded-allow-ips', '127.0.0.1'],
    settings: { forwarded_allow_ips: '127.0.0.1' },
    client: "('203.0.113.7', 0)",
  },
  // the peer is not trusted: nothing read
  {
    server: 'uvicorn',
    args: ['--proxy-headers', '--forwarded-allow-ips', '10.0.0.1'],
    settings: { forwarded_allow_ips: '10.0.0.1' },
    client: "('127.0.0.1', <port>)",
  },
  // daphne: the leftmost item and X-Forwarded-Port, no check
  {
    server: 'daphne',
    args: ['--proxy-headers'],
    settings: { proxy_headers: 'true' },
    client: "['6.6.6.6', 4444]",
  },
]

describe.each(CASES)('$server $args', ({ server: name, args, settings, client }) => {
  let server: PythonServer | Skipped
  beforeAll(async () => {
    server = await startPythonServer(name, { args })
  }, 60_000)
  afterAll(async () => {
    if ('close' in server) await server.close()
  })

  test('client and scheme as the real server hands them to the app', async (ctx) => {
    if ('skipped' in server) return ctx.skip(server.skipped)
    const real = (await askPythonServer(server, RAW)).json
    const ours = await post({
      request: { headers: HEADERS } as ProxyApiRequest['request'] & object,
      profile: name,
      policy: { mode: 'server', settings },
    })
    expect(ours.status).toBe(200)
    expect(masked(real?.client)).toBe(client)
    expect(masked(ours.json.effectiveEnviron.client)).toBe(client)
    expect(ours.json.effectiveEnviron.scheme).toBe(real?.scheme)
  })
})
