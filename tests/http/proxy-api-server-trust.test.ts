/**
 * The proxy and frameworks APIs' `server` policy: the profile's own proxy trust (gunicorn's
 * here) applied to the request, with the rule's reasons in the trace, and a 400 naming the
 * field for each kind of bad input.
 */
import { describe, expect, test } from 'vitest'
import type { FrameworksApiResponse } from '../../server/contract/api/frameworks.ts'
import type { ProxyApiRequest } from '../../server/contract/api/proxy.ts'
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
      name: "an ASGI profile (its trust is the echo's --proxy-trust)",
      body: { request: REQUEST, profile: 'uvicorn', policy: { mode: 'server' } },
      field: 'policy.mode',
      message: /uvicorn profile builds an ASGI scope.*--proxy-trust.*\(gunicorn, waitress\)/,
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
