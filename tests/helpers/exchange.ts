/**
 * @module
 * Exchange fixtures for the live capture unit tests: what the gateway host reports after a
 * response, with defaults for everything a case does not state.
 */
import type { Exchange } from '../../server/contract/exchange.ts'
import type { Environ } from '../../server/contract/python.ts'
import type { RequestFacts } from '../../server/contract/request.ts'

export interface ExchangeOverrides extends Partial<Omit<Exchange, 'request'>> {
  request?: Partial<RequestFacts>
}

/** A GET / from 127.0.0.1:50000 answered 200, unless the overrides say otherwise. */
export function exchange(overrides: ExchangeOverrides = {}): Exchange {
  const { request, ...rest } = overrides
  const environ: Environ = { REQUEST_METHOD: 'GET', PATH_INFO: '/', 'wsgi.run_once': false }
  return {
    startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
    durationMs: 2,
    environ,
    status: 200,
    responseBytes: 10,
    ...rest,
    request: {
      method: 'GET',
      target: '/',
      httpVersion: '1.1',
      rawHeaders: ['Host', 'example.test'],
      remoteAddress: '127.0.0.1',
      remotePort: 50000,
      localAddress: '127.0.0.1',
      localPort: 8000,
      body: new Uint8Array(0),
      ...request,
    },
  }
}
