/**
 * The hypercorn profile (0.18.0, h11): its scope as `str()` prints it, and its own proxy trust
 * (`ProxyFixMiddleware`) wired around the scope builder. Whole-scope comparisons with Debian's
 * 0.13.2 over real sockets are in tests/http/profile-vs-fixture.test.ts.
 */
import { describe, expect, test } from 'vitest'
import { strEnviron } from '../../../../server/contract/python.ts'
import { buildEnviron, prepareEnvironBuilder } from '../../../../server/gateway/environ.ts'
import { PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { bindTrust } from '../../../../server/gateway/profiles/trust/index.ts'
import { trustingBuilder } from '../../../../server/gateway/trust.ts'
import { gatewayRequest, SERVER } from '../../../helpers/request.ts'

const scope = (overrides: Parameters<typeof gatewayRequest>[0] = {}) =>
  strEnviron(buildEnviron(gatewayRequest(overrides), SERVER, 'hypercorn'))

describe('hypercorn scope', () => {
  test('keys in http_stream.py order, values as str() prints them', () => {
    const s = scope({
      target: '/a%20b/%FF?x=1',
      rawHeaders: ['Host', 'example.com', 'X_Auth', 'u', 'x-a', '1', 'X-A', '2'],
    })
    expect(s).toEqual({
      type: 'http',
      http_version: '1.1',
      asgi: "{'spec_version': '2.1', 'version': '3.0'}",
      method: 'GET',
      scheme: 'http',
      path: '/a b/\ufffd',
      raw_path: "b'/a%20b/%FF'",
      query_string: "b'x=1'",
      root_path: '',
      // h11 lowercases names, keeps `_` names and repeats in wire order
      headers: "[(b'host', b'example.com'), (b'x_auth', b'u'), (b'x-a', b'1'), (b'x-a', b'2')]",
      client: "('127.0.0.1', 50000)",
      server: "('127.0.0.1', 8000)",
      state: '{}',
      extensions: '{}',
    })
    expect(Object.keys(s)).toEqual(PROFILES.hypercorn.order)
  })

  test('the method is upper-cased (protocol/h11.py: .decode("ascii").upper())', () => {
    expect(scope({ method: 'get' }).method).toBe('GET')
  })

  test('root_path is --root-path alone: path keeps no prefix', () => {
    const s = strEnviron(
      buildEnviron(gatewayRequest({ target: '/x' }), { ...SERVER, scriptName: '/app' }, 'hypercorn')
    )
    expect([s.root_path, s.path, s.raw_path]).toEqual(['/app', '/x', "b'/x'"])
  })

  test('a target byte outside h11 vchar is the 400 hypercorn sends with no body; ours says why', () => {
    expect(() => scope({ target: '/a\x7fb' })).toThrow(
      expect.objectContaining({
        status: 400,
        message: 'h11 refused the request (hypercorn answers this 400 with an empty body)',
      })
    )
  })

  test("a Transfer-Encoding h11 does not support is h11's hinted 501, not uvicorn's 400", () => {
    const rawHeaders = ['Host', 'a', 'Transfer-Encoding', 'gzip, chunked']
    expect(() => scope({ rawHeaders })).toThrow(expect.objectContaining({ status: 501 }))
    expect(PROFILES.hypercorn.parser?.['transfer-encoding-not-chunked']).toMatchObject({
      kind: 'refuses',
      status: 501,
    })
    expect(PROFILES.uvicorn.parser?.['transfer-encoding-not-chunked']).toMatchObject({
      status: 400,
    })
  })
})

describe('hypercorn ProxyFixMiddleware wired to the profile', () => {
  const factory = () => prepareEnvironBuilder(SERVER, 'hypercorn')
  const trusted = (pairs: Record<string, string>) =>
    trustingBuilder(factory, bindTrust('hypercorn', pairs))
  const xf = gatewayRequest({
    rawHeaders: [
      'Host',
      'internal:8000',
      'X-Forwarded-For',
      '203.0.113.7, 10.0.0.1',
      'X-Forwarded-Proto',
      'https',
      'X-Forwarded-Host',
      'public.example',
      'Forwarded',
      'for=192.0.2.60;proto=https;host=fwd.example',
    ],
  })

  test('the profile declares its rule', () => {
    expect(PROFILES.hypercorn.trust).toBe('hypercorn')
  })

  test('legacy, 1 hop: the rightmost entries; client port 0; Host removed and appended last', () => {
    const s = strEnviron(trusted({ trusted_hops: '1' })(xf))
    expect(s.client).toBe("('10.0.0.1', 0)")
    expect(s.scheme).toBe('https')
    expect(s.headers).toBe(
      "[(b'x-forwarded-for', b'203.0.113.7, 10.0.0.1'), (b'x-forwarded-proto', b'https'), (b'x-forwarded-host', b'public.example'), (b'forwarded', b'for=192.0.2.60;proto=https;host=fwd.example'), (b'host', b'public.example')]"
    )
  })

  test('legacy, 2 hops: the second entry from the right', () => {
    expect(strEnviron(trusted({ trusted_hops: '2' })(xf)).client).toBe("('203.0.113.7', 0)")
  })

  test('modern: the Forwarded element, verbatim', () => {
    const s = strEnviron(trusted({ mode: 'modern', trusted_hops: '1' })(xf))
    expect([s.client, s.scheme]).toEqual(["('192.0.2.60', 0)", 'https'])
    expect(s.headers?.endsWith("(b'host', b'fwd.example')]")).toBe(true)
  })

  test('the scheme is not validated (proxy_fix.py sets it as sent)', () => {
    const request = gatewayRequest({
      rawHeaders: ['Host', 'a', 'X-Forwarded-Proto', 'javascript'],
    })
    expect(strEnviron(trusted({ trusted_hops: '1' })(request)).scheme).toBe('javascript')
  })

  test("server-default (hypercorn's own: no middleware) changes nothing", () => {
    const off = strEnviron(trustingBuilder(factory, bindTrust('hypercorn', 'server-default'))(xf))
    const plain = strEnviron(factory()(xf))
    expect(off).toEqual(plain)
    expect([plain.client, plain.scheme]).toEqual(["('127.0.0.1', 50000)", 'http'])
    expect(plain.headers?.startsWith("[(b'host', b'internal:8000')")).toBe(true)
  })
})
