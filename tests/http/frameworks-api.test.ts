/**
 * POST /_inspector/api/frameworks over a real socket: the answer's shape, the proxy API's
 * request/profile/policy input taken the same way, and a 400 naming the field for bad input.
 */
import { describe, expect, test } from 'vitest'
import type { FrameworksApiResponse } from '../../server/contract/api/frameworks.ts'
import { DJANGO_EXPRESSIONS } from '../../server/frameworks/django.ts'
import { FLASK_EXPRESSIONS } from '../../server/frameworks/flask.ts'
import { STARLETTE_EXPRESSIONS } from '../../server/frameworks/starlette.ts'
import { listen } from '../helpers/server.ts'

const API = '/_inspector/api/frameworks'

async function post(
  url: string,
  body: unknown
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${API}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

const REQUEST = {
  target: '/account?tab=1',
  headers: [
    ['Host', 'www.example.com'],
    ['X-Forwarded-For', '203.0.113.7'],
    ['X-Forwarded-Proto', 'https'],
  ],
  peer: { address: '127.0.0.1', port: 41000 },
}

describe('POST /_inspector/api/frameworks', () => {
  test('answers every expression of every framework, in the issue’s words and order', async () => {
    const server = await listen()
    const { status, json } = await post(server.url, {
      request: REQUEST,
      policy: { mode: 'trusted', proxies: ['127.0.0.1'] },
      settings: {
        django: { ALLOWED_HOSTS: ['www.example.com'] },
        starlette: { root_path: '/api' },
      },
    })
    expect(status).toBe(200)
    const answer = json as unknown as FrameworksApiResponse
    expect(Object.keys(answer.flask.expressions)).toEqual([...FLASK_EXPRESSIONS])
    expect(Object.keys(answer.django.expressions)).toEqual([...DJANGO_EXPRESSIONS])
    expect(Object.keys(answer.starlette.expressions)).toEqual([...STARLETTE_EXPRESSIONS])
    expect(answer.flask.modelled).toBe('Flask 3.1.3, Werkzeug 3.1.8')
    expect(answer.django.modelled).toBe('Django 5.2')
    expect(answer.starlette.modelled).toBe('Starlette 1.3.1, FastAPI 0.141.1')
    // the policy ran before the frameworks: the environ is the effective one
    expect(answer.environ).toMatchObject({
      REMOTE_ADDR: '203.0.113.7',
      'wsgi.url_scheme': 'https',
      SERVER_PORT: String(server.port),
    })
    expect(answer.django.expressions['request.build_absolute_uri()']).toEqual({
      value: "'https://www.example.com/account?tab=1'",
      why: expect.arrayContaining([
        'SECURE_PROXY_SSL_HEADER is None: wsgi.url_scheme decides',
        expect.stringContaining(
          "wsgi.url_scheme = 'https' (set by the server's trusted-proxy policy (127.0.0.1)"
        ),
        "HTTP_HOST = 'www.example.com'",
      ]),
    })
    expect(answer.starlette.scope).toMatchObject({
      path: '/api/account',
      raw_path: '/api/account',
      root_path: '/api',
      query_string: 'tab=1',
      scheme: 'https',
      client: ['203.0.113.7', 0],
      server: ['127.0.0.1', server.port],
      headers: [
        ['host', 'www.example.com'],
        ['x-forwarded-for', '203.0.113.7'],
        ['x-forwarded-proto', 'https'],
      ],
    })
    // settings come back with the frameworks' defaults filled in
    expect(answer.django.settings).toMatchObject({ DEBUG: false, USE_X_FORWARDED_HOST: false })
    expect(answer.flask.settings).toMatchObject({ SERVER_NAME: null, APPLICATION_ROOT: '/' })
  })

  test('a request the ASGI server refuses still gets the WSGI frameworks’ answers', async () => {
    const server = await listen()
    const { status, json } = await post(server.url, {
      request: { target: '/caf\u00e9', headers: [['Host', 'h.example']] },
      policy: { mode: 'none' },
    })
    expect(status).toBe(200)
    const answer = json as unknown as FrameworksApiResponse
    expect(answer.starlette).toMatchObject({ scope: null, expressions: {} })
    // h11 takes only visible ASCII in a target, and uvicorn answers its error with this 400
    expect(answer.starlette.refused).toBe(
      'uvicorn refuses the request before the app runs: 400 Invalid HTTP request received.'
    )
    expect(answer.flask.expressions['request.url']).toMatchObject({
      // the raw byte 0xE9 is not UTF-8: Werkzeug decodes it to U+FFFD
      value: "'http://h.example/caf\ufffd'",
    })
  })

  test("a WSGI profile: Starlette reads uvicorn's scope, and every answer says so", async () => {
    const server = await listen()
    const { json } = await post(server.url, {
      request: REQUEST,
      profile: 'gunicorn',
      policy: { mode: 'none' },
    })
    const answer = json as unknown as FrameworksApiResponse
    expect(answer.wsgiServer.profile).toBe('gunicorn')
    expect(answer.starlette.server).toEqual({
      profile: 'uvicorn',
      why: 'gunicorn is a WSGI server and Starlette is an ASGI app: the scope is the one uvicorn 0.51.0 (h11), ASGI: echoes the scope builds',
    })
    for (const evaluation of Object.values(answer.starlette.expressions)) {
      expect(evaluation.why[0]).toBe(answer.starlette.server.why)
    }
    // uvicorn's scope, not an environ: its own spelling and bytes
    expect(answer.starlette.scope).toMatchObject({ path: '/account', query_string: 'tab=1' })
  })

  test("an ASGI profile: its scope for Starlette, gunicorn's environ for Flask and Django", async () => {
    const server = await listen()
    const { json } = await post(server.url, {
      request: REQUEST,
      profile: 'uvicorn',
      policy: { mode: 'none' },
    })
    const answer = json as unknown as FrameworksApiResponse
    expect(answer.starlette.server.profile).toBe('uvicorn')
    expect(answer.starlette.server.why).toBe(
      'the scope is the one uvicorn 0.51.0 (h11), ASGI: echoes the scope builds'
    )
    expect(answer.wsgiServer).toEqual({
      profile: 'gunicorn',
      why: expect.stringMatching(/^uvicorn is an ASGI server and Flask and Django are WSGI apps/),
    })
    // an environ, as gunicorn builds it: not the scope
    expect(answer.environ).toMatchObject({ PATH_INFO: '/account', QUERY_STRING: 'tab=1' })
    expect(answer.environ).not.toHaveProperty('raw_path')
    expect(answer.flask.expressions['request.url']).toMatchObject({
      value: "'http://www.example.com/account?tab=1'",
    })
  })

  test("any ASGI profile's scope: hypercorn's, with its own spelling of the same request", async () => {
    const server = await listen()
    const { json } = await post(server.url, {
      request: REQUEST,
      profile: 'hypercorn',
      policy: { mode: 'none' },
    })
    const answer = json as unknown as FrameworksApiResponse
    expect(answer.starlette.server.profile).toBe('hypercorn')
    expect(answer.starlette.scope).toMatchObject({ path: '/account', query_string: 'tab=1' })
    expect(answer.starlette.expressions['request.url']).toMatchObject({
      value: "URL('http://www.example.com/account?tab=1')",
    })
  })

  test("an ASGI server's own trust changes the scope Starlette reads, not the WSGI apps' environ", async () => {
    const server = await listen()
    const ask = (settings: Record<string, string>) =>
      post(server.url, {
        request: REQUEST,
        profile: 'uvicorn',
        policy: { mode: 'server', settings },
      })
    // uvicorn --proxy-headers --forwarded-allow-ips 127.0.0.1: the peer is trusted
    const trusted = (await ask({ proxy_headers: 'true', forwarded_allow_ips: '127.0.0.1' }))
      .json as unknown as FrameworksApiResponse
    expect(trusted.starlette.scope).toMatchObject({ scheme: 'https' })
    expect(trusted.starlette.expressions['request.url']).toMatchObject({
      value: "URL('https://www.example.com/account?tab=1')",
    })
    expect(trusted.starlette.expressions['request.client']).toMatchObject({
      value: expect.stringContaining("host='203.0.113.7'"),
    })
    // gunicorn's environ for Flask and Django trusts nobody: uvicorn's flags are not theirs
    expect(trusted.flask.expressions['request.scheme']).toMatchObject({ value: "'http'" })
    // another peer: uvicorn believes nothing
    const other = (await ask({ proxy_headers: 'true', forwarded_allow_ips: '10.0.0.9' }))
      .json as unknown as FrameworksApiResponse
    expect(other.starlette.scope).toMatchObject({ scheme: 'http' })
  })

  test("the ASGI profile's own refusals decide: h11 refuses HTTP/1.1 without Host", async () => {
    const server = await listen()
    const { json } = await post(server.url, {
      // gunicorn takes it, so Flask and Django answer; h11 requires Host on HTTP/1.1
      request: { target: '/', headers: [] },
      profile: 'uvicorn',
      policy: { mode: 'none' },
    })
    const answer = json as unknown as FrameworksApiResponse
    expect(Object.keys(answer.flask.expressions)).toEqual([...FLASK_EXPRESSIONS])
    expect(answer.starlette).toMatchObject({ scope: null, expressions: {} })
    expect(answer.starlette.refused).toBe(
      'uvicorn refuses the request before the app runs: 400 Invalid HTTP request received.'
    )
  })

  test.each([
    ['no request', { policy: { mode: 'none' } }, /request/],
    ['no policy', { request: REQUEST }, /policy/],
    [
      "a bad option of an ASGI server's own trust",
      {
        request: REQUEST,
        profile: 'uvicorn',
        policy: { mode: 'server', settings: { proxy_header: 'true' } },
      },
      /^policy\.settings\.proxy_header: unknown option; expected one of proxy_headers, /,
    ],
    [
      'an environ instead of a request',
      { environ: {}, policy: { mode: 'none' } },
      /request|environ/,
    ],
    [
      'an unknown body field',
      { request: REQUEST, policy: { mode: 'none' }, extra: 1 },
      /body: unknown field "extra"/,
    ],
    [
      'an unknown framework',
      { request: REQUEST, policy: { mode: 'none' }, settings: { rails: {} } },
      /settings: unknown field "rails"/,
    ],
    [
      'a misspelt Django setting',
      { request: REQUEST, policy: { mode: 'none' }, settings: { django: { ALLOWED_HOST: [] } } },
      /^settings\.django\.ALLOWED_HOST: unknown setting; expected one of ALLOWED_HOSTS, /,
    ],
    [
      'ALLOWED_HOSTS as a string',
      { request: REQUEST, policy: { mode: 'none' }, settings: { django: { ALLOWED_HOSTS: '*' } } },
      /^settings\.django\.ALLOWED_HOSTS: expected a list of strings$/,
    ],
    [
      'a one-item SECURE_PROXY_SSL_HEADER',
      {
        request: REQUEST,
        policy: { mode: 'none' },
        settings: { django: { SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO'] } },
      },
      /^settings\.django\.SECURE_PROXY_SSL_HEADER: expected a pair/,
    ],
    [
      'a negative ProxyFix count',
      {
        request: REQUEST,
        policy: { mode: 'none' },
        settings: { flask: { ProxyFix: { x_for: -1 } } },
      },
      /^settings\.flask\.ProxyFix\.x_for: expected a whole number/,
    ],
    [
      'a non-ASCII SERVER_NAME',
      {
        request: REQUEST,
        policy: { mode: 'none' },
        settings: { flask: { SERVER_NAME: 'bücher.example' } },
      },
      /^settings\.flask\.SERVER_NAME: "bücher\.example" is not ASCII; give the IDNA form/,
    ],
    [
      'a wildcard TrustedHostMiddleware refuses',
      {
        request: REQUEST,
        policy: { mode: 'none' },
        settings: { starlette: { allowed_hosts: ['*example.com'] } },
      },
      /^settings\.starlette\.allowed_hosts\[0\]: Domain wildcard patterns must be like '\*\.example\.com'\.$/,
    ],
    [
      'an openapi_url without its slash',
      {
        request: REQUEST,
        policy: { mode: 'none' },
        settings: { starlette: { openapi_url: 'openapi.json' } },
      },
      /^settings\.starlette\.openapi_url: Routed paths must start with '\/'$/,
    ],
    [
      'a peer that is not an address',
      { request: { ...REQUEST, peer: { address: 'proxy.local' } }, policy: { mode: 'none' } },
      /^request\.peer\.address: "proxy\.local" is not an IP address$/,
    ],
    [
      'a policy with a bad range',
      { request: REQUEST, policy: { mode: 'trusted', proxies: ['10.0.0.0/33'] } },
      /^policy: /,
    ],
    ['a body that is not JSON', '{"request": ', /JSON|Unexpected|body/i],
  ])('%s is a 400 naming the field', async (_name, body, message) => {
    const server = await listen()
    const { status, json } = await post(server.url, body)
    expect(status).toBe(400)
    expect(json.message).toMatch(message)
    if (typeof body === 'string') return // Fastify's JSON parser answers that one
    // the body's shape is the schema's (EI_ERR_API_INPUT); what is in it, the route's
    expect(json.code).toMatch(/^EI_ERR_(FRAMEWORKS|API)_INPUT$/)
    expect(json.error).toBe(json.message)
    if (json.code === 'EI_ERR_FRAMEWORKS_INPUT')
      expect(json.field).toBe(/^([\w.[\]]+): /.exec(String(json.message))?.[1])
  })
})
