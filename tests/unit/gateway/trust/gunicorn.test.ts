import { describe, expect, test } from 'vitest'
import { GUNICORN_TRUST } from '../../../../server/gateway/profiles/trust/gunicorn.ts'
import { fixtureCases, wireHeaders } from './fixture.ts'

const peer = (host: string) => ({ host, port: 40000 })

describe('gunicorn proxy trust against gunicorn.untrusted.json (--forwarded-allow-ips=10.9.9.9)', () => {
  const { args, cases } = fixtureCases('gunicorn.untrusted')
  const settings = GUNICORN_TRUST.parse({ forwarded_allow_ips: '10.9.9.9' })
  test('the fixture ran with the settings we parse', () => {
    expect(args).toEqual(['--forwarded-allow-ips=10.9.9.9'])
  })
  // 20.1 (Debian) honours a SCRIPT_NAME: header from any peer (20.1 gunicorn/http/wsgi.py:129);
  // 26.1 only from a trusted one (forwarder_headers, commit 3e042e82, first in 23.0.0; spec T117).
  const DIFFERS_FROM_DEBIAN: Record<string, string> = {
    T68: 'SCRIPT_NAME header from an untrusted peer: 20.1 takes it, 23.0+ drops it',
  }
  test.each(cases.filter((c) => c.status === 200))('$id', (c) => {
    const effect = GUNICORN_TRUST.apply(c.input, settings)
    expect(effect.refusal).toBeUndefined()
    expect(effect.scheme ?? 'http').toBe(c.echo['wsgi.url_scheme'])
    expect(effect.client).toBeUndefined()
    expect(effect.why.join('\n')).toMatch(/not in forwarded_allow_ips/)
    if (c.id in DIFFERS_FROM_DEBIAN) {
      expect(c.echo.SCRIPT_NAME).toBe('/app')
      expect(effect.scriptName).toBeUndefined()
    } else {
      expect(effect.scriptName ?? '').toBe(c.echo.SCRIPT_NAME)
    }
  })
})

describe('gunicorn proxy trust, hand cases (spec §5.2)', () => {
  const h = (...lines: string[]) =>
    wireHeaders(`GET / HTTP/1.1\r\nHost: a\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`)
  const defaults = GUNICORN_TRUST.serverDefaults
  test.each([
    {
      name: 'off trusts nobody, not even loopback',
      s: GUNICORN_TRUST.off,
      peer: '127.0.0.1',
      hs: ['X-Forwarded-Proto: https'],
      scheme: undefined,
    },
    {
      name: 'default trusts 127.0.0.1',
      s: defaults,
      peer: '127.0.0.1',
      hs: ['X-Forwarded-Proto: https'],
      scheme: 'https',
    },
    {
      name: 'default trusts ::1',
      s: defaults,
      peer: '::1',
      hs: ['X-Forwarded-Ssl: on'],
      scheme: 'https',
    },
    {
      name: 'exact, case-sensitive match',
      s: defaults,
      peer: '127.0.0.1',
      hs: ['X-Forwarded-Proto: HTTPS'],
      scheme: 'http',
    },
    {
      name: 'a list is not https',
      s: defaults,
      peer: '127.0.0.1',
      hs: ['X-Forwarded-Proto: https, http'],
      scheme: 'http',
    },
    {
      name: 'a unix-socket peer is always trusted',
      s: GUNICORN_TRUST.off,
      peer: 'unix:/run/g.sock',
      hs: ['X-Forwarded-Protocol: ssl'],
      scheme: 'https',
    },
    {
      name: 'CIDR',
      s: GUNICORN_TRUST.parse({ forwarded_allow_ips: '10.0.0.0/8' }),
      peer: '10.1.2.3',
      hs: ['X-Forwarded-Proto: https'],
      scheme: 'https',
    },
    {
      name: 'outside the CIDR',
      s: GUNICORN_TRUST.parse({ forwarded_allow_ips: '10.0.0.0/8' }),
      peer: '11.1.2.3',
      hs: ['X-Forwarded-Proto: https'],
      scheme: undefined,
    },
    {
      name: 'own secure_scheme_headers',
      s: GUNICORN_TRUST.parse({
        forwarded_allow_ips: '*',
        secure_scheme_headers: 'X-Scheme=https',
      }),
      peer: '192.0.2.1',
      hs: ['X-Scheme: https', 'X-Forwarded-Proto: http'],
      scheme: 'https',
    },
  ])('$name', ({ s, peer: p, hs, scheme }) => {
    const effect = GUNICORN_TRUST.apply({ headers: h(...hs), peer: peer(p), tls: false }, s)
    expect(effect.scheme).toBe(scheme)
    expect(effect.refusal).toBeUndefined()
    expect(effect.client).toBeUndefined()
  })

  test('contradicting scheme headers from a trusted peer → 400', () => {
    const effect = GUNICORN_TRUST.apply(
      {
        headers: h('X-Forwarded-Proto: https', 'X-Forwarded-Ssl: off'),
        peer: peer('127.0.0.1'),
        tls: false,
      },
      defaults
    )
    expect(effect.refusal).toEqual({ status: 400, reason: 'Contradictory scheme headers' })
    expect(effect.why.at(-1)).toMatch(/InvalidSchemeHeaders/)
  })

  test('SCRIPT_NAME header only from a trusted peer, only if listed', () => {
    const headers = h('SCRIPT_NAME: /app')
    expect(
      GUNICORN_TRUST.apply({ headers, peer: peer('127.0.0.1'), tls: false }, defaults).scriptName
    ).toBe('/app')
    expect(
      GUNICORN_TRUST.apply({ headers, peer: peer('127.0.0.1'), tls: false }, GUNICORN_TRUST.off)
        .scriptName
    ).toBeUndefined()
    const unlisted = GUNICORN_TRUST.parse({
      forwarded_allow_ips: '127.0.0.1',
      forwarder_headers: 'PATH_INFO',
    })
    expect(
      GUNICORN_TRUST.apply({ headers, peer: peer('127.0.0.1'), tls: false }, unlisted).scriptName
    ).toBeUndefined()
  })

  test('bad settings name the option', () => {
    expect(() => GUNICORN_TRUST.parse({ forwarded_allow_ip: '*' })).toThrow(
      /forwarded_allow_ip: unknown option/
    )
    expect(() => GUNICORN_TRUST.parse({ secure_scheme_headers: 'X-Proto' })).toThrow(
      /secure_scheme_headers: expected HEADER=value/
    )
  })
})
