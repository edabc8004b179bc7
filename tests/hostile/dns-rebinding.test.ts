/**
 * DNS rebinding, over real sockets: what a page on `http://evil.test:PORT` whose name was
 * re-pointed at this server sends (`Host: evil.test:PORT`, `Origin: http://evil.test:PORT`)
 * must not read the history, open the event stream, clear the history or drive the relay;
 * every inspector path answers a JSON 403 that names `--allowed-hosts`. The echo still
 * answers any Host. The deployments keep working: a Kubernetes httpGet probe (Host: the
 * pod IP), Docker's HEALTHCHECK (Host: 127.0.0.1:8000), a proxy's name in --allowed-hosts.
 * The browser itself is in tests/browser/rebinding.spec.ts.
 */
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type InspectorProcess, runCli, startInspector } from '../helpers/inspector-process.ts'
import { type RawResponse, sendRaw } from '../helpers/raw-http.ts'

const SECRET = 'Bearer rebinding-canary-7f3a'

/** One request to the server's socket with exactly these Host and Origin headers. */
function send(
  server: InspectorProcess,
  method: string,
  target: string,
  headers: Record<string, string>,
  body = ''
): Promise<RawResponse> {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`)
  const length =
    body === '' ? '' : `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n`
  return sendRaw(
    server,
    `${method} ${target} HTTP/1.1\r\n${lines.join('')}${length}Connection: close\r\n\r\n${body}`,
    { timeoutMs: 5000 }
  )
}

function json(response: RawResponse): Record<string, unknown> {
  return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>
}

/** The history's request count, asked the way the UI on 127.0.0.1 asks. */
async function historyTotal(server: InspectorProcess): Promise<number> {
  const res = await fetch(`${server.url}_inspector/api/requests?limit=500`)
  return ((await res.json()) as { total: number }).total
}

function expectRefused(response: RawResponse, name = 'evil.test'): void {
  expect(response.status, response.body.toString('utf8')).toBe(403)
  const type = response.headers.find(([header]) => header.toLowerCase() === 'content-type')?.[1]
  expect(type).toMatch(/^application\/json/)
  // an inspector answer like any other: the security headers, and never cached
  const header = (name: string) =>
    response.headers.find(([header]) => header.toLowerCase() === name)?.[1]
  expect(header('content-security-policy')).toContain("default-src 'self'")
  expect(header('cache-control')).toBe('no-store')
  expect(json(response)).toMatchObject({ statusCode: 403, flag: '--allowed-hosts', host: name })
  expect(json(response).error).toContain(`--allowed-hosts ${name}`)
  expect(response.body.toString('utf8')).not.toContain('rebinding-canary')
}

describe('a rebinding page (Host and Origin evil.test)', () => {
  let server: InspectorProcess
  let rebound: Record<string, string>
  beforeAll(async () => {
    server = await startInspector(['--quiet'])
    rebound = { Host: `evil.test:${server.port}`, Origin: `http://evil.test:${server.port}` }
    // someone else's request, with credentials, in the history
    await fetch(`${server.url}private`, { headers: { Authorization: SECRET } })
  }, 30_000)
  afterAll(() => server.close())

  test('cannot read the history, one request or the info', async () => {
    for (const target of [
      '/_inspector/api/requests',
      '/_inspector/api/requests/1',
      '/_inspector/api/info',
      '/_inspector/api/health',
    ]) {
      expectRefused(await send(server, 'GET', target, rebound))
    }
  })

  test('cannot open the event stream', async () => {
    const response = await send(server, 'GET', '/_inspector/api/events?after=0', {
      ...rebound,
      Accept: 'text/event-stream',
    })
    expectRefused(response)
  })

  test('cannot clear the history', async () => {
    const before = await historyTotal(server)
    expect(before).toBeGreaterThan(0)
    expectRefused(await send(server, 'DELETE', '/_inspector/api/requests', rebound))
    expect(await historyTotal(server)).toBeGreaterThanOrEqual(before)
  })

  test('cannot drive the relay', async () => {
    const body = JSON.stringify({ method: 'GET', target: '/rebound-send' })
    expectRefused(await send(server, 'POST', '/_inspector/api/send', rebound, body))
    const list = (await (await fetch(`${server.url}_inspector/api/requests?limit=500`)).json()) as {
      items: Array<{ target: string }>
    }
    expect(list.items.map((item) => item.target)).not.toContain('/rebound-send')
  })

  test('cannot load the UI', async () => {
    expectRefused(await send(server, 'GET', '/_inspector/', rebound))
    expectRefused(await send(server, 'GET', '/_inspector', rebound))
  })

  test('the echo still answers it: showing a foreign Host is its job', async () => {
    const response = await send(server, 'GET', '/anything', rebound)
    expect(response.status).toBe(200)
    expect(json(response)).toMatchObject({ HTTP_HOST: `evil.test:${server.port}` })
  })

  test('the same requests under this server’s names are served', async () => {
    for (const host of [
      `127.0.0.1:${server.port}`,
      `localhost:${server.port}`,
      'localhost',
      `[::1]:${server.port}`,
    ]) {
      const response = await send(server, 'GET', '/_inspector/api/requests', { Host: host })
      expect(response.status, host).toBe(200)
    }
  })

  test('a foreign page cannot change state through a loopback Host either', async () => {
    const host = `127.0.0.1:${server.port}`
    const foreign = { Host: host, Origin: 'http://evil.test' }
    const cleared = await send(server, 'DELETE', '/_inspector/api/requests', foreign)
    expect(cleared.status).toBe(403)
    expect(json(cleared)).toMatchObject({ statusCode: 403, host: 'evil.test' })
    const read = await send(server, 'GET', '/_inspector/api/requests', foreign)
    expect(read.status).toBe(200) // the browser keeps a cross-origin answer from the page
    const own = await send(
      server,
      'POST',
      '/_inspector/api/send',
      {
        Host: host,
        Origin: `http://${host}`,
      },
      JSON.stringify({ method: 'GET', target: '/own-send' })
    )
    expect(own.status).toBe(200)
  })
})

describe('the deployments still pass their health checks', () => {
  let server: InspectorProcess
  beforeAll(async () => {
    // as in server/deploy: bound to every address
    server = await startInspector(['--quiet', '--host', '0.0.0.0'])
  }, 30_000)
  afterAll(() => server.close())

  const interfaceAddress = Object.values(networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.family === 'IPv4')?.address

  test.skipIf(interfaceAddress === undefined)(
    'a Kubernetes httpGet probe: Host is the pod IP and the port',
    async () => {
      const response = await send(server, 'GET', '/_inspector/api/health', {
        Host: `${interfaceAddress}:${server.port}`,
        'User-Agent': 'kube-probe/1.31',
      })
      expect(response.status).toBe(200)
      expect(json(response)).toMatchObject({ status: 'ok' })
    }
  )

  test('Docker’s HEALTHCHECK: fetch on 127.0.0.1', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/_inspector/api/health`)
    expect(res.status).toBe(200)
  })
})

describe('--allowed-hosts', () => {
  test('opens the inspector to a proxy’s names, and only to them', async () => {
    const server = await startInspector([
      '--quiet',
      '--allowed-hosts',
      'echo.internal.example,*.example.com',
    ])
    try {
      await expect
        .poll(() => server.output())
        .toMatch(/hosts: .*echo\.internal\.example, \*\.example\.com/)
      for (const host of ['echo.internal.example', 'www.example.com:443']) {
        const response = await send(server, 'GET', '/_inspector/api/requests', {
          Host: host,
          Origin: `https://${host.split(':')[0]}`,
        })
        expect(response.status, host).toBe(200)
      }
      const through = await send(
        server,
        'DELETE',
        '/_inspector/api/requests',
        // a proxy that sends the upstream address as Host: the page is still ours
        { Host: `127.0.0.1:${server.port}`, Origin: 'https://www.example.com' }
      )
      expect(through.status).toBe(200)
      expectRefused(
        await send(server, 'GET', '/_inspector/api/requests', { Host: 'example.com' }),
        'example.com'
      )
      expectRefused(await send(server, 'GET', '/_inspector/api/requests', { Host: 'evil.test' }))
    } finally {
      await server.close()
    }
  }, 30_000)

  test('* turns the check off, with a warning', async () => {
    const server = await startInspector(['--quiet', '--allowed-hosts', '*'])
    try {
      // written to stderr right after the banner on stdout
      await expect
        .poll(() => server.errors())
        .toMatch(/warning: --allowed-hosts '\*'.*DNS rebinding/)
      const response = await send(server, 'GET', '/_inspector/api/requests', {
        Host: 'evil.test',
        Origin: 'http://evil.test',
      })
      expect(response.status).toBe(200)
    } finally {
      await server.close()
    }
  }, 30_000)

  test('a malformed list is a usage error that says what is wrong', async () => {
    const result = await runCli(['--allowed-hosts', 'echo.example:8000'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: --allowed-hosts: give names without a port/)
  })
})
