/**
 * The server's own proxy trust wired around the environ builder (gateway/trust.ts): the rule's
 * effect reaches the environ's keys, a refusal answers instead of the app, and `off` changes
 * nothing. The rules themselves are tested in ./trust/.
 */
import { describe, expect, test } from 'vitest'
import { type Environ, pyStr } from '../../../server/contract/python.ts'
import { type BuilderOptions, prepareEnvironBuilder } from '../../../server/gateway/environ.ts'
import { RequestRejected } from '../../../server/gateway/errors.ts'
import { PROFILES } from '../../../server/gateway/profiles/index.ts'
import { bindTrust } from '../../../server/gateway/profiles/trust/index.ts'
import type { TrustEffect } from '../../../server/gateway/profiles/trust.ts'
import {
  applyEffectToEnviron,
  trustedRequest,
  trustingBuilder,
} from '../../../server/gateway/trust.ts'
import { gatewayRequest, SERVER } from '../../helpers/request.ts'

/** The environ as the echo prints it (each request gets its own stream objects). */
const text = (environ: Environ) =>
  Object.fromEntries(Object.entries(environ).map(([key, value]) => [key, pyStr(value)]))

const headers = (...pairs: string[]) => ['Host', 'example.com', ...pairs]

describe('gunicorn profile with its own trust', () => {
  const plain = prepareEnvironBuilder(SERVER, 'gunicorn')
  const factory = (o: BuilderOptions) => prepareEnvironBuilder(SERVER, 'gunicorn', o)
  const build = (pairs: Parameters<typeof bindTrust>[1]) =>
    trustingBuilder(factory, bindTrust('gunicorn', pairs))

  test('the profile declares its rule', () => {
    expect(PROFILES.gunicorn.trust).toBe('gunicorn')
    expect(PROFILES.wsgiref.trust).toBeUndefined()
    expect(PROFILES.werkzeug.trust).toBeUndefined()
  })

  test('a trusted peer sets the scheme and SCRIPT_NAME, PATH_INFO loses the prefix', () => {
    const request = gatewayRequest({
      target: '/app/x',
      rawHeaders: headers('X-Forwarded-Proto', 'https', 'SCRIPT_NAME', '/app'),
    })
    const environ = build({ forwarded_allow_ips: '127.0.0.1' })(request)
    expect(environ['wsgi.url_scheme']).toBe('https')
    expect(environ.SCRIPT_NAME).toBe('/app')
    expect(environ.PATH_INFO).toBe('/x')
    expect(environ.HTTP_X_FORWARDED_PROTO).toBe('https')
    expect(environ.REMOTE_ADDR).toBe('127.0.0.1')
    // forwarder_headers: the trusted peer's SCRIPT_NAME header also reaches the app
    expect(environ.HTTP_SCRIPT_NAME).toBe('/app')
  })

  test('server-default trusts 127.0.0.1 as gunicorn does', () => {
    const request = gatewayRequest({ rawHeaders: headers('X-Forwarded-Proto', 'https') })
    expect(build('server-default')(request)['wsgi.url_scheme']).toBe('https')
  })

  test('an untrusted peer changes nothing: the same environ as without trust', () => {
    const request = gatewayRequest({
      target: '/app/x',
      rawHeaders: headers('X-Forwarded-Proto', 'https', 'SCRIPT_NAME', '/app'),
    })
    expect(text(build({ forwarded_allow_ips: '10.9.9.9' })(request))).toEqual(text(plain(request)))
    expect(plain(request)['wsgi.url_scheme']).toBe('http')
    expect(plain(request)).not.toHaveProperty('HTTP_SCRIPT_NAME')
  })

  test('contradicting scheme headers from a trusted peer: the 400 instead of the app', () => {
    const request = gatewayRequest({
      rawHeaders: headers('X-Forwarded-Proto', 'https', 'X-Forwarded-Ssl', 'off'),
    })
    const run = () => build({ forwarded_allow_ips: '*' })(request)
    expect(run).toThrow(RequestRejected)
    expect(run).toThrow(/Contradictory scheme headers/)
  })

  test('the observer sees each decision with its why lines', () => {
    const seen: TrustEffect[] = []
    const builder = trustingBuilder(
      factory,
      bindTrust('gunicorn', { forwarded_allow_ips: '127.0.0.1' }),
      (_request, effect) => seen.push(effect)
    )
    builder(gatewayRequest({ rawHeaders: headers('X-Forwarded-Proto', 'https') }))
    expect(seen).toHaveLength(1)
    expect(seen[0]?.why.join('\n')).toMatch(/is in forwarded_allow_ips/)
  })

  test('bad settings are refused when bound, naming the option', () => {
    expect(() => bindTrust('gunicorn', { forwarded_allow_ip: '1.2.3.4' })).toThrow(
      /forwarded_allow_ip: unknown option/
    )
  })
})

describe('the effect on the request and the environ (every field, for every server)', () => {
  test('client, host, dropped and rewritten headers change the request the builder sees', () => {
    const request = gatewayRequest({
      rawHeaders: [
        'Host',
        'inner',
        'X-Forwarded-For',
        '203.0.113.7',
        'X-Forwarded-Host',
        'a',
        'X-Forwarded-Host',
        'b',
        'X-Junk',
        '1',
      ],
    })
    const out = trustedRequest(request, {
      client: { host: '203.0.113.7', port: 4321 },
      host: 'public.example',
      setHeaders: { 'x-forwarded-host': 'a', 'x-forwarded-proto': 'https' },
      dropHeaders: ['x-junk'],
      why: [],
    })
    expect(out.remoteAddress).toBe('203.0.113.7')
    expect(out.remotePort).toBe(4321)
    expect(out.rawHeaders).toEqual([
      'Host',
      'public.example',
      'X-Forwarded-For',
      '203.0.113.7',
      'X-Forwarded-Host',
      'a',
      'x-forwarded-proto',
      'https',
    ])
  })

  test("a body kept in pieces (a getter on the facts' prototype) survives the rewrite", () => {
    // the host keeps a body that arrived in pieces as a class with `get body()` (node-http.ts)
    class InPieces {
      readonly bodyChunks = [Buffer.from('a='), Buffer.from('1')]
      get body(): Uint8Array {
        return Buffer.concat(this.bodyChunks)
      }
    }
    const { body: _whole, ...rest } = gatewayRequest({ method: 'POST' })
    const request = Object.assign(new InPieces(), rest)
    const out = trustedRequest(request, { client: { host: '10.0.0.1' }, dropHeaders: [], why: [] })
    expect(Buffer.from(out.body).toString()).toBe('a=1')
  })

  test('a client without a port keeps the peer port', () => {
    const out = trustedRequest(gatewayRequest(), {
      client: { host: '10.0.0.1' },
      dropHeaders: [],
      why: [],
    })
    expect(out.remotePort).toBe(50000)
  })

  test('scheme, REMOTE_HOST, SERVER_NAME/PORT are set only where the server has the key', () => {
    const environ: Record<string, string> = {
      'wsgi.url_scheme': 'http',
      REMOTE_HOST: '127.0.0.1',
      SERVER_NAME: 'localhost',
      PATH_INFO: '/x',
      SCRIPT_NAME: '',
    }
    applyEffectToEnviron(environ, {
      client: { host: '203.0.113.7' },
      scheme: 'https',
      serverName: 'public.example',
      serverPort: '443',
      dropHeaders: [],
      why: [],
    })
    expect(environ).toEqual({
      'wsgi.url_scheme': 'https',
      REMOTE_HOST: '203.0.113.7',
      SERVER_NAME: 'public.example',
      PATH_INFO: '/x',
      SCRIPT_NAME: '',
    })
  })
})
