/**
 * The granian profile (2.8.1, hyper 1.11). granian is not packaged by Debian, so there is no
 * differential test: each expectation here is read from the source line it cites
 * (emmett-framework/granian at tag v2.8.1; hyper and the `http` crate for the parser).
 */
import { describe, expect, test } from 'vitest'
import { strEnviron } from '../../../../server/contract/python.ts'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { gatewayRequest, SERVER } from '../../../helpers/request.ts'

const scope = (overrides: Parameters<typeof gatewayRequest>[0] = {}) =>
  strEnviron(buildEnviron(gatewayRequest(overrides), SERVER, 'granian'))

describe('granian scope (src/asgi/utils.rs, granian/asgi.py)', () => {
  test('keys in insertion order: the Rust dict, then method, then root_path and state', () => {
    // utils.rs:27-86 set asgi … headers, utils.rs:99 method; asgi.py:112 root_path, state
    expect(Object.keys(scope())).toEqual([
      'asgi',
      'extensions',
      'type',
      'http_version',
      'server',
      'client',
      'scheme',
      'path',
      'raw_path',
      'query_string',
      'headers',
      'method',
      'root_path',
      'state',
    ])
  })

  test('values as str() prints them', () => {
    expect(scope({ target: '/a%20b/%FF?x=1' })).toEqual({
      // utils.rs:29-41: one dict, version then spec_version
      asgi: "{'version': '3.0', 'spec_version': '2.3'}",
      // utils.rs:42-54
      extensions: "{'http.response.pathsend': {}, 'websocket.http.response': {}}",
      type: 'http',
      http_version: '1.1',
      // utils.rs:68-69: (ip(), port().to_string()): the port is a str
      server: "('127.0.0.1', '8000')",
      client: "('127.0.0.1', '50000')",
      scheme: 'http',
      // utils.rs:26: percent_decode_str(raw_path).decode_utf8_lossy()
      path: '/a b/\ufffd',
      raw_path: "b'/a%20b/%FF'",
      query_string: "b'x=1'",
      headers: "[(b'host', b'example.com')]",
      method: 'GET',
      root_path: '',
      state: '{}',
    })
  })

  test('HTTP/1.0 is \'1\' (utils.rs:56-67: hyper::Version::HTTP_10 => "1")', () => {
    expect(scope({ httpVersion: '1.0' }).http_version).toBe('1')
  })

  test("no Host: (b'host', authority or b'') goes first (utils.rs:82-85)", () => {
    expect(scope({ httpVersion: '1.0', rawHeaders: ['X-A', '1'] }).headers).toBe(
      "[(b'host', b''), (b'x-a', b'1')]"
    )
    const absolute = scope({
      httpVersion: '1.0',
      target: 'http://other.example:81/p?q',
      rawHeaders: [],
    })
    expect(absolute.headers).toBe("[(b'host', b'other.example:81')]")
  })

  test("the target is hyper's Uri: absolute-form keeps its path only, a fragment is dropped", () => {
    // utils.rs:24-25 uri.path() / uri.query(); the http crate truncates at '#' (uri/path.rs)
    const absolute = scope({ target: 'http://other.example/p%20q?x=1' })
    expect([absolute.path, absolute.raw_path, absolute.query_string]).toEqual([
      '/p q',
      "b'/p%20q'",
      "b'x=1'",
    ])
    const fragment = scope({ target: '/a?b=1#frag' })
    expect([fragment.raw_path, fragment.query_string]).toEqual(["b'/a'", "b'b=1'"])
    expect(scope({ target: 'http://other.example' }).raw_path).toBe("b'/'")
  })

  test("HeaderMap iteration: a name's values together, names in first-seen order", () => {
    // utils.rs:76-81 iterate &req.headers; hyper lower-cases names and keeps `_` names
    const rawHeaders = ['Host', 'h', 'X-A', '1', 'X_B', '2', 'x-a', '3']
    expect(scope({ rawHeaders }).headers).toBe(
      "[(b'host', b'h'), (b'x-a', b'1'), (b'x-a', b'3'), (b'x_b', b'2')]"
    )
  })

  test('root_path is --url-path-prefix and path keeps no prefix (asgi.py:109-112)', () => {
    const s = strEnviron(
      buildEnviron(gatewayRequest({ target: '/x' }), { ...SERVER, scriptName: '/app' }, 'granian')
    )
    expect([s.root_path, s.path, s.raw_path]).toEqual(['/app', '/x', "b'/x'"])
  })

  test.each([
    ['a version other than 1.0/1.1 (httparse → Parse::Version → 400)', { httpVersion: '2.0' }, 400],
    [
      'Transfer-Encoding whose last coding is not chunked (role.rs Server::parse)',
      { rawHeaders: ['Host', 'h', 'Transfer-Encoding', 'chunked, gzip'] },
      400,
    ],
    [
      'Transfer-Encoding on HTTP/1.0 (role.rs: transfer_encoding_unexpected)',
      { httpVersion: '1.0', rawHeaders: ['Transfer-Encoding', 'chunked'] },
      400,
    ],
    [
      'more than 100 header lines (role.rs MAX_HEADERS, TooLarge → 431)',
      { rawHeaders: Array.from({ length: 101 }, (_, i) => [`X-H${i}`, `${i}`]).flat() },
      431,
    ],
  ])('hyper refuses before the app: %s', (_name, overrides, status) => {
    expect(() => scope(overrides)).toThrow(expect.objectContaining({ status }))
  })

  test.each([
    ['/a<b', 400],
    ['/a>b', 400],
    ['/a`b', 400],
    ['/p?x="y"', 400],
    ['/p?x<y', 400],
    ['http://h/a<b', 400],
  ])("http's Uri refuses %s although Node takes it (uri/path.rs:408-515)", (target, status) => {
    expect(() => scope({ target })).toThrow(expect.objectContaining({ status }))
  })

  test.each(['/a"b{c}|d\\e^f', '/p?x=`{|}~', '/a#<frag>', '/%zz', 'http://h'])(
    "http's Uri takes %s (JSON braces, a query's backtick, a fragment)",
    (target) => {
      expect(scope({ target }).type).toBe('http')
    }
  )

  test("'gzip, chunked' ends in chunked: hyper takes it (headers::is_chunked_)", () => {
    const rawHeaders = ['Host', 'h', 'Transfer-Encoding', 'gzip, chunked']
    expect(scope({ rawHeaders }).headers).toContain("(b'transfer-encoding', b'gzip, chunked')")
  })

  test('no proxy trust of its own: granian.utils.proxies wraps the app, it is no server option', () => {
    expect(PROFILES.granian.trust).toBeUndefined()
  })
})
