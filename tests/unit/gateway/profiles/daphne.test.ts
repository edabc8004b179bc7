/**
 * The daphne profile (4.2.2 on Twisted 24.10): its scope as `str()` prints it, the refusals
 * before the app, and its `--proxy-headers` trust wired around the scope builder, against
 * Debian's daphne started with `--proxy-headers` (tests/corpus/servers/daphne.proxy-headers.json).
 * Whole-scope comparisons without proxy headers run over real sockets in
 * tests/http/profile-vs-fixture.test.ts.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { strEnviron } from '../../../../server/contract/python.ts'
import { buildEnviron, prepareEnvironBuilder } from '../../../../server/gateway/environ.ts'
import { PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { bindTrust } from '../../../../server/gateway/profiles/trust/index.ts'
import { TWISTED_BAD_REQUEST } from '../../../../server/gateway/profiles/twisted.ts'
import { trustingBuilder } from '../../../../server/gateway/trust.ts'
import { SERVER_REQUESTS } from '../../../corpus/servers/requests.ts'
import { gatewayRequest, parseHead, SERVER } from '../../../helpers/request.ts'

const TWISTED = TWISTED_BAD_REQUEST.reason

const scope = (overrides: Parameters<typeof gatewayRequest>[0] = {}) =>
  strEnviron(buildEnviron(gatewayRequest(overrides), SERVER, 'daphne'))

describe('daphne scope', () => {
  test('keys in http_protocol.py order with asgi last, client/server as lists', () => {
    const s = scope({ target: '/a%20b/%FF?x=1' })
    expect(s).toEqual({
      type: 'http',
      http_version: '1.1',
      method: 'GET',
      path: '/a b/\ufffd',
      raw_path: "b'/a%20b/%FF'",
      root_path: '',
      scheme: 'http',
      query_string: "b'x=1'",
      headers: "[(b'host', b'example.com')]",
      client: "['127.0.0.1', 50000]",
      server: "['127.0.0.1', 8000]",
      asgi: "{'version': '3.0'}",
    })
    expect(Object.keys(s)).toEqual(PROFILES.daphne.order)
  })

  test("Twisted's header map: a name's values together, names in first-seen order", () => {
    const rawHeaders = ['Host', 'h', 'X-A', '1', 'X-B', '2', 'x-a', '3']
    expect(scope({ rawHeaders }).headers).toBe(
      "[(b'host', b'h'), (b'x-a', b'1'), (b'x-a', b'3'), (b'x-b', b'2')]"
    )
  })

  test('names with "_" are dropped (CVE-2015-0219); Daphne-Root-Path becomes root_path', () => {
    const s = scope({
      target: '/x',
      rawHeaders: ['Host', 'h', 'X_Auth_User', 'evil', 'Daphne-Root-Path', '/m%20t'],
    })
    expect(s.headers).toBe("[(b'host', b'h')]")
    expect([s.root_path, s.path]).toEqual(['/m t', '/x'])
  })

  test.each([
    ['HTTP/2.0 (Twisted 24.7+: only 1.0 and 1.1)', { httpVersion: '2.0' }, TWISTED],
    [
      'Transfer-Encoding other than chunked/identity',
      { rawHeaders: ['Host', 'h', 'Transfer-Encoding', 'gzip, chunked'] },
      TWISTED,
    ],
    [
      'a \\x0b in a value (4.2.2)',
      { rawHeaders: ['Host', 'h', 'X-A', 'a\x0bb'] },
      'Invalid header value',
    ],
    [
      'Upgrade: websocket without Connection: upgrade (autobahn)',
      { rawHeaders: ['Host', 'h', 'Connection', 'keep-alive', 'Upgrade', 'websocket'] },
      'HTTP Connection headers do not include "upgrade" value (case-insensitive): "keep-alive"',
    ],
  ])('refused before the app: %s', (_name, overrides, reason) => {
    expect(() => scope(overrides)).toThrow(
      expect.objectContaining({ status: 400, message: reason })
    )
  })

  test('Transfer-Encoding: identity is taken (Twisted ignores it)', () => {
    const rawHeaders = ['Host', 'h', 'Transfer-Encoding', 'identity']
    expect(scope({ rawHeaders }).headers).toContain("(b'transfer-encoding', b'identity')")
  })
})

describe('daphne --proxy-headers wired to the profile, vs Debian daphne --proxy-headers', () => {
  const fixture = JSON.parse(
    readFileSync(
      new URL('../../../corpus/servers/daphne.proxy-headers.json', import.meta.url),
      'utf8'
    )
  ) as { answers: Record<string, { status: number; echo?: Record<string, string> }> }
  const cases = Object.keys(fixture.answers).filter((id) => fixture.answers[id]?.echo)
  const factory = () => prepareEnvironBuilder(SERVER, 'daphne')
  const build = trustingBuilder(factory, bindTrust('daphne', { proxy_headers: 'true' }))

  test('the profile declares its rule; the fixture has the cases we compare', () => {
    expect(PROFILES.daphne.trust).toBe('daphne')
    expect(cases).toEqual(expect.arrayContaining(['XF', 'T88', 'P16', 'P17']))
  })

  test.each(cases)('%s: the scope Debian daphne --proxy-headers echoed', (id) => {
    const request = SERVER_REQUESTS.find((r) => r.id === id)?.request ?? ''
    const ours = strEnviron(build(parseHead(request)))
    const theirs = fixture.answers[id]?.echo ?? {}
    // the fixture masks the ports the socket gave (a proxy's port stays)
    const masked: Record<string, string | undefined> = {
      ...ours,
      server: ours.server?.replace(/, 8000\]$/, ', <port>]'),
    }
    if (theirs.client?.includes('<client-port>'))
      masked.client = ours.client?.replace(/, 50000\]$/, ', <client-port>]')
    expect(masked).toEqual(theirs)
    expect(Object.keys(masked)).toEqual(Object.keys(theirs))
  })

  test('leftmost X-Forwarded-For entry of the first line only (T88), port from X-Forwarded-Port', () => {
    const rawHeaders = ['Host', 'h', 'X-Forwarded-For', '1.1.1.1', 'X-Forwarded-For', '2.2.2.2']
    expect(strEnviron(build(gatewayRequest({ rawHeaders }))).client).toBe("['1.1.1.1', 0]")
  })

  test("without --proxy-headers (our default and daphne's) nothing changes", () => {
    const request = parseHead(SERVER_REQUESTS.find((r) => r.id === 'XF')?.request ?? '')
    const off = trustingBuilder(factory, bindTrust('daphne', 'server-default'))
    expect(strEnviron(off(request))).toEqual(strEnviron(factory()(request)))
    expect(strEnviron(off(request)).client).toBe("['127.0.0.1', 50000]")
  })
})
