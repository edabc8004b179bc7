import { describe, expect, test } from 'vitest'
import {
  DAPHNE_TRUST,
  HYPERCORN_TRUST,
  UVICORN_TRUST,
} from '../../../../server/gateway/profiles/trust/asgi.ts'
import { fixtureCases, wireHeaders } from './fixture.ts'

/** `('h', p)` or `['h', p]` as the fixture prints it, after the effect. */
function client(effect: { client?: { host: string; port?: number } }, list: boolean): string {
  const [o, c] = list ? ['[', ']'] : ['(', ')']
  if (!effect.client) return `${o}'127.0.0.1', <client-port>${c}`
  return `${o}'${effect.client.host}', ${effect.client.port ?? 0}${c}`
}

describe('uvicorn --no-proxy-headers = our default (uvicorn.no-proxy-headers.json)', () => {
  const { args, cases } = fixtureCases('uvicorn.no-proxy-headers')
  test('fixture settings', () => expect(args).toEqual(['--no-proxy-headers']))
  test.each(cases)('$id', (c) => {
    for (const s of [UVICORN_TRUST.off, UVICORN_TRUST.parse({ proxy_headers: 'false' })]) {
      const e = UVICORN_TRUST.apply(c.input, s)
      expect(client(e, false)).toBe(c.echo.client)
      expect(e.scheme ?? 'http').toBe(c.echo.scheme)
    }
  })
})

describe('uvicorn --forwarded-allow-ips=* (uvicorn.trust-all.json)', () => {
  const { cases } = fixtureCases('uvicorn.trust-all')
  const s = UVICORN_TRUST.parse({ forwarded_allow_ips: '*' })
  // Debian 0.17.6 → 0.51.0 (uvicorn.md, "Debian → 0.51.0" item 3):
  const DIFFERS: Record<string, { client?: string; scheme?: string }> = {
    T87: { scheme: 'http' }, // XFP whitelist http/https/ws/wss (0.31 #2468): 'HTTPS' is ignored
    P17: { scheme: 'http' }, // same whitelist: 'javascript' is ignored
    T88: { client: "('1.1.1.1', 0)" }, // repeated XFF lines joined (0.49 #2971); 0.17.6 kept the last line
    P08: { client: "('1.1.1.1', 0)" }, // same join
  }
  test.each(cases)('$id', (c) => {
    const e = UVICORN_TRUST.apply(c.input, s)
    expect(client(e, false)).toBe(DIFFERS[c.id]?.client ?? c.echo.client)
    expect(e.scheme ?? 'http').toBe(DIFFERS[c.id]?.scheme ?? c.echo.scheme)
  })
})

describe('uvicorn hand cases', () => {
  const h = (...l: string[]) =>
    wireHeaders(`GET / HTTP/1.1\r\nHost: a\r\n${l.map((x) => `${x}\r\n`).join('')}\r\n`)
  const p = { host: '127.0.0.1', port: 1 }
  test('server default: XFF right to left, first untrusted', () => {
    const e = UVICORN_TRUST.apply(
      { headers: h('X-Forwarded-For: 1.1.1.1, 2.2.2.2, 127.0.0.1'), peer: p, tls: false },
      UVICORN_TRUST.serverDefaults
    )
    expect(e.client).toEqual({ host: '2.2.2.2', port: 0 })
  })
  test('all trusted → leftmost; port kept', () => {
    const e = UVICORN_TRUST.apply(
      { headers: h('X-Forwarded-For: 127.0.0.1:8080'), peer: p, tls: false },
      UVICORN_TRUST.serverDefaults
    )
    expect(e.client).toEqual({ host: '127.0.0.1', port: 8080 })
  })
  test('untrusted peer: nothing', () => {
    const e = UVICORN_TRUST.apply(
      { headers: h('X-Forwarded-Proto: https'), peer: { host: '10.0.0.1', port: 1 }, tls: false },
      UVICORN_TRUST.serverDefaults
    )
    expect(e.scheme).toBeUndefined()
  })
  test('CIDR and wss', () => {
    const s = UVICORN_TRUST.parse({ forwarded_allow_ips: '10.0.0.0/8' })
    const e = UVICORN_TRUST.apply(
      { headers: h('X-Forwarded-Proto: wss'), peer: { host: '10.9.9.9', port: 1 }, tls: false },
      s
    )
    expect(e.scheme).toBe('wss')
  })
})

describe('daphne --proxy-headers (daphne.proxy-headers.json)', () => {
  const { args, cases } = fixtureCases('daphne.proxy-headers')
  test('fixture settings', () => expect(args).toEqual(['--proxy-headers']))
  const s = DAPHNE_TRUST.parse({ proxy_headers: 'true' })
  test.each(cases)('$id', (c) => {
    const e = DAPHNE_TRUST.apply(c.input, s)
    expect(client(e, true)).toBe(c.echo.client)
    expect(e.scheme ?? 'http').toBe(c.echo.scheme)
    expect(DAPHNE_TRUST.apply(c.input, DAPHNE_TRUST.off).client).toBeUndefined()
  })
})

describe('hypercorn ProxyFixMiddleware (no Debian fixture: 0.13.2 has none)', () => {
  const h = (...l: string[]) =>
    wireHeaders(`GET / HTTP/1.1\r\nHost: a\r\n${l.map((x) => `${x}\r\n`).join('')}\r\n`)
  const p = { host: '198.51.100.1', port: 1 }
  test('off: nothing', () => {
    expect(
      HYPERCORN_TRUST.apply(
        { headers: h('X-Forwarded-For: 1.1.1.1'), peer: p, tls: false },
        HYPERCORN_TRUST.off
      ).client
    ).toBeUndefined()
  })
  test('legacy, 2 hops, any peer, scheme not validated, host moved last', () => {
    const s = HYPERCORN_TRUST.parse({ trusted_hops: '2' })
    const e = HYPERCORN_TRUST.apply(
      {
        headers: h(
          'X-Forwarded-For: 1.1.1.1, 2.2.2.2, 3.3.3.3',
          'X-Forwarded-Proto: javascript',
          'X-Forwarded-Host: x, y'
        ),
        peer: p,
        tls: false,
      },
      HYPERCORN_TRUST.parse({ trusted_hops: '1' })
    )
    expect(e).toMatchObject({
      client: { host: '3.3.3.3', port: 0 },
      scheme: 'javascript',
      host: 'y',
      dropHeaders: ['host'],
    })
    const two = HYPERCORN_TRUST.apply(
      {
        headers: h('X-Forwarded-For: 1.1.1.1, 2.2.2.2', 'X-Forwarded-Proto: https'),
        peer: p,
        tls: false,
      },
      s
    )
    expect(two.client).toEqual({ host: '1.1.1.1', port: 0 })
    expect(two.scheme).toBeUndefined()
  })
  test('modern with fewer Forwarded elements than hops falls back to X-Forwarded-*', () => {
    // proxy_fix.py: _get_trusted_value(b"forwarded") is None → the legacy branch
    const s = HYPERCORN_TRUST.parse({ trusted_hops: '2', mode: 'modern' })
    const e = HYPERCORN_TRUST.apply(
      {
        headers: h('Forwarded: for=9.9.9.9', 'X-Forwarded-For: 1.1.1.1, 2.2.2.2'),
        peer: p,
        tls: false,
      },
      s
    )
    expect(e.client).toEqual({ host: '1.1.1.1', port: 0 })
    expect(e.reads?.map((r) => `${r.sets} ${r.header} ${r.item}`)).toEqual([
      'client X-Forwarded-For 0',
    ])
  })
  test('modern takes Forwarded verbatim', () => {
    const s = HYPERCORN_TRUST.parse({ trusted_hops: '1', mode: 'modern' })
    const e = HYPERCORN_TRUST.apply(
      { headers: h('Forwarded: for="[::1]:80";proto=https'), peer: p, tls: false },
      s
    )
    expect(e.client).toEqual({ host: '"[::1]:80"', port: 0 })
    expect(e.scheme).toBe('https')
  })
})
