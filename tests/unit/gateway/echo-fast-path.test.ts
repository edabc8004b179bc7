/**
 * The echo's fast path renders what the builder builds, byte for byte: for random requests
 * (methods, targets with escapes, `//`, `?`, `#`, absolute forms; headers in any case,
 * repeated, with `_`, the ones the builder reads; values with quotes, backslashes, controls
 * and latin-1), under every profile it renders and with or without a mount point, its text
 * is `json.dumps({k: str(v)})` of the builder's environ, or it declines. It never answers
 * for a request the builder refuses. And it does not decline what a browser sends.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { ProfileId } from '../../../server/contract/profiles.ts'
import { pyJsonDumps } from '../../../server/contract/python.ts'
import type { RequestFacts, ServerFacts } from '../../../server/contract/request.ts'
import { prepareEchoRenderer } from '../../../server/gateway/echo-fast-path.ts'
import { prepareEnvironBuilder } from '../../../server/gateway/environ.ts'
import { RequestRejected } from '../../../server/gateway/errors.ts'
import { BROWSER_HEADERS, manyHeaders } from '../../bench/load.ts'
import { gatewayRequest, SERVER } from '../../helpers/request.ts'

const PROFILES: ProfileId[] = ['wsgiref', 'gunicorn', 'werkzeug']
const SERVERS: ServerFacts[] = [SERVER, { ...SERVER, scriptName: '/app', port: 9000 }]

const latin1 = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((code) => String.fromCharCode(code))

const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
const token = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...TCHARS), minLength: 1, maxLength })

/** Any latin-1 text, weighted to the characters that matter: quotes, escapes, high bytes. */
const text = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 8, arbitrary: latin1(0x20, 0x7e) },
      { weight: 1, arbitrary: fc.constantFrom('"', '\\', '%', '?', '#', '/', '_', '\t') },
      { weight: 1, arbitrary: latin1(0x00, 0x1f) },
      { weight: 1, arbitrary: latin1(0x7f, 0xff) }
    ),
    maxLength,
  })

const targetPiece = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z0-9.-]{0,8}$/) },
  { weight: 3, arbitrary: fc.constantFrom('/', '//', '?', '#', '&', '=', '+', ':', '@', ';') },
  { weight: 2, arbitrary: fc.constantFrom('%20', '%2F', '%zz', '%', '%C3%A9', '%FF', '%00') },
  { weight: 1, arbitrary: text(4) }
)

/** Targets, half of them under `mount` when there is one. */
const target = (mount: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.array(targetPiece, { maxLength: 8 }).map((p) => `/${p.join('')}`) },
    {
      weight: mount ? 8 : 0,
      arbitrary: fc.array(targetPiece, { maxLength: 8 }).map((p) => `${mount}/${p.join('')}`),
    },
    { weight: 1, arbitrary: fc.array(targetPiece, { maxLength: 6 }).map((p) => p.join('')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '*',
        'http://h.example/p?q',
        'HTTP://h:80',
        'h.example:443',
        '//x'
      ),
    }
  )

/** Names a browser sends, the ones the builder reads or skips, and random tokens. */
const headerName = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        'Host',
        'User-Agent',
        'Accept',
        'Accept-Language',
        'Cookie',
        'X-Forwarded-For',
        'Connection'
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'Content-Type',
        'Content-Length',
        'Content_Type',
        'Transfer-Encoding',
        'Expect',
        'X_Forwarded_For',
        'Remote-Addr',
        'Server-Name',
        'Http-Host',
        'Request-Method',
        'Script-Name',
        'Upgrade'
      ),
    },
    { weight: 2, arbitrary: token(12) }
  )
  .chain((name) =>
    fc.constantFrom(name, name.toLowerCase(), name.toUpperCase()).map((spelling) => spelling)
  )

const headerValue = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[ -~]{0,24}$/) },
  { weight: 1, arbitrary: fc.constantFrom('chunked', 'gzip, chunked', '100-continue', '0', '12') },
  { weight: 1, arbitrary: text(12) }
)

const request = (mount: string): fc.Arbitrary<RequestFacts> =>
  fc
    .record({
      method: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'DELETE') },
        { weight: 1, arbitrary: token(10) },
        { weight: 1, arbitrary: text(6) }
      ),
      target: target(mount),
      httpVersion: fc.constantFrom('1.1', '1.1', '1.0', '0.9', '2.0'),
      headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 }),
      remoteAddress: fc.constantFrom('127.0.0.1', '::1', '203.0.113.9', '::ffff:10.0.0.1'),
      remotePort: fc.integer({ min: 1, max: 65535 }),
      localAddress: fc.constantFrom('127.0.0.1', '::1'),
      socketFd: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    })
    .map(({ headers, ...facts }) => gatewayRequest({ ...facts, rawHeaders: headers.flat() }))

/** What the general path answers: the builder's environ as json.dumps, or its refusal. */
function general(build: (request: RequestFacts) => object, facts: RequestFacts): string | number {
  try {
    return pyJsonDumps(build(facts) as Parameters<typeof pyJsonDumps>[0])
  } catch (error) {
    if (error instanceof RequestRejected) return error.status
    throw error
  }
}

describe.each(PROFILES)('%s', (profile) => {
  test.each(SERVERS.map((server) => [server.scriptName || '(no mount)', server] as const))(
    'fast path ≡ builder on random requests, mount %s',
    (_name, server) => {
      const render = prepareEchoRenderer(server, profile)
      const build = prepareEnvironBuilder(server, profile)
      if (!render) throw new Error(`no fast path for ${profile}`)
      let taken = 0
      fc.assert(
        fc.property(request(server.scriptName), (facts) => {
          const fast = render(facts)
          if (fast === undefined) return
          taken++
          expect(fast).toBe(general(build, facts))
        }),
        { numRuns: 3000 }
      )
      // the property must be able to fail: a fast path that always declined would pass it
      expect(taken).toBeGreaterThan(250)
    }
  )

  test('takes what browsers send: 9 and 90 headers, the same request twice in a row', () => {
    const render = prepareEchoRenderer(SERVER, profile)
    const build = prepareEnvironBuilder(SERVER, profile)
    for (const headers of [BROWSER_HEADERS, manyHeaders(90)]) {
      const facts = gatewayRequest({
        target: '/foo/bar?baz=bat',
        rawHeaders: Object.entries(headers).flat(),
      })
      for (let i = 0; i < 2; i++) expect(render?.(facts)).toBe(general(build, facts))
    }
  })

  test('declines a repeated header, whatever the spelling: the builder joins or refuses it', () => {
    const render = prepareEchoRenderer(SERVER, profile)
    for (const rawHeaders of [
      ['Accept', 'a', 'Accept', 'b'],
      ['Accept', 'a', 'ACCEPT', 'b'],
      ['Host', 'a', 'host', 'b'],
    ]) {
      expect(render?.(gatewayRequest({ rawHeaders }))).toBeUndefined()
    }
  })
})

test('renders nothing for what it does not know: the copied OS environment', () => {
  expect(prepareEchoRenderer({ ...SERVER, osEnviron: { PATH: '/bin' } }, 'wsgiref')).toBeUndefined()
})
