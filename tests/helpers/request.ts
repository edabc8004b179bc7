/**
 * @module
 * Fixtures for buildEnviron: a request and a server that state only what differs.
 */
import type { RequestFacts, ServerFacts } from '../../server/contract/request.ts'

export const SERVER: ServerFacts = {
  bindAddress: '127.0.0.1',
  fqdn: 'localhost',
  port: 8000,
  scriptName: '',
}

/** A GET / over HTTP/1.1 from 127.0.0.1:50000 with `Host: example.com`, overridable. */
export function gatewayRequest(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    method: 'GET',
    target: '/',
    httpVersion: '1.1',
    rawHeaders: ['Host', 'example.com'],
    remoteAddress: '127.0.0.1',
    remotePort: 50000,
    localAddress: '127.0.0.1',
    localPort: 8000,
    socketFd: 4,
    body: new Uint8Array(0),
    ...overrides,
  }
}

/** Parse a raw request head into RequestFacts, the way Node's parser hands it over. */
export function parseHead(raw: string, body = ''): RequestFacts {
  const [head = '', ...rest] = raw.split('\r\n\r\n')
  const [requestLine = '', ...lines] = head.split('\r\n')
  const [method = '', target = '', version = 'HTTP/1.1'] = requestLine.split(' ')
  const rawHeaders: string[] = []
  for (const line of lines) {
    const colon = line.indexOf(':')
    rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim())
  }
  return gatewayRequest({
    method,
    target,
    httpVersion: version.replace('HTTP/', ''),
    rawHeaders,
    body: new TextEncoder().encode(body || rest.join('\r\n\r\n')),
  })
}
