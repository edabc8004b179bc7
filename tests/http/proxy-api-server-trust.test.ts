/**
 * The proxy and frameworks APIs' `server` policy: the profile's own proxy trust (gunicorn's
 * here) applied to the request, with the rule's reasons in the trace, and a 400 naming the
 * field for each kind of bad input.
 */
import { describe, expect, test } from 'vitest'
import type { FrameworksApiResponse } from '../../server/contract/api/frameworks.ts'
import type { DecisionJson, ProxyApiRequest } from '../../server/contract/api/proxy.ts'
import { setupFrameworksApi } from '../helpers/frameworks-api.ts'
import { setupProxyApi } from '../helpers/proxy-api.ts'

const post = setupProxyApi()
const postFrameworks = setupFrameworksApi()

const REQUEST = {
  target: '/app/page',
  headers: [
    ['Host', 'internal:8000'],
    ['X-Forwarded-Proto', 'https'],
    ['SCRIPT_NAME', '/app'],
  ],
  peer: { address: '127.0.0.1', port: 40000 },
} as const satisfies ProxyApiRequest['request']

describe("POST /_inspector/api/proxy with the server's own trust", () => {
  test('a peer in forwarded_allow_ips: scheme and SCRIPT_NAME, with gunicorn’s reasons', async () => {
    const { status, json } = await post({
      request: REQUEST,
      profile: 'gunicorn',
      policy: { mode: 'server', settings: { forwarded_allow_ips: '127.0.0.1' } },
    })
    expect(status).toBe(200)
    expect(json.rawEnviron['wsgi.url_scheme']).toBe('http')
    expect(json.effectiveEnviron['wsgi.url_scheme']).toBe('https')
    expect(json.effectiveEnviron.SCRIPT_NAME).toBe('/app')
    expect(json.effectiveEnviron.PATH_INFO).toBe('/page')
    expect(json.effectiveEnviron.HTTP_SCRIPT_NAME).toBe('/app')
    expect(json.changed).toEqual(
      expect.arrayContaining(['wsgi.url_scheme', 'SCRIPT_NAME', 'PATH_INFO', 'HTTP_SCRIPT_NAME'])
    )
    const trust = json.trace.serverTrust
    expect(trust?.server).toBe('gunicorn')
    expect(trust?.why.join('\n')).toMatch(/peer 127\.0\.0\.1 is in forwarded_allow_ips/)
    expect(trust?.serverDefaults).toMatchObject({ forwarded_allow_ips: ['127.0.0.1', '::1'] })
    expect(Object.keys(trust?.options ?? {})).toContain('secure_scheme_headers')
    const scheme = json.trace.decisions.find((d) => d.key === 'wsgi.url_scheme')
    expect(scheme).toMatchObject({ from: 'http', to: 'https', source: "gunicorn's own trust" })
    expect(scheme?.rule).toMatch(/X-Forwarded-Proto: https/)
  })

  test('no settings: nothing trusted, nothing changed', async () => {
    const { status, json } = await post({
      request: REQUEST,
      profile: 'gunicorn',
      policy: { mode: 'server' },
    })
    expect(status).toBe(200)
    expect(json.changed).toEqual([])
    expect(json.trace.serverTrust?.why.join('\n')).toMatch(/not in forwarded_allow_ips/)
  })

  test('server-default trusts loopback as gunicorn does', async () => {
    const { json } = await post({
      request: REQUEST,
      profile: 'gunicorn',
      policy: { mode: 'server', settings: 'server-default' },
    })
    expect(json.effectiveEnviron['wsgi.url_scheme']).toBe('https')
  })

  test('a refusal is reported, the environ left as it was', async () => {
    const { status, json } = await post({
      request: {
        headers: [
          ['Host', 'a'],
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-Ssl', 'off'],
        ],
      },
      profile: 'gunicorn',
      policy: { mode: 'server', settings: { forwarded_allow_ips: '*' } },
    })
    expect(status).toBe(200)
    expect(json.trace.serverTrust?.refusal).toEqual({
      status: 400,
      reason: 'Contradictory scheme headers',
    })
    expect(json.changed).toEqual([])
  })

  test.each([
    {
      name: 'a profile without trust rules',
      body: { request: REQUEST, profile: 'wsgiref', policy: { mode: 'server' } },
      field: 'policy.mode',
      message: /wsgiref profile has no proxy trust of its own.*gunicorn/,
    },
    {
      name: 'an ASGI profile without trust rules, the list naming the ASGI ones too',
      body: { request: REQUEST, profile: 'granian', policy: { mode: 'server' } },
      field: 'policy.mode',
      message: /granian profile has no proxy trust of its own.*uvicorn, hypercorn, daphne/,
    },
    {
      name: "a value uvicorn's option refuses",
      body: {
        request: REQUEST,
        profile: 'uvicorn',
        policy: { mode: 'server', settings: { proxy_headers: 'maybe' } },
      },
      field: 'policy.settings.proxy_headers',
      message: /expected true or false/,
    },
    {
      name: "a hop count hypercorn's ProxyFixMiddleware refuses",
      body: {
        request: REQUEST,
        profile: 'hypercorn',
        policy: { mode: 'server', settings: { trusted_hops: '0' } },
      },
      field: 'policy.settings.trusted_hops',
      message: /whole number ≥ 1/,
    },
    {
      name: "an option of gunicorn's under daphne",
      body: {
        request: REQUEST,
        profile: 'daphne',
        policy: { mode: 'server', settings: { forwarded_allow_ips: '*' } },
      },
      field: 'policy.settings.forwarded_allow_ips',
      message: /unknown option; expected one of proxy_headers, proxy_headers_host/,
    },
    {
      name: 'an option the server does not have',
      body: {
        request: REQUEST,
        profile: 'gunicorn',
        policy: { mode: 'server', settings: { trusted_proxy: '1.2.3.4' } },
      },
      field: 'policy.settings.trusted_proxy',
      message: /unknown option; expected one of forwarded_allow_ips/,
    },
    {
      name: 'a bad value',
      body: {
        request: REQUEST,
        profile: 'gunicorn',
        policy: { mode: 'server', settings: { forwarded_allow_ips: 'nope' } },
      },
      field: 'policy.settings.forwarded_allow_ips',
      message: /not an IP address/,
    },
    {
      name: 'a value that is not a string',
      body: {
        request: REQUEST,
        profile: 'gunicorn',
        policy: { mode: 'server', settings: { forwarded_allow_ips: 1 } },
      },
      field: 'policy.settings.forwarded_allow_ips',
      message: /expected a string/,
    },
    {
      name: 'an unknown field',
      body: { request: REQUEST, profile: 'gunicorn', policy: { mode: 'server', proxies: [] } },
      field: 'policy',
      message: /unknown field "proxies"/,
    },
  ])('400 for $name, naming $field', async ({ body, field, message }) => {
    const { status, json } = await post(body as unknown as ProxyApiRequest)
    expect(status).toBe(400)
    const error = json as unknown as { code: string; field?: string; message: string }
    expect(error.code).toBe('EI_ERR_PROXY_INPUT')
    expect(error.field).toBe(field)
    expect(error.message).toMatch(message)
  })

  test('an environ instead of a request is refused: the rule needs the raw headers', async () => {
    const { status, json } = await post({
      environ: { REMOTE_ADDR: '127.0.0.1' },
      profile: 'gunicorn',
      policy: { mode: 'server' },
    })
    expect(status).toBe(400)
    expect(json.message).toMatch(/^environ: .*send "request"/)
  })
})

/** A request through two proxies, with a forged leftmost X-Forwarded-For entry. */
const FORWARDED = {
  target: '/',
  headers: [
    ['Host', 'internal:8000'],
    ['X-Forwarded-For', '6.6.6.6, 203.0.113.7, 10.0.0.1'],
    ['X-Forwarded-Proto', 'https'],
    ['X-Forwarded-Host', 'www.example.com'],
  ],
  peer: { address: '127.0.0.1', port: 40000 },
} as const satisfies ProxyApiRequest['request']

function decided(json: { trace: { decisions: readonly DecisionJson[] } }, key: string) {
  return json.trace.decisions.find((d) => d.key === key)
}

describe("POST /_inspector/api/proxy: an ASGI server's own trust, traced on the scope", () => {
  test('uvicorn, peer trusted: client is the first untrusted XFF item from the right, scheme https', async () => {
    const { status, json } = await post({
      request: FORWARDED,
      profile: 'uvicorn',
      policy: { mode: 'server', settings: { forwarded_allow_ips: '127.0.0.1,10.0.0.0/8' } },
    })
    expect(status).toBe(200)
    expect(json.rawEnviron.client).toBe("('127.0.0.1', 40000)")
    expect(json.effectiveEnviron.client).toBe("('203.0.113.7', 0)")
    expect(json.effectiveEnviron.scheme).toBe('https')
    expect(json.changed).toEqual(['client', 'scheme'])
    expect(json.trace.decisions.map((d) => d.key)).toEqual([
      'client',
      'scheme',
      'host header',
      'server',
    ])
    expect(decided(json, 'client')).toMatchObject({
      from: "('127.0.0.1', 40000)",
      to: "('203.0.113.7', 0)",
      source: 'X-Forwarded-For item 2 of 3',
      cite: expect.stringMatching(/uvicorn\/blob\/0\.51\.0\/.*proxy_headers\.py#L182$/),
    })
    expect(decided(json, 'client')?.rule).toMatch(
      /127\.0\.0\.1 is in forwarded_allow_ips.*right to left.*203\.0\.113\.7/
    )
    expect(decided(json, 'scheme')).toMatchObject({ from: 'http', to: 'https' })
    // uvicorn never touches Host: X-Forwarded-Host is not read
    expect(decided(json, 'host header')).toMatchObject({
      from: "b'internal:8000'",
      to: "b'internal:8000'",
      source: 'server',
    })
    expect(json.trace.hops.map((h) => `${h.role} ${h.address}`)).toEqual([
      'ignored 6.6.6.6',
      'client 203.0.113.7',
      'proxy 10.0.0.1',
      'proxy 127.0.0.1',
    ])
    expect(json.trace.serverTrust?.server).toBe('uvicorn')
    expect(Object.keys(json.trace.serverTrust?.options ?? {})).toEqual([
      'proxy_headers',
      'forwarded_allow_ips',
    ])
  })

  test('uvicorn, peer not in forwarded_allow_ips: nothing read, the reason on each key', async () => {
    const { json } = await post({
      request: { ...FORWARDED, peer: { address: '198.51.100.9', port: 1 } },
      profile: 'uvicorn',
      policy: { mode: 'server', settings: 'server-default' },
    })
    expect(json.changed).toEqual([])
    expect(decided(json, 'client')?.rule).toMatch(/198\.51\.100\.9 is not in forwarded_allow_ips/)
    expect(decided(json, 'client')?.cite).toMatch(/proxy_headers\.py#L35$/)
    expect(json.trace.hops.at(-1)).toMatchObject({ role: 'client', trusted: false })
    expect(json.trace.warnings.map((w) => w.code)).toContain('untrusted-peer-forwarding-headers')
  })

  test('daphne: the leftmost XFF item from any peer, X-Forwarded-Port as the port, no check', async () => {
    const { status, json } = await post({
      request: {
        ...FORWARDED,
        headers: [...FORWARDED.headers, ['X-Forwarded-Port', '4444']],
        peer: { address: '198.51.100.9', port: 1 },
      },
      profile: 'daphne',
      policy: { mode: 'server', settings: { proxy_headers: 'true' } },
    })
    expect(status).toBe(200)
    // daphne's client is a list, not a tuple
    expect(json.effectiveEnviron.client).toBe("['6.6.6.6', 4444]")
    expect(json.effectiveEnviron.scheme).toBe('https')
    expect(decided(json, 'client')).toMatchObject({
      source: 'X-Forwarded-For item 1 of 3',
      cite: expect.stringMatching(/daphne\/blob\/4\.2\.2\/daphne\/utils\.py#L72$/),
    })
    expect(decided(json, 'client')?.rule).toMatch(/no trust check.*leftmost entry 6\.6\.6\.6/)
    expect(json.trace.warnings.map((w) => w.code)).toContain('xff-leftmost-client-controlled')
    expect(json.trace.hops.at(-1)).toMatchObject({ address: '198.51.100.9', role: 'proxy' })
  })

  test('hypercorn ProxyFixMiddleware: the item trusted_hops from the right, Host replaced and moved last', async () => {
    const { json } = await post({
      request: FORWARDED,
      profile: 'hypercorn',
      policy: { mode: 'server', settings: { trusted_hops: '2' } },
    })
    expect(json.effectiveEnviron.client).toBe("('203.0.113.7', 0)")
    // one X-Forwarded-Proto item, fewer than 2 hops: ignored
    expect(json.effectiveEnviron.scheme).toBe('http')
    expect(decided(json, 'scheme')?.rule).toMatch(/fewer than trusted_hops=2/)
    // one X-Forwarded-Host item: ignored too, so Host stays
    expect(decided(json, 'host header')).toMatchObject({ to: "b'internal:8000'" })
    const one = await post({
      request: FORWARDED,
      profile: 'hypercorn',
      policy: { mode: 'server', settings: { trusted_hops: '1' } },
    })
    expect(decided(one.json, 'host header')).toMatchObject({
      from: "b'internal:8000'",
      to: "b'www.example.com'",
      source: 'X-Forwarded-Host item 1 of 1',
    })
    expect(one.json.effectiveEnviron.headers).toMatch(/\(b'host', b'www\.example\.com'\)\]$/)
    expect(one.json.effectiveEnviron.client).toBe("('10.0.0.1', 0)")
    expect(one.json.effectiveEnviron.scheme).toBe('https')
  })

  test('hypercorn without settings: no middleware, nothing changed', async () => {
    const { status, json } = await post({
      request: FORWARDED,
      profile: 'hypercorn',
      policy: { mode: 'server' },
    })
    expect(status).toBe(200)
    expect(json.changed).toEqual([])
    expect(json.trace.serverTrust?.why).toEqual(['no ProxyFixMiddleware: proxy headers ignored'])
  })
})

describe("POST /_inspector/api/frameworks with the server's own trust", () => {
  test('Flask sees the scheme gunicorn trusted', async () => {
    const { status, json } = await postFrameworks({
      request: REQUEST,
      profile: 'gunicorn',
      policy: { mode: 'server', settings: { forwarded_allow_ips: '127.0.0.1' } },
    })
    expect(status).toBe(200)
    const answer = json as unknown as FrameworksApiResponse
    expect(answer.flask.expressions['request.url']).toMatchObject({
      value: "'https://internal:8000/app/page'",
    })
  })

  test('400 naming the field', async () => {
    const { status, json } = await postFrameworks({
      request: REQUEST,
      profile: 'gunicorn',
      policy: { mode: 'server', settings: { nope: '1' } },
    })
    expect(status).toBe(400)
    expect((json as unknown as { field: string }).field).toBe('policy.settings.nope')
  })
})
