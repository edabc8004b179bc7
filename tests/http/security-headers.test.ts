/**
 * The inspector's responses carry a Content-Security-Policy and the usual security headers
 * (@fastify/helmet); the echo's carry none of them: they stay what the Python app sends.
 */
import { describe, expect, test } from 'vitest'
import { sendRaw } from '../helpers/raw-http.ts'
import { listen } from '../helpers/server.ts'

const HELMET_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]

describe('the inspector is served with security headers', () => {
  test.each([
    ['the UI page', '/_inspector/'],
    ['the API', '/_inspector/api/health'],
    ['the capture API', '/_inspector/api/requests'],
    ['an unknown API path (404)', '/_inspector/api/nope'],
    ['the redirect to the UI', '/_inspector'],
  ])('%s', async (_name, path) => {
    const server = await listen()
    const res = await fetch(`${server.url}${path}`, { redirect: 'manual' })
    for (const name of HELMET_HEADERS) expect(res.headers.get(name), name).not.toBeNull()
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })

  test('the policy allows our own scripts and styles only: no inline code, no framing, no plugins', async () => {
    const server = await listen()
    const res = await fetch(`${server.url}/_inspector/`)
    const policy = new Map(
      (res.headers.get('content-security-policy') ?? '').split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/)
        return [name, values.join(' ')] as const
      })
    )
    expect(policy.get('default-src')).toBe("'self'")
    expect(policy.get('script-src')).toBe("'self'")
    expect(policy.get('script-src-attr')).toBe("'none'")
    expect(policy.get('style-src')).toBe("'self'")
    expect(policy.get('object-src')).toBe("'none'")
    expect(policy.get('frame-ancestors')).toBe("'none'")
    expect(policy.get('base-uri')).toBe("'none'")
    expect(policy.has('upgrade-insecure-requests'), 'plain HTTP must keep working').toBe(false)
  })
})

describe('the echo is untouched', () => {
  const cases = [
    { name: 'a GET', request: 'GET /x?y=1 HTTP/1.1\r\nHost: h\r\n\r\n', status: 200 },
    { name: 'a HEAD', request: 'HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n', status: 200 },
    {
      name: 'a POST',
      request: 'POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi',
      status: 200,
    },
    {
      name: 'a path that looks like the inspector',
      request: 'GET /_inspectorx/ HTTP/1.1\r\nHost: h\r\n\r\n',
      status: 200,
    },
    {
      name: 'a 413',
      request: 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999\r\n\r\n',
      status: 413,
    },
    { name: 'a parser 400', request: 'GET / HTTP/1.1\r\nNo colon\r\n\r\n', status: 400 },
  ]

  test.each(cases)('$name gets only the headers the app and the gateway write', async (c) => {
    const server = await listen()
    const res = await sendRaw(server, c.request)
    expect(res.status).toBe(c.status)
    const names = res.headers.map(([name]) => name.toLowerCase())
    for (const name of HELMET_HEADERS) expect(names, name).not.toContain(name)
    expect(
      names.filter((n) => !['date', 'connection', 'keep-alive', 'content-length'].includes(n))
    ).toEqual(['content-type'])
  })
})
