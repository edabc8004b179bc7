import { describe, expect, test } from 'vitest'
import { WAITRESS_TRUST } from '../../../../server/gateway/profiles/trust/waitress.ts'
import type { TrustEffect } from '../../../../server/gateway/profiles/trust.ts'
import { type FixtureCase, fixtureCases, wireHeaders } from './fixture.ts'

const KEYS: Record<string, string> = {
  'x-forwarded-for': 'HTTP_X_FORWARDED_FOR',
  'x-forwarded-host': 'HTTP_X_FORWARDED_HOST',
  'x-forwarded-proto': 'HTTP_X_FORWARDED_PROTO',
  'x-forwarded-port': 'HTTP_X_FORWARDED_PORT',
  'x-forwarded-by': 'HTTP_X_FORWARDED_BY',
  forwarded: 'HTTP_FORWARDED',
}

/** The environ keys the effect decides, as waitress would print them (peer 127.0.0.1). */
function expectMatches(c: FixtureCase, effect: TrustEffect): void {
  expect(effect.refusal).toBeUndefined()
  expect(effect.client?.host ?? '127.0.0.1').toBe(c.echo.REMOTE_ADDR)
  expect(effect.scheme ?? 'http').toBe(c.echo['wsgi.url_scheme'])
  expect(effect.serverName ?? 'waitress.invalid').toBe(c.echo.SERVER_NAME)
  expect(effect.serverPort ?? '<port>').toBe(c.echo.SERVER_PORT)
  const sentHost = c.input.headers.find(([n]) => n.toLowerCase() === 'host')?.[1]
  expect(effect.host ?? sentHost).toBe(c.echo.HTTP_HOST)
  for (const [header, key] of Object.entries(KEYS)) {
    const sent = c.input.headers.some(([n]) => n.toLowerCase() === header)
    expect(sent && !effect.dropHeaders.includes(header), `${key} kept`).toBe(key in c.echo)
  }
}

describe('waitress 3.0.2 default (= 2.1.2 --clear-untrusted-proxy-headers, waitress.clear-untrusted.json)', () => {
  const { args, cases } = fixtureCases('waitress.clear-untrusted')
  test('fixture settings', () => expect(args).toEqual(['--clear-untrusted-proxy-headers']))
  test.each(cases)('$id', (c) => {
    expectMatches(c, WAITRESS_TRUST.apply(c.input, WAITRESS_TRUST.off))
    expectMatches(c, WAITRESS_TRUST.apply(c.input, WAITRESS_TRUST.serverDefaults))
  })
})

describe('waitress trusted_proxy=127.0.0.1 with four headers (waitress.trusted-proxy.json)', () => {
  const { args, cases } = fixtureCases('waitress.trusted-proxy')
  const settings = WAITRESS_TRUST.parse({
    trusted_proxy: '127.0.0.1',
    trusted_proxy_headers: 'x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port',
    clear_untrusted_proxy_headers: 'true',
  })
  test('fixture settings', () =>
    expect(args).toEqual([
      '--trusted-proxy=127.0.0.1',
      '--trusted-proxy-headers=x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port',
      '--clear-untrusted-proxy-headers',
    ]))
  test.each(cases.filter((c) => c.status === 200))('$id', (c) => {
    const effect = WAITRESS_TRUST.apply(c.input, settings)
    expectMatches(c, effect)
    // 2.1.2 leaves a used X-Forwarded-For as sent; 3.0.2 keeps only the trusted entries
    // (CHANGES 3.0.2 "Security", PR #452, proxy_headers.py:106-109).
    const xff = c.echo.HTTP_X_FORWARDED_FOR
    if (xff !== undefined) {
      expect(effect.setHeaders?.['x-forwarded-for']).toBe(xff.split(',').at(-1)?.trim())
    }
  })
  test('P17: X-Forwarded-Proto javascript → 400 as observed', () => {
    const c = cases.find((x) => x.id === 'P17') as FixtureCase
    expect(c.status).toBe(400)
    expect(WAITRESS_TRUST.apply(c.input, settings).refusal).toEqual({
      status: 400,
      reason: 'Header "X-Forwarded-Proto" malformed.',
    })
  })
})

describe('waitress hand cases (spec §5.3)', () => {
  const h = (...lines: string[]) =>
    wireHeaders(`GET / HTTP/1.1\r\nHost: a\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`)
  const peer = { host: '10.0.0.2', port: 5 }
  test('trust is an exact string, not a network', () => {
    const s = WAITRESS_TRUST.parse({
      trusted_proxy: '10.0.0.0/8',
      trusted_proxy_headers: 'x-forwarded-for',
    })
    expect(
      WAITRESS_TRUST.apply({ headers: h('X-Forwarded-For: 1.2.3.4'), peer, tls: false }, s).client
    ).toBeUndefined()
  })
  test('trusted_proxy_count 2 takes the second from the right', () => {
    const s = WAITRESS_TRUST.parse({
      trusted_proxy: '*',
      trusted_proxy_count: '2',
      trusted_proxy_headers: 'x-forwarded-for',
    })
    const e = WAITRESS_TRUST.apply(
      { headers: h('X-Forwarded-For: 1.1.1.1, 2.2.2.2, 3.3.3.3'), peer, tls: false },
      s
    )
    expect(e.client).toEqual({ host: '2.2.2.2' })
    expect(e.setHeaders?.['x-forwarded-for']).toBe('2.2.2.2, 3.3.3.3')
  })
  test('trusted_proxy alone trusts X-Forwarded-Proto only', () => {
    const s = WAITRESS_TRUST.parse({ trusted_proxy: '10.0.0.2' })
    const e = WAITRESS_TRUST.apply(
      { headers: h('X-Forwarded-Proto: https', 'X-Forwarded-For: 1.1.1.1'), peer, tls: false },
      s
    )
    expect(e.scheme).toBe('https')
    expect(e.client).toBeUndefined()
    expect(e.dropHeaders).toEqual(['x-forwarded-for'])
  })
  test('Forwarded with a port in for=', () => {
    const s = WAITRESS_TRUST.parse({ trusted_proxy: '*', trusted_proxy_headers: 'forwarded' })
    const e = WAITRESS_TRUST.apply(
      {
        headers: h('Forwarded: for="[2001:db8::1]:4711";proto=https;host=x.example'),
        peer,
        tls: false,
      },
      s
    )
    expect(e.client).toEqual({ host: '2001:db8::1', port: 4711 })
    expect(e.scheme).toBe('https')
    expect(e.host).toBe('x.example')
  })
  test('clear off keeps everything', () => {
    const s = WAITRESS_TRUST.parse({ clear_untrusted_proxy_headers: 'false' })
    expect(
      WAITRESS_TRUST.apply({ headers: h('Forwarded: for=1.2.3.4'), peer, tls: false }, s)
        .dropHeaders
    ).toEqual([])
  })
  test('bad settings', () => {
    expect(() =>
      WAITRESS_TRUST.parse({ trusted_proxy_headers: 'forwarded x-forwarded-for' })
    ).toThrow(/cannot be combined/)
    expect(() => WAITRESS_TRUST.parse({ trusted_proxy_count: '0' })).toThrow(/trusted_proxy_count/)
  })
})
