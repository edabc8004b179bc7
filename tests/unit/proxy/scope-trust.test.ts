/**
 * The scope trace of an ASGI server's own trust, on the scope the profile really builds:
 * which scope value changed, from which header item, and how the chain reads.
 */
import { describe, expect, test } from 'vitest'
import type { RequestFacts } from '../../../server/contract/request.ts'
import { prepareEnvironBuilder } from '../../../server/gateway/environ.ts'
import { bindTrust } from '../../../server/gateway/profiles/trust/index.ts'
import type { TrustServer } from '../../../server/gateway/profiles/trust.ts'
import { scopeValue, traceScopeTrust } from '../../../server/proxy/scope-trust.ts'

const SERVER = { bindAddress: '127.0.0.1', fqdn: 'localhost', port: 8000, scriptName: '' }

function facts(headers: string[], peer = '127.0.0.1'): RequestFacts {
  return {
    method: 'GET',
    target: '/',
    httpVersion: '1.1',
    rawHeaders: ['Host', 'internal', ...headers],
    remoteAddress: peer,
    remotePort: 5000,
    localAddress: '127.0.0.1',
    localPort: 8000,
    body: new Uint8Array(0),
  }
}

function trace(server: TrustServer, settings: Record<string, string>, request: RequestFacts) {
  return traceScopeTrust(
    (options) => prepareEnvironBuilder(SERVER, server, options),
    bindTrust(server, settings),
    request
  )
}

describe('traceScopeTrust', () => {
  test('uvicorn with * believes the leftmost item and warns that the client wrote it', () => {
    const report = trace(
      'uvicorn',
      { forwarded_allow_ips: '*' },
      facts(['X-Forwarded-For', '6.6.6.6, 10.0.0.1'], '198.51.100.1')
    )
    expect(scopeValue(report.effectiveEnviron, 'client')).toBe("('6.6.6.6', 0)")
    expect(report.trace.decisions[0]?.cite).toMatch(/proxy_headers\.py#L177$/)
    expect(report.trace.warnings.map((w) => w.code)).toEqual(['xff-leftmost-client-controlled'])
    expect(report.trace.hops.map((h) => [h.role, h.trusted])).toEqual([
      ['client', false],
      ['proxy', true],
      ['proxy', true],
    ])
  })

  test('daphne reads only the first X-Forwarded-For line and checks no item it steps over', () => {
    const report = trace(
      'daphne',
      { proxy_headers: 'true' },
      facts(['X-Forwarded-For', '1.1.1.1, 2.2.2.2', 'X-Forwarded-For', '3.3.3.3'])
    )
    expect(scopeValue(report.effectiveEnviron, 'client')).toBe("['1.1.1.1', 0]")
    expect(report.trace.hops.map((h) => `${h.role}:${h.trusted} ${h.address}`)).toEqual([
      'client:false 1.1.1.1',
      'proxy:false 2.2.2.2',
      'proxy:true 127.0.0.1',
    ])
    // the inventory still lists both lines as sent
    expect(report.trace.headers.filter((h) => h.name === 'X-Forwarded-For')).toHaveLength(2)
  })

  test('off: every key unchanged, the gate as the reason, the peer the client', () => {
    const report = trace('daphne', {}, facts(['X-Forwarded-For', '1.1.1.1']))
    expect(report.changed).toEqual([])
    expect(report.trace.decisions.map((d) => d.from === d.to)).toEqual([true, true, true, true])
    expect(report.trace.decisions[0]?.rule).toBe(
      'daphne: --proxy-headers off: X-Forwarded-* ignored'
    )
    expect(report.trace.hops.map((h) => h.role)).toEqual(['ignored', 'client'])
  })

  test('hypercorn: a repeated Host is replaced by one host entry, last', () => {
    const report = trace(
      'hypercorn',
      { trusted_hops: '1' },
      facts(['X-Forwarded-Host', 'public.example', 'Accept', '*/*'])
    )
    expect(scopeValue(report.rawEnviron, 'host header')).toBe("b'internal'")
    expect(scopeValue(report.effectiveEnviron, 'host header')).toBe("b'public.example'")
    expect(report.changed).toEqual(['headers'])
  })
})
