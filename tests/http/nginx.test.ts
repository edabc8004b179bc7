/**
 * A real nginx (Debian's package) in front of the echo, on loopback: what the app sees
 * through it, with and without a proxy policy, through one proxy and through a chain of two.
 *
 * Every hop has its own loopback address (`proxy_bind`), so the client (127.0.0.1), each
 * nginx and the app's socket peer can be told apart. The client always forges
 * `X-Forwarded-For: 6.6.6.6` and `X-Forwarded-Proto: http`.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { beforeAll, describe, expect, test } from 'vitest'
import type { ServerOptions } from '../../server/app.ts'
import type { Middleware } from '../../server/gateway/types.ts'
import { parseAllowedHosts } from '../../server/host/allowed-hosts.ts'
import { proxyFix } from '../../server/middleware/proxy-fix.ts'
import { trustedProxies } from '../../server/middleware/trusted-proxies.ts'
import {
  ensureNginx,
  type NginxTools,
  type RunningNginx,
  startNginx,
  USUAL_HEADERS,
} from '../helpers/nginx.ts'
import { listen } from '../helpers/server.ts'

type Environ = Record<string, string>

let tools: NginxTools | undefined
let skipped = ''

beforeAll(async () => {
  const found = await ensureNginx()
  if ('skipped' in found) skipped = found.skipped
  else tools = found
}, 600_000)

const FORGED = {
  Host: 'www.example.com',
  'X-Forwarded-For': '6.6.6.6',
  'X-Forwarded-Proto': 'http',
}

/** GET through `front` from 127.0.0.1, with the forged headers; the echo's environ. */
function get(front: RunningNginx, headers: Record<string, string> = FORGED): Promise<Environ> {
  const tls = front.url.startsWith('https:')
  const send = tls ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(
      `${front.url}/through/nginx?q=1`,
      { headers, localAddress: '127.0.0.1', rejectUnauthorized: false, timeout: 5000 },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          body += d
        })
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`nginx answered ${res.statusCode}: ${body}`))
            return
          }
          resolve(JSON.parse(body) as Environ)
        })
      }
    )
    req.on('timeout', () => req.destroy(new Error('no answer through nginx in 5 s')))
    req.on('error', reject)
    req.end()
  })
}

/** A request to `path` through `front` as a browser on https://www.example.com sends it. */
function through(
  front: RunningNginx,
  path: string,
  method = 'GET',
  headers: Record<string, string> = { Host: 'www.example.com' }
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${front.url}${path}`,
      { method, headers, localAddress: '127.0.0.1', rejectUnauthorized: false, timeout: 5000 },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          body += d
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body })
        )
      }
    )
    req.on('timeout', () => req.destroy(new Error('no answer through nginx in 5 s')))
    req.on('error', reject)
    req.end()
  })
}

/** Our server with `middleware`, and one TLS nginx on 127.0.0.3 in front of it (source 127.0.0.2). */
async function oneProxy(
  ready: NginxTools,
  middleware: Middleware[] = [],
  options: Partial<ServerOptions> = {}
) {
  const app = await listen({ middleware, ...options })
  return startNginx(ready, {
    listen: '127.0.0.3',
    tls: true,
    upstream: app.url,
    bind: '127.0.0.2',
    headers: USUAL_HEADERS,
  })
}

/**
 * client → edge nginx (TLS, 127.0.0.3; connects from 127.0.0.4) → inner nginx (127.0.0.5;
 * connects from 127.0.0.6) → app. The inner one appends to X-Forwarded-For and passes the
 * edge's X-Forwarded-Proto on, as an inner proxy should.
 */
async function twoProxies(ready: NginxTools, middleware: Middleware[] = []) {
  const app = await listen({ middleware })
  const inner = await startNginx(ready, {
    listen: '127.0.0.5',
    upstream: app.url,
    bind: '127.0.0.6',
    headers: { ...USUAL_HEADERS, 'X-Forwarded-Proto': '$http_x_forwarded_proto' },
  })
  return startNginx(ready, {
    listen: '127.0.0.3',
    tls: true,
    upstream: inner.url,
    bind: '127.0.0.4',
    headers: USUAL_HEADERS,
  })
}

describe('nginx in front of the echo', () => {
  test('nginx is installed, or the reason it is not', (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    expect(tools.version).toMatch(/^nginx version: nginx\/1\./)
  })

  test('with no trust configured nothing is rewritten: REMOTE_ADDR is nginx', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const environ = await get(await oneProxy(tools))
    expect(environ).toMatchObject({
      REMOTE_ADDR: '127.0.0.2',
      'wsgi.url_scheme': 'http',
      HTTP_HOST: 'www.example.com',
      HTTP_X_FORWARDED_FOR: '6.6.6.6, 127.0.0.1',
      HTTP_X_FORWARDED_PROTO: 'https',
      SERVER_PROTOCOL: 'HTTP/1.0',
      PATH_INFO: '/through/nginx',
    })
    expect(environ).not.toHaveProperty('inspector.proxy_fix.orig')
  })

  test('--proxy-fix x_for=1,x_proto=1: the real client despite a forged X-Forwarded-For', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const front = await oneProxy(tools, [(app) => proxyFix(app, { xFor: 1, xProto: 1 })])
    const environ = await get(front)
    expect(environ).toMatchObject({
      REMOTE_ADDR: '127.0.0.1',
      'wsgi.url_scheme': 'https',
      HTTP_HOST: 'www.example.com',
    })
    expect(environ['inspector.proxy_fix.orig']).toMatch(
      /^\{'REMOTE_ADDR': '127\.0\.0\.2', 'wsgi\.url_scheme': 'http', 'HTTP_HOST': 'www\.example\.com', /
    )
  })

  test('--trusted-proxies 127.0.0.2: the same client, found by address', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const front = await oneProxy(tools, [(app) => trustedProxies(app, { proxies: ['127.0.0.2'] })])
    expect(await get(front)).toMatchObject({
      REMOTE_ADDR: '127.0.0.1',
      'wsgi.url_scheme': 'https',
      HTTP_HOST: 'www.example.com',
    })
  })

  test('--trusted-proxies without the proxy in the list: fails closed', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const front = await oneProxy(tools, [(app) => trustedProxies(app, { proxies: ['10.0.0.0/8'] })])
    expect(await get(front)).toMatchObject({ REMOTE_ADDR: '127.0.0.2', 'wsgi.url_scheme': 'http' })
  })
})

describe('a chain of two nginx proxies', () => {
  test('with no trust configured the app sees the inner proxy', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    expect(await get(await twoProxies(tools))).toMatchObject({
      REMOTE_ADDR: '127.0.0.6',
      'wsgi.url_scheme': 'http',
      HTTP_X_FORWARDED_FOR: '6.6.6.6, 127.0.0.1, 127.0.0.4',
      HTTP_X_FORWARDED_PROTO: 'https',
      HTTP_HOST: 'www.example.com',
    })
  })

  test('--proxy-fix x_for=2: two appending proxies, the client is 2nd from the right', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const front = await twoProxies(tools, [(app) => proxyFix(app, { xFor: 2, xProto: 1 })])
    expect(await get(front)).toMatchObject({ REMOTE_ADDR: '127.0.0.1', 'wsgi.url_scheme': 'https' })
  })

  test('--proxy-fix x_for=1 behind two proxies names the edge proxy instead', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const front = await twoProxies(tools, [(app) => proxyFix(app, { xFor: 1 })])
    expect((await get(front)).REMOTE_ADDR).toBe('127.0.0.4')
  })

  test('--trusted-proxies 127.0.0.4,127.0.0.6 walks past both', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const proxies = ['127.0.0.4', '127.0.0.6']
    const front = await twoProxies(tools, [(app) => trustedProxies(app, { proxies })])
    expect(await get(front)).toMatchObject({ REMOTE_ADDR: '127.0.0.1', 'wsgi.url_scheme': 'https' })
  })

  test('--trusted-proxies with only the inner proxy stops at the edge proxy', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const proxies = ['127.0.0.6']
    const front = await twoProxies(tools, [(app) => trustedProxies(app, { proxies })])
    expect((await get(front)).REMOTE_ADDR).toBe('127.0.0.4')
  })

  test('the proxy API explains the environ nginx delivered', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const delivered = await get(await twoProxies(tools))
    const api = await listen()
    const res = await fetch(`${api.url}/_inspector/api/proxy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        environ: delivered,
        policy: { mode: 'trusted', proxies: ['127.0.0.4', '127.0.0.6'] },
      }),
    })
    expect(res.status).toBe(200)
    const report = (await res.json()) as {
      effectiveEnviron: Environ
      trace: { hops: Array<{ address: string; role: string }>; warnings: Array<{ code: string }> }
    }
    expect(report.effectiveEnviron.REMOTE_ADDR).toBe('127.0.0.1')
    expect(report.trace.hops.map((h) => [h.address, h.role])).toEqual([
      ['6.6.6.6', 'ignored'],
      ['127.0.0.1', 'client'],
      ['127.0.0.4', 'proxy'],
      ['127.0.0.6', 'proxy'],
    ])
    expect(report.trace.warnings.map((w) => w.code)).toContain('xff-leftmost-client-controlled')
  })
})

describe('the inspector behind nginx (proxy_set_header Host $host)', () => {
  test('refuses the public name until it is in --allowed-hosts, and says so', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const front = await oneProxy(tools)
    const res = await through(front, '/_inspector/api/health')
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 403, host: 'www.example.com' })
    expect(JSON.parse(res.body).error).toContain('--allowed-hosts www.example.com')
    // the echo behind it answers as before
    expect((await through(front, '/through/nginx')).status).toBe(200)
  })

  test('with --allowed-hosts www.example.com: the UI, the API and its page changing state', async (ctx) => {
    if (!tools) return ctx.skip(`nginx tests skipped: ${skipped}`)
    const front = await oneProxy(tools, [], { allowedHosts: parseAllowedHosts('www.example.com') })
    expect(await through(front, '/_inspector/api/health')).toMatchObject({ status: 200 })
    const ui = await through(front, '/_inspector/')
    expect(ui.status).toBe(200)
    expect(ui.type).toMatch(/^text\/html/)
    const cleared = await through(front, '/_inspector/api/requests', 'DELETE', {
      Host: 'www.example.com',
      Origin: 'https://www.example.com',
    })
    expect(cleared.status).toBe(200)
    const foreign = await through(front, '/_inspector/api/requests', 'DELETE', {
      Host: 'www.example.com',
      Origin: 'https://evil.test',
    })
    expect(foreign.status).toBe(403)
  })
})
