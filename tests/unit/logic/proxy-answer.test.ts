/**
 * The Proxy page's reading of the API's answer: headline, chain, severities, environ rows.
 * Answers come from the real API (in-process), for the presets a user starts from.
 */
import { describe, expect, test } from 'vitest'
import type { ProxyApiResponse, WarningCode } from '../../../server/contract/api/proxy.ts'
import { PROXY_PRESETS } from '../../../server/proxy/presets.ts'
import {
  chainOf,
  environRows,
  headlineOf,
  isScopeAnswer,
  SEVERITY_LABEL,
  scopeAddress,
  severityOf,
} from '../../../web/logic/proxy-answer.ts'
import { setupProxyApi } from '../../helpers/proxy-api.ts'

const ask = setupProxyApi()

async function answerFor(id: string, policy?: ProxyApiResponse['trace']['policy']) {
  const preset = PROXY_PRESETS.find((p) => p.id === id)
  if (!preset) throw new Error(`no preset ${id}`)
  const { status, json } = await ask({
    request: preset.request,
    policy: (policy as typeof preset.policy | undefined) ?? preset.policy,
  })
  expect(status).toBe(200)
  return json
}

describe('headlineOf', () => {
  test('names the real client behind a forged X-Forwarded-For, and says where it came from', async () => {
    const headline = headlineOf(await answerFor('spoofing-client'))
    expect(headline).toMatchObject({
      client: '203.0.113.7',
      scheme: 'https',
      host: 'www.example.com',
      rewritten: true,
    })
    expect(headline.why).toMatch(
      /^REMOTE_ADDR is 203\.0\.113\.7, read from X-Forwarded-For instead of the socket peer 127\.0\.0\.1\. Why: not in the trusted proxies/
    )
  })

  test('says the socket peer stays when the peer is not trusted', async () => {
    const headline = headlineOf(await answerFor('direct-spoof'))
    expect(headline).toMatchObject({ client: '203.0.113.66', scheme: 'http', rewritten: false })
    expect(headline.host).toBe('app.internal:8000')
    expect(headline.why).toMatch(
      /^REMOTE_ADDR stays the socket peer 203\.0\.113\.66\. Why: the socket peer 203\.0\.113\.66 is not a trusted proxy/
    )
  })

  test('takes the host from X-Forwarded-Host when the CDN set it', async () => {
    expect(headlineOf(await answerFor('cdn-load-balancer')).host).toBe('www.example.com')
  })

  test("reads an ASGI server's scope: client, scheme and the host header hypercorn replaced", async () => {
    const { status, json } = await ask({
      request: {
        headers: [
          ['Host', 'internal'],
          ['X-Forwarded-For', '203.0.113.7'],
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-Host', 'www.example.com'],
        ],
      },
      profile: 'hypercorn',
      policy: { mode: 'server', settings: { trusted_hops: '1' } },
    })
    expect(status).toBe(200)
    const headline = headlineOf(json)
    expect(headline).toMatchObject({
      client: '203.0.113.7',
      scheme: 'https',
      host: 'www.example.com',
      rewritten: true,
    })
    expect(headline.why).toMatch(
      /^client is \('203\.0\.113\.7', 0\), read from X-Forwarded-For item 1 of 1 instead of the socket peer \('127\.0\.0\.1', 50000\)\. Why: hypercorn: ProxyFixMiddleware/
    )
    expect(isScopeAnswer(json)).toBe(true)
  })
})

test('an ASGI profile under a middleware policy: the headline still reads the scope', async () => {
  const { json } = await ask({
    request: { headers: [['Host', 'app.example']], peer: { address: '192.0.2.1', port: 1 } },
    profile: 'uvicorn',
    policy: { mode: 'none' },
  })
  expect(headlineOf(json)).toMatchObject({
    client: '192.0.2.1',
    scheme: 'http',
    host: 'app.example',
  })
})

describe('scopeAddress', () => {
  test.each([
    ["('203.0.113.7', 0)", '203.0.113.7'],
    ["['6.6.6.6', 4444]", '6.6.6.6'],
    ["('::1', 8000)", '::1'],
    // not a host/port pair: shown as the scope prints it
    ['None', 'None'],
    ["('a\\'b', 0)", "('a\\'b', 0)"],
  ])('%s → %s', (text, address) => expect(scopeAddress(text)).toBe(address))
})

describe('chainOf', () => {
  test('labels each hop and says which header named it', async () => {
    const steps = chainOf((await answerFor('spoofing-client')).trace.hops)
    expect(steps.map((s) => [s.address, s.roleLabel, s.namedBy, s.isPeer])).toEqual([
      ['10.0.0.1', 'not believed', 'X-Forwarded-For value 1 of 3', false],
      ['1.2.3.4', 'not believed', 'X-Forwarded-For value 2 of 3', false],
      ['203.0.113.7', 'client', 'X-Forwarded-For value 3 of 3', false],
      ['127.0.0.1', 'trusted proxy', 'the TCP connection (socket peer)', true],
    ])
  })

  test('counts Forwarded elements, not header lines', async () => {
    const steps = chainOf((await answerFor('rfc7239')).trace.hops)
    expect(steps.map((s) => [s.address, s.role, s.namedBy])).toEqual([
      ['192.0.2.43', 'client', 'Forwarded for=, element 1 of 2'],
      ['[2001:db8:cafe::17]:4711', 'proxy', 'Forwarded for=, element 2 of 2'],
      ['10.0.0.5', 'proxy', 'the TCP connection (socket peer)'],
    ])
  })
})

describe('severityOf', () => {
  test.each<[WarningCode, string]>([
    ['xff-leftmost-client-controlled', 'Warning'],
    ['untrusted-peer-forwarding-headers', 'Warning'],
    ['underscore-header', 'Problem'],
    ['invalid-environ', 'Problem'],
    ['forwarded-ignored', 'Note'],
  ])('%s is a %s', (code, label) => {
    expect(SEVERITY_LABEL[severityOf(code)]).toBe(label)
  })
})

describe('environRows', () => {
  test('marks the rewritten keys and the added orig key, in effective order', async () => {
    const rows = environRows(await answerFor('two-proxies'))
    const marked = rows.filter((row) => row.rewritten)
    expect(marked.map((row) => [row.key, row.raw, row.effective, row.change])).toEqual([
      ['REMOTE_ADDR', '10.0.0.10', '203.0.113.7', 'changed'],
      ['wsgi.url_scheme', 'http', 'https', 'changed'],
      [
        'inspector.proxy_fix.orig',
        undefined,
        expect.stringContaining("'REMOTE_ADDR': '10.0.0.10'"),
        'added',
      ],
    ])
    expect(rows.at(-1)?.key).toBe('inspector.proxy_fix.orig')
    expect(rows.find((row) => row.key === 'HTTP_X_FORWARDED_FOR')).toMatchObject({
      rewritten: false,
      change: 'same',
    })
  })

  test('with no policy nothing is marked', async () => {
    const rows = environRows(await answerFor('nginx', { mode: 'none' }))
    expect(rows.filter((row) => row.rewritten)).toEqual([])
  })
})
