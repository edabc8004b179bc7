/**
 * The Proxy page's reading of the API's answer: headline, chain, severities, environ rows.
 * Answers come from the real API (in-process), for the presets a user starts from.
 */
import { describe, expect, test } from 'vitest'
import type { ProxyApiResponse, WarningCode } from '../../../server/proxy/api-types.ts'
import { PROXY_PRESETS } from '../../../server/proxy/presets.ts'
import {
  chainOf,
  environRows,
  headlineOf,
  SEVERITY_LABEL,
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
