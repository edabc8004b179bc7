/**
 * The proxy debugger API over real sockets: POST /_inspector/api/proxy and
 * GET /_inspector/api/proxy/presets, with their 400s.
 */
import { describe, expect, test } from 'vitest'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'
import { listen } from '../helpers/server.ts'

const API = '/_inspector/api/proxy'

interface Report {
  rawEnviron: Record<string, string>
  effectiveEnviron: Record<string, string>
  changed: string[]
  trace: {
    policy: Record<string, unknown>
    headers: Array<{ name: string; value: string }>
    hops: Array<{ address: string; source: string; trusted: boolean; role: string; reason: string }>
    decisions: Array<{
      key: string
      from: string | null
      to: string | null
      source: string
      rule: string
    }>
    warnings: Array<{ code: string; message: string }>
    forwarded: { elements: Array<Record<string, unknown>>; errors: Array<{ code: string }> }
  }
}

interface Preset {
  id: string
  name: string
  description: string
  request: { headers: [string, string][]; peer: { address: string; port: number } }
  policy: { mode: string }
}

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}${API}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, json: await res.json() }
}

describe('POST /_inspector/api/proxy', () => {
  test('traces a forged X-Forwarded-For behind one trusted proxy', async () => {
    const server = await listen()
    const { status, json } = await post(server.url, {
      request: {
        method: 'GET',
        target: '/account?x=1',
        httpVersion: '1.0',
        headers: [
          ['Host', 'www.example.com'],
          ['X-Forwarded-For', '6.6.6.6, 203.0.113.7'],
          ['X-Forwarded-Proto', 'https'],
        ],
        peer: { address: '127.0.0.1', port: 41000 },
      },
      policy: { mode: 'trusted', proxies: ['127.0.0.1', '::1'] },
    })
    expect(status).toBe(200)
    const report = json as Report
    expect(report.rawEnviron).toMatchObject({
      REMOTE_ADDR: '127.0.0.1',
      PATH_INFO: '/account',
      QUERY_STRING: 'x=1',
      SERVER_PORT: String(server.port),
      HTTP_X_FORWARDED_FOR: '6.6.6.6, 203.0.113.7',
      'wsgi.url_scheme': 'http',
    })
    expect(report.effectiveEnviron).toMatchObject({
      REMOTE_ADDR: '203.0.113.7',
      'wsgi.url_scheme': 'https',
      'inspector.proxy_fix.orig': `{'REMOTE_ADDR': '127.0.0.1', 'wsgi.url_scheme': 'http', 'HTTP_HOST': 'www.example.com', 'SERVER_NAME': 'localhost', 'SERVER_PORT': '${server.port}', 'SCRIPT_NAME': ''}`,
    })
    expect(report.changed).toEqual(['REMOTE_ADDR', 'wsgi.url_scheme', 'inspector.proxy_fix.orig'])
    expect(report.trace.hops.map((h) => [h.address, h.source, h.trusted, h.role])).toEqual([
      ['6.6.6.6', 'X-Forwarded-For', false, 'ignored'],
      ['203.0.113.7', 'X-Forwarded-For', false, 'client'],
      ['127.0.0.1', 'socket', true, 'proxy'],
    ])
    expect(report.trace.decisions.find((d) => d.key === 'REMOTE_ADDR')).toMatchObject({
      from: '127.0.0.1',
      to: '203.0.113.7',
      source: 'X-Forwarded-For',
    })
    expect(report.trace.warnings.map((w) => w.code)).toEqual([
      'xff-leftmost-client-controlled',
      'more-values-than-trusted',
    ])
    expect(report.trace.policy).toEqual({
      mode: 'trusted',
      proxies: ['127.0.0.1', '::1'],
      forwarded: false,
      ranges: ['127.0.0.1/32', '::1/128'],
    })
  })

  test('renders values with Python str(), as the echo does', async () => {
    const server = await listen({ profile: 'werkzeug' })
    const { json } = await post(server.url, {
      request: { headers: [['Host', 'h']] },
      policy: { mode: 'proxy-fix' },
    })
    const report = json as Report
    expect(report.rawEnviron['wsgi.version']).toBe('(1, 0)')
    expect(report.rawEnviron['wsgi.multithread']).toBe('False')
    expect(report.rawEnviron.REMOTE_PORT).toBe('50000')
    expect(report.rawEnviron.SERVER_SOFTWARE).toMatch(/^Werkzeug\//)
    expect(report.effectiveEnviron['inspector.proxy_fix.orig']).toMatch(/^\{'REMOTE_ADDR': /)
  })

  test('takes the profile from the body', async () => {
    const server = await listen()
    const { json } = await post(server.url, {
      request: { headers: [] },
      policy: { mode: 'none' },
      profile: 'gunicorn',
    })
    expect((json as Report).rawEnviron.SERVER_SOFTWARE).toMatch(/^gunicorn\//)
  })

  test('takes an environ instead of a request', async () => {
    const server = await listen()
    const { status, json } = await post(server.url, {
      environ: {
        REMOTE_ADDR: '10.0.0.10',
        'wsgi.url_scheme': 'http',
        HTTP_HOST: 'internal',
        SERVER_NAME: 'internal',
        SERVER_PORT: '80',
        SCRIPT_NAME: '',
        HTTP_X_FORWARDED_FOR: '203.0.113.7, 10.0.0.5',
      },
      policy: { mode: 'proxy-fix', xFor: 2 },
    })
    expect(status).toBe(200)
    const report = json as Report
    expect(report.effectiveEnviron.REMOTE_ADDR).toBe('203.0.113.7')
    expect(report.trace.headers).toEqual([
      { name: 'X-Forwarded-For', value: '203.0.113.7, 10.0.0.5' },
    ])
  })

  test('reports a malformed Forwarded header instead of failing', async () => {
    const server = await listen()
    const { status, json } = await post(server.url, {
      request: {
        headers: [
          ['Forwarded', 'for=[2001:db8::1];proto=https'],
          ['Forwarded', 'for = 192.0.2.1, for="_gazonk"'],
        ],
        peer: { address: '10.0.0.1' },
      },
      policy: { mode: 'trusted', proxies: ['10.0.0.0/8'], forwarded: true },
    })
    expect(status).toBe(200)
    const report = json as Report
    expect(report.trace.forwarded.errors.map((e) => e.code)).toEqual([
      'unquoted-ipv6',
      'whitespace-around-equals',
    ])
    expect(report.trace.forwarded.elements).toHaveLength(3)
    expect(report.effectiveEnviron.REMOTE_ADDR).toBe('_gazonk')
  })

  test('the README curl example: forged headers from an untrusted peer change nothing', async () => {
    const server = await listen()
    const { json } = await post(server.url, {
      request: {
        headers: [
          ['Host', 'app'],
          ['X-Forwarded-For', '127.0.0.1'],
        ],
        peer: { address: '203.0.113.66', port: 60111 },
      },
      policy: { mode: 'trusted', proxies: ['127.0.0.1'] },
    })
    const report = json as Report
    expect(report.changed).toEqual(['inspector.proxy_fix.orig'])
    expect(report.effectiveEnviron.REMOTE_ADDR).toBe('203.0.113.66')
    expect(report.trace.warnings[0]?.code).toBe('untrusted-peer-forwarding-headers')
  })

  const bad: Array<{ name: string; body: unknown; message: RegExp }> = [
    {
      name: 'no policy',
      body: { request: { headers: [] } },
      message: /must have required property 'policy'/,
    },
    {
      name: 'both request and environ',
      body: { request: { headers: [] }, environ: {}, policy: { mode: 'none' } },
      message: /exactly one of "request" or "environ"/,
    },
    { name: 'neither', body: { policy: { mode: 'none' } }, message: /exactly one of/ },
    {
      name: 'an unknown mode',
      body: { environ: {}, policy: { mode: 'trust-all' } },
      message: /policy\/mode must be equal to one of the allowed values/,
    },
    {
      name: 'a negative count',
      body: { environ: {}, policy: { mode: 'proxy-fix', xFor: -1 } },
      message: /policy\/xFor must be >= 0/,
    },
    {
      name: 'a count that is not an integer',
      body: { environ: {}, policy: { mode: 'proxy-fix', xFor: 1.5 } },
      message: /policy\/xFor must be integer/,
    },
    {
      name: 'a misspelled count',
      body: { environ: {}, policy: { mode: 'proxy-fix', x_for: 2 } },
      message: /^policy \(mode proxy-fix\): unknown field "x_for"/,
    },
    {
      name: 'proxies with mode proxy-fix',
      body: { environ: {}, policy: { mode: 'proxy-fix', proxies: ['127.0.0.1'] } },
      message: /unknown field "proxies"/,
    },
    {
      name: 'trusted without proxies',
      body: { environ: {}, policy: { mode: 'trusted' } },
      message: /policy\.proxies: required for mode "trusted"/,
    },
    {
      name: 'a bad CIDR range',
      body: { environ: {}, policy: { mode: 'trusted', proxies: ['10.0.0.0/33'] } },
      message: /^policy: "10\.0\.0\.0\/33" is not a valid CIDR range/,
    },
    {
      name: 'a peer that is not an IP address',
      body: { request: { headers: [], peer: { address: 'localhost' } }, policy: { mode: 'none' } },
      message: /request\.peer\.address: "localhost" is not an IP address/,
    },
    {
      name: 'a header name that is not a token',
      body: { request: { headers: [['Bad Name', 'x']] }, policy: { mode: 'none' } },
      message: /headers\/0\/0 must match pattern/,
    },
    {
      name: 'a header value with CR LF',
      body: { request: { headers: [['X-A', 'a\r\nX-B: b']] }, policy: { mode: 'none' } },
      message: /request\.headers\[0\] \(X-A\): CR, LF and NUL are not allowed/,
    },
    {
      name: 'a header value above latin-1',
      body: { request: { headers: [['X-A', 'caf€']] }, policy: { mode: 'none' } },
      message: /characters above U\+00FF/,
    },
    {
      name: 'an unknown top-level field',
      body: { environ: {}, policy: { mode: 'none' }, extra: 1 },
      message: /^body: unknown field "extra"/,
    },
    {
      name: 'a request the profile refuses',
      body: {
        request: { headers: [], httpVersion: '0.9', method: 'GET' },
        policy: { mode: 'none' },
        profile: 'gunicorn',
      },
      message: /^request: the gunicorn profile refuses it with 400/,
    },
    { name: 'not JSON', body: '{"policy":', message: /JSON/ },
  ]

  test.each(bad)('400 with the reason for $name', async ({ body, message }) => {
    const server = await listen()
    const { status, json } = await post(server.url, body)
    expect(status).toBe(400)
    expect((json as { message: string }).message).toMatch(message)
  })

  test('413 for a body over the limit', async () => {
    const server = await listen()
    const { status } = await post(server.url, {
      environ: { HTTP_X_BIG: 'a'.repeat(16000), HTTP_X_BIG2: 'a'.repeat(16000) },
      policy: { mode: 'none', pad: 'x'.repeat(300 * 1024) },
    })
    expect(status).toBe(413)
  })

  test('400 for a body that is not a JSON object', async () => {
    const server = await listen()
    const res = await sendRaw(
      server,
      `POST ${API} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`
    )
    expect(res.status).toBe(400)
    expect(jsonBody<{ message: string }>(res).message).toBe('body must be object')
  })
})

describe('GET /_inspector/api/proxy/presets', () => {
  test('lists the presets, each postable back as it is', async () => {
    const server = await listen()
    const res = await fetch(`${server.url}${API}/presets`)
    expect(res.status).toBe(200)
    const { presets, serverPolicy } = (await res.json()) as {
      presets: Preset[]
      serverPolicy: unknown
    }
    expect(serverPolicy).toEqual({ mode: 'none' })
    expect(presets.map((p) => p.id)).toEqual([
      'nginx',
      'two-proxies',
      'cdn-load-balancer',
      'spoofing-client',
      'direct-spoof',
      'rfc7239',
      'forwarded-conflict',
    ])
    const results: Record<string, Report> = {}
    for (const preset of presets) {
      const { status, json } = await post(server.url, {
        request: preset.request,
        policy: preset.policy,
      })
      expect(status, preset.id).toBe(200)
      results[preset.id] = json as Report
    }
    const remoteAddr = (id: string) => results[id]?.effectiveEnviron.REMOTE_ADDR
    expect(remoteAddr('nginx')).toBe('203.0.113.7')
    expect(remoteAddr('two-proxies')).toBe('203.0.113.7')
    expect(remoteAddr('cdn-load-balancer')).toBe('203.0.113.7')
    expect(results['cdn-load-balancer']?.effectiveEnviron.HTTP_HOST).toBe('www.example.com')
    expect(remoteAddr('spoofing-client')).toBe('203.0.113.7')
    expect(remoteAddr('direct-spoof')).toBe('203.0.113.66')
    expect(remoteAddr('rfc7239')).toBe('192.0.2.43')
    expect(results.rfc7239?.effectiveEnviron['wsgi.url_scheme']).toBe('https')
    expect(results['forwarded-conflict']?.trace.warnings.map((w) => w.code)).toContain(
      'forwarded-conflict'
    )
  })

  test("reports the server's own policy from the CLI", async () => {
    const server = await listen({ proxyPolicy: { mode: 'trusted', proxies: ['127.0.0.1'] } })
    const res = await fetch(`${server.url}${API}/presets`)
    expect(((await res.json()) as { serverPolicy: unknown }).serverPolicy).toEqual({
      mode: 'trusted',
      proxies: ['127.0.0.1'],
    })
  })

  test("reports --proxy-trust as a 'server' policy the page can post back", async () => {
    const server = await listen({
      profile: 'uvicorn',
      proxyTrust: { forwarded_allow_ips: '127.0.0.1' },
    })
    const res = await fetch(`${server.url}${API}/presets`)
    const { serverPolicy } = (await res.json()) as { serverPolicy: Record<string, unknown> }
    expect(serverPolicy).toEqual({ mode: 'server', settings: { forwarded_allow_ips: '127.0.0.1' } })
    const { status, json } = await post(server.url, {
      request: {
        headers: [
          ['Host', 'a'],
          ['X-Forwarded-For', '203.0.113.7'],
        ],
      },
      policy: serverPolicy,
    })
    expect(status).toBe(200)
    expect((json as Report).effectiveEnviron.client).toBe("('203.0.113.7', 0)")
  })
})

describe('the echo with proxy middleware, end to end', () => {
  test('echoes nothing rewritten when no proxy option is set', async () => {
    const server = await listen()
    const res = await sendRaw(
      server,
      'GET / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n\r\n'
    )
    const environ = jsonBody<Record<string, string>>(res)
    expect(environ.REMOTE_ADDR).toBe('127.0.0.1')
    expect(environ['wsgi.url_scheme']).toBe('http')
    expect('inspector.proxy_fix.orig' in environ).toBe(false)
  })
})
