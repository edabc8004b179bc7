/**
 * @module
 * Ready-made proxy set-ups for the debugger: the request a proxy chain delivers to the app,
 * the socket peer the app sees, and the policy that reads them right.
 *
 * Served by `GET /_inspector/api/proxy/presets`. Each `request` and `policy` can be posted to
 * `POST /_inspector/api/proxy` as they are. Addresses are from the documentation ranges
 * (RFC 5737, RFC 3849) and private ranges.
 */
import type { ProxyPresetJson } from '../contract/api/proxy.ts'

export const PROXY_PRESETS: readonly ProxyPresetJson[] = [
  {
    id: 'nginx',
    name: 'nginx with $proxy_add_x_forwarded_for',
    description:
      'One nginx on the same host with the usual proxy_set_header Host $host, X-Forwarded-For $proxy_add_x_forwarded_for and X-Forwarded-Proto $scheme. nginx talks HTTP/1.0 to the app by default. ProxyFix with x_for=1, x_proto=1 finds the client.',
    request: {
      method: 'GET',
      target: '/account',
      httpVersion: '1.0',
      headers: [
        ['Host', 'www.example.com'],
        ['X-Forwarded-For', '203.0.113.7'],
        ['X-Forwarded-Proto', 'https'],
        ['Connection', 'close'],
        ['User-Agent', 'curl/8.5.0'],
      ],
      peer: { address: '127.0.0.1', port: 51334 },
    },
    policy: { mode: 'proxy-fix', xFor: 1, xProto: 1, xHost: 0, xPort: 0, xPrefix: 0 },
  },
  {
    id: 'two-proxies',
    name: 'Two proxies: a load balancer, then nginx',
    description:
      'The load balancer (10.0.0.5) terminates TLS and appends the client; nginx (10.0.0.10) appends the load balancer. Two proxies append to X-Forwarded-For, so x_for=2; only the load balancer sets X-Forwarded-Proto, so x_proto=1.',
    request: {
      method: 'GET',
      target: '/',
      httpVersion: '1.0',
      headers: [
        ['Host', 'www.example.com'],
        ['X-Forwarded-For', '203.0.113.7, 10.0.0.5'],
        ['X-Forwarded-Proto', 'https'],
        ['Connection', 'close'],
      ],
      peer: { address: '10.0.0.10', port: 40022 },
    },
    policy: { mode: 'proxy-fix', xFor: 2, xProto: 1, xHost: 0, xPort: 0, xPrefix: 0 },
  },
  {
    id: 'cdn-load-balancer',
    name: 'A CDN in front of a load balancer',
    description:
      "The CDN edge (198.51.100.20) appends the client and sets the public host; the load balancer (10.0.0.5) appends the edge. Trusting the CDN's published range and the private network walks past both.",
    request: {
      method: 'GET',
      target: '/shop?item=42',
      httpVersion: '1.1',
      headers: [
        ['Host', 'origin.internal'],
        ['X-Forwarded-For', '203.0.113.7, 198.51.100.20'],
        ['X-Forwarded-Proto', 'https'],
        ['X-Forwarded-Host', 'www.example.com'],
        ['Via', '1.1 edge-fra (cdn), 1.1 lb'],
      ],
      peer: { address: '10.0.0.5', port: 36120 },
    },
    policy: { mode: 'trusted', proxies: ['10.0.0.0/8', '198.51.100.0/24'], forwarded: false },
  },
  {
    id: 'spoofing-client',
    name: 'A client that forges X-Forwarded-For',
    description:
      'The client (203.0.113.7) sends X-Forwarded-For: 10.0.0.1, 1.2.3.4 itself; nginx appends the real address. The walk from the right stops at the first untrusted hop, so the forged values never count, even 10.0.0.1, which looks trusted.',
    request: {
      method: 'GET',
      target: '/admin',
      httpVersion: '1.0',
      headers: [
        ['Host', 'www.example.com'],
        ['X-Forwarded-For', '10.0.0.1, 1.2.3.4, 203.0.113.7'],
        ['X-Forwarded-Proto', 'https'],
        ['Connection', 'close'],
      ],
      peer: { address: '127.0.0.1', port: 51420 },
    },
    policy: { mode: 'trusted', proxies: ['127.0.0.1', '10.0.0.0/8'], forwarded: false },
  },
  {
    id: 'direct-spoof',
    name: 'A client that skips the proxy',
    description:
      'The client reaches the app directly and claims to be behind it: X-Forwarded-For: 127.0.0.1, X-Forwarded-Proto: https. The socket peer is not a trusted proxy, so nothing is rewritten.',
    request: {
      method: 'GET',
      target: '/',
      httpVersion: '1.1',
      headers: [
        ['Host', 'app.internal:8000'],
        ['X-Forwarded-For', '127.0.0.1'],
        ['X-Forwarded-Proto', 'https'],
      ],
      peer: { address: '203.0.113.66', port: 60111 },
    },
    policy: { mode: 'trusted', proxies: ['127.0.0.1', '::1'], forwarded: false },
  },
  {
    id: 'rfc7239',
    name: 'RFC 7239 Forwarded through two proxies',
    description:
      'Each proxy appends one Forwarded element: the outer one (2001:db8:cafe::17) records the client, the scheme and the host; the inner one (10.0.0.5) records the outer one, quoted and bracketed with its port. Walking for= from the right finds the client.',
    request: {
      method: 'GET',
      target: '/',
      httpVersion: '1.1',
      headers: [
        ['Host', 'origin.internal'],
        ['Forwarded', 'for=192.0.2.43;proto=https;host=www.example.com'],
        ['Forwarded', 'for="[2001:db8:cafe::17]:4711";by=_lb1'],
      ],
      peer: { address: '10.0.0.5', port: 41000 },
    },
    policy: { mode: 'trusted', proxies: ['10.0.0.0/8', '2001:db8:cafe::/48'], forwarded: true },
  },
  {
    id: 'forwarded-conflict',
    name: 'Forwarded and X-Forwarded-For disagree',
    description:
      'The proxy sets X-Forwarded-For and X-Forwarded-Proto, and the client sent its own Forwarded header. ProxyFix reads only X-Forwarded-*, and the trace flags the disagreement.',
    request: {
      method: 'GET',
      target: '/',
      httpVersion: '1.0',
      headers: [
        ['Host', 'www.example.com'],
        ['Forwarded', 'for=198.51.100.99;proto=http'],
        ['X-Forwarded-For', '203.0.113.7'],
        ['X-Forwarded-Proto', 'https'],
      ],
      peer: { address: '127.0.0.1', port: 52000 },
    },
    policy: { mode: 'proxy-fix', xFor: 1, xProto: 1, xHost: 0, xPort: 0, xPrefix: 0 },
  },
]
