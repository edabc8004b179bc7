/**
 * The proxy trace: hop chain, decisions and warnings, and that the effective environ is
 * exactly what the middleware gives the app.
 */
import { describe, expect, test } from 'vitest'
import { type Environ, pyStr } from '../../../server/contract/python.ts'
import { buildEnviron } from '../../../server/gateway/environ.ts'
import type { App } from '../../../server/gateway/types.ts'
import { middlewareFor } from '../../../server/middleware/index.ts'
import { compilePolicy, type ProxyPolicyInput } from '../../../server/proxy/policy.ts'
import { PROXY_PRESETS } from '../../../server/proxy/presets.ts'
import { traceProxy } from '../../../server/proxy/trace.ts'
import { minimalEnviron } from '../../helpers/environ.ts'
import { gatewayRequest, SERVER } from '../../helpers/request.ts'

function trace(policy: ProxyPolicyInput, overrides: Record<string, string>, rawHeaders?: string[]) {
  return traceProxy(minimalEnviron(overrides), compilePolicy(policy), rawHeaders)
}

const codes = (report: ReturnType<typeof trace>) => report.trace.warnings.map((w) => w.code)
const PROXY_FIX = { mode: 'proxy-fix' } as const
const TRUSTED = { mode: 'trusted', proxies: ['127.0.0.1', '10.0.0.0/8'] } as const

describe('traceProxy: hops', () => {
  test('lists the chain from the client side to the socket peer, with roles and reasons', () => {
    const report = trace(TRUSTED, { HTTP_X_FORWARDED_FOR: '6.6.6.6, 203.0.113.7, 10.0.0.5' })
    expect(
      report.trace.hops.map(({ address, source, trusted, role }) => [
        address,
        source,
        trusted,
        role,
      ])
    ).toEqual([
      ['6.6.6.6', 'X-Forwarded-For', false, 'ignored'],
      ['203.0.113.7', 'X-Forwarded-For', false, 'client'],
      ['10.0.0.5', 'X-Forwarded-For', true, 'proxy'],
      ['127.0.0.1', 'socket', true, 'proxy'],
    ])
    expect(report.trace.hops[2]?.reason).toBe(
      'matches 10.0.0.0/8: a trusted proxy, so the walk steps left'
    )
    expect(report.trace.hops[1]?.reason).toMatch(/first untrusted hop from the right is the client/)
  })

  test('says why a trusted-looking value left of the client is ignored', () => {
    const report = trace(TRUSTED, { HTTP_X_FORWARDED_FOR: '10.0.0.1, 203.0.113.7' })
    expect(report.trace.hops[0]).toMatchObject({ role: 'ignored', trusted: false })
    expect(report.trace.hops[0]?.reason).toMatch(/matches 10\.0\.0\.0\/8, but anyone can write/)
  })

  test('ProxyFix hops are positions: the peer is assumed, never checked', () => {
    const report = trace({ ...PROXY_FIX, xFor: 2 }, { HTTP_X_FORWARDED_FOR: 'a, b, c' })
    expect(report.trace.hops.map((h) => [h.address, h.role])).toEqual([
      ['a', 'ignored'],
      ['b', 'client'],
      ['c', 'proxy'],
      ['127.0.0.1', 'proxy'],
    ])
    expect(report.trace.hops[3]?.reason).toMatch(/never checks/)
  })

  test('with no policy the socket peer is the client and every value is ignored', () => {
    const report = trace({ mode: 'none' }, { HTTP_X_FORWARDED_FOR: '203.0.113.7' })
    expect(report.trace.hops.map((h) => [h.address, h.role, h.trusted])).toEqual([
      ['203.0.113.7', 'ignored', false],
      ['127.0.0.1', 'client', false],
    ])
  })
})

describe('traceProxy: decisions and environs', () => {
  test('gives one decision per rewritable key, unchanged ones with the reason', () => {
    const report = trace({ ...PROXY_FIX, xFor: 2 }, { HTTP_X_FORWARDED_FOR: '1.1.1.1' })
    expect(report.trace.decisions.map((d) => d.key)).toEqual([
      'REMOTE_ADDR',
      'wsgi.url_scheme',
      'HTTP_HOST',
      'SERVER_NAME',
      'SERVER_PORT',
      'SCRIPT_NAME',
    ])
    expect(report.trace.decisions[0]).toEqual({
      key: 'REMOTE_ADDR',
      from: '127.0.0.1',
      to: '127.0.0.1',
      source: 'server',
      rule: 'x_for=2, but X-Forwarded-For has 1 value: fewer than the trusted hops, so it is ignored (fail closed)',
    })
  })

  test('names the header and the rule for a rewritten key', () => {
    const report = trace(PROXY_FIX, { HTTP_X_FORWARDED_PROTO: 'https' })
    expect(report.trace.decisions[1]).toEqual({
      key: 'wsgi.url_scheme',
      from: 'http',
      to: 'https',
      source: 'X-Forwarded-Proto',
      rule: 'x_proto=1: the 1st X-Forwarded-Proto value from the right (of 1), copied verbatim',
    })
  })

  test('lists the changed keys and leaves the raw environ alone', () => {
    const report = trace(TRUSTED, { HTTP_X_FORWARDED_FOR: '203.0.113.7' })
    expect(report.changed).toEqual(['REMOTE_ADDR', 'inspector.proxy_fix.orig'])
    expect(report.rawEnviron.REMOTE_ADDR).toBe('127.0.0.1')
    expect(report.effectiveEnviron.REMOTE_ADDR).toBe('203.0.113.7')
  })

  test('mode none changes nothing and adds no orig key', () => {
    const report = trace({ mode: 'none' }, { HTTP_X_FORWARDED_FOR: '203.0.113.7' })
    expect(report.changed).toEqual([])
    expect('inspector.proxy_fix.orig' in report.effectiveEnviron).toBe(false)
  })

  test.each(PROXY_PRESETS)(
    'preset $id: the effective environ is what the middleware gives the app',
    (preset) => {
      const { request } = preset
      const environ = () =>
        buildEnviron(
          gatewayRequest({
            method: request.method,
            target: request.target,
            httpVersion: request.httpVersion,
            rawHeaders: request.headers.flat(),
            remoteAddress: request.peer.address,
            remotePort: request.peer.port,
          }),
          SERVER
        )
      const policy = compilePolicy(preset.policy)
      let seen: Environ | undefined
      const app: App = (env) => {
        seen = env
        return []
      }
      const wrapped = middlewareFor(policy).reduceRight<App>((inner, wrap) => wrap(inner), app)
      wrapped(environ(), () => () => {})
      const report = traceProxy(environ(), policy)
      const render = (env: Environ) =>
        Object.fromEntries(
          Object.entries(env)
            .filter(([key]) => key !== 'wsgi.input' && key !== 'wsgi.errors')
            .map(([k, v]) => [k, pyStr(v)])
        )
      expect(render(report.effectiveEnviron)).toEqual(render(seen as Environ))
      expect(report.changed.length).toBeGreaterThan(0)
    }
  )
})

describe('traceProxy: warnings', () => {
  test('the leftmost X-Forwarded-For value is client-controlled when it is not the client', () => {
    const report = trace(PROXY_FIX, { HTTP_X_FORWARDED_FOR: '6.6.6.6, 127.0.0.1' })
    expect(codes(report)).toContain('xff-leftmost-client-controlled')
    expect(report.trace.warnings[0]?.message).toMatch(/"6\.6\.6\.6" is client-controlled/)
  })

  test('no leftmost warning when the single value is the client your proxy wrote', () => {
    expect(codes(trace(PROXY_FIX, { HTTP_X_FORWARDED_FOR: '203.0.113.7' }))).toEqual([])
  })

  test('more values than trusted hops (ProxyFix)', () => {
    const report = trace(PROXY_FIX, { HTTP_X_FORWARDED_FOR: 'a, b, c' })
    expect(report.trace.warnings).toContainEqual({
      code: 'more-values-than-trusted',
      message:
        'X-Forwarded-For has 3 values but x_for=1: the 2 leftmost are ignored. The client wrote them, or a proxy in front is not counted.',
    })
  })

  test('more values than trusted hops (trusted proxies)', () => {
    const report = trace(TRUSTED, { HTTP_X_FORWARDED_FOR: '6.6.6.6, 203.0.113.7' })
    expect(codes(report)).toContain('more-values-than-trusted')
  })

  test('fewer values than trusted hops', () => {
    expect(codes(trace({ ...PROXY_FIX, xFor: 2 }, { HTTP_X_FORWARDED_FOR: 'a' }))).toContain(
      'fewer-values-than-trusted'
    )
  })

  test('an untrusted peer that sends forwarding headers', () => {
    const report = trace(TRUSTED, {
      REMOTE_ADDR: '203.0.113.66',
      HTTP_X_FORWARDED_FOR: '127.0.0.1',
      HTTP_X_REAL_IP: '127.0.0.1',
    })
    expect(report.trace.warnings[0]).toEqual({
      code: 'untrusted-peer-forwarding-headers',
      message:
        'The socket peer 203.0.113.66 is not a trusted proxy, but sent X-Forwarded-For, X-Real-IP: they are ignored. Either a client is forging them, or a proxy is missing from the trusted list.',
    })
  })

  test('forwarding headers with no policy at all', () => {
    expect(codes(trace({ mode: 'none' }, { HTTP_X_FORWARDED_PROTO: 'https' }))).toEqual([
      'untrusted-peer-forwarding-headers',
    ])
  })

  test('Forwarded and X-Forwarded-* disagree', () => {
    const report = trace(TRUSTED, {
      HTTP_FORWARDED: 'for=198.51.100.99;proto=http',
      HTTP_X_FORWARDED_FOR: '203.0.113.7',
      HTTP_X_FORWARDED_PROTO: 'https',
    })
    const conflicts = report.trace.warnings.filter((w) => w.code === 'forwarded-conflict')
    expect(conflicts.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /for= says \[198\.51\.100\.99\], X-Forwarded-For says \[203\.0\.113\.7\]/
      ),
      expect.stringMatching(/proto="http" .* X-Forwarded-Proto "https"/),
    ])
  })

  test('no conflict when both name the same hops, IPv6 written differently', () => {
    const report = trace(TRUSTED, {
      HTTP_FORWARDED: 'for="[2001:DB8::17]:4711", for=10.0.0.5',
      HTTP_X_FORWARDED_FOR: '2001:db8:0::17, 10.0.0.5',
    })
    expect(codes(report)).not.toContain('forwarded-conflict')
  })

  test('a malformed Forwarded header is reported with the first problem', () => {
    const report = trace({ ...TRUSTED, forwarded: true }, { HTTP_FORWARDED: 'for=[::1]' })
    expect(report.trace.forwarded.errors[0]?.code).toBe('unquoted-ipv6')
    expect(report.trace.warnings.find((w) => w.code === 'forwarded-malformed')?.message).toMatch(
      /^Forwarded has 1 malformed item .*must be bracketed and quoted/
    )
  })

  test('Forwarded is ignored by ProxyFix and by the X-Forwarded-For walk', () => {
    expect(codes(trace(PROXY_FIX, { HTTP_FORWARDED: 'for=192.0.2.1' }))).toContain(
      'forwarded-ignored'
    )
    expect(codes(trace(TRUSTED, { HTTP_FORWARDED: 'for=192.0.2.1' }))).toContain(
      'forwarded-ignored'
    )
    expect(
      codes(trace({ ...TRUSTED, forwarded: true }, { HTTP_X_FORWARDED_FOR: '192.0.2.1' }))
    ).toContain('x-forwarded-ignored')
  })

  test('ProxyFix copying a bracketed address into REMOTE_ADDR', () => {
    expect(codes(trace(PROXY_FIX, { HTTP_X_FORWARDED_FOR: '[2001:db8::1]' }))).toContain(
      'client-not-an-address'
    )
  })

  test('a client hop that is left alone says why: not an address, malformed, or no for=', () => {
    const clientWarning = (policy: ProxyPolicyInput, overrides: Record<string, string>) =>
      trace(policy, overrides).trace.warnings.find((w) => w.code === 'client-not-an-address')
        ?.message
    expect(clientWarning(TRUSTED, { HTTP_X_FORWARDED_FOR: 'gateway-7' })).toBe(
      'The client hop "gateway-7" is not an IP address, so REMOTE_ADDR is left alone (fail closed).'
    )
    // a well-formed address in a malformed element: the element is the problem, not the address
    expect(
      clientWarning({ ...TRUSTED, forwarded: true }, { HTTP_FORWARDED: 'for = 192.0.2.43' })
    ).toBe(
      'The client hop "192.0.2.43" is in a malformed Forwarded element, which is never believed, so REMOTE_ADDR is left alone (fail closed).'
    )
    expect(clientWarning({ ...TRUSTED, forwarded: true }, { HTTP_FORWARDED: 'proto=https' })).toBe(
      'The client hop has no for= in its Forwarded element, so REMOTE_ADDR is left alone (fail closed).'
    )
  })

  test('values that make the environ fail wsgiref.validate', () => {
    const report = trace(
      { ...PROXY_FIX, xPrefix: 1 },
      { HTTP_X_FORWARDED_PROTO: 'HTTPS', HTTP_X_FORWARDED_PREFIX: 'app/' }
    )
    expect(report.trace.warnings.filter((w) => w.code === 'invalid-environ')).toEqual([
      {
        code: 'invalid-environ',
        message:
          "wsgi.url_scheme unknown: 'HTTPS': ProxyFix copies header values without checking them, so the effective environ fails wsgiref.validate",
      },
      {
        code: 'invalid-environ',
        message:
          "SCRIPT_NAME doesn't start with /: 'app/': ProxyFix copies header values without checking them, so the effective environ fails wsgiref.validate",
      },
    ])
  })

  test('underscore look-alikes of proxy headers, from the raw headers', () => {
    const report = trace(PROXY_FIX, { HTTP_X_FORWARDED_FOR: '6.6.6.6' }, [
      'X_Forwarded_For',
      '6.6.6.6',
    ])
    expect(codes(report)).toContain('underscore-header')
    expect(report.trace.headers).toEqual([{ name: 'X_Forwarded_For', value: '6.6.6.6' }])
  })
})

describe('traceProxy: inventory', () => {
  test('lists proxy headers from the raw headers in wire order, repeats separately', () => {
    const report = traceProxy(
      minimalEnviron({ HTTP_FORWARDED: 'for=192.0.2.1,for=192.0.2.2', HTTP_VIA: '1.1 a' }),
      compilePolicy({ mode: 'none' }),
      ['Host', 'x', 'Forwarded', 'for=192.0.2.1', 'Via', '1.1 a', 'forwarded', 'for=192.0.2.2']
    )
    expect(report.trace.headers).toEqual([
      { name: 'Forwarded', value: 'for=192.0.2.1' },
      { name: 'Via', value: '1.1 a' },
      { name: 'forwarded', value: 'for=192.0.2.2' },
    ])
  })

  test('falls back to the environ keys without raw headers', () => {
    const report = trace({ mode: 'none' }, { HTTP_X_REAL_IP: '192.0.2.1' })
    expect(report.trace.headers).toEqual([{ name: 'X-Real-IP', value: '192.0.2.1' }])
  })
})
