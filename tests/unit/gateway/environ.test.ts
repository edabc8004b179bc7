/**
 * One named case per derivation rule of the spec (§3), per profile where servers differ.
 * Values are the ones the spec observed on the real servers.
 */
import { describe, expect, test } from 'vitest'
import type { ProfileId } from '../../../server/contract/profiles.ts'
import { type Environ, pyStr } from '../../../server/contract/python.ts'
import { buildEnviron } from '../../../server/gateway/environ.ts'
import { RequestRejected } from '../../../server/gateway/errors.ts'
import { gatewayRequest, parseHead, SERVER } from '../../helpers/request.ts'

type Want = Record<string, string | null> | { rejected: number }
type Case = {
  name: string
  given: ReturnType<typeof gatewayRequest>
  want: Partial<Record<ProfileId, Want>>
}

const ALL: ProfileId[] = ['wsgiref', 'gunicorn', 'werkzeug']
const all = (want: Want): Partial<Record<ProfileId, Want>> => ({
  wsgiref: want,
  gunicorn: want,
  werkzeug: want,
})
const get = (target: string, headers = 'Host: example.com\r\n') =>
  parseHead(`GET ${target} HTTP/1.1\r\n${headers}\r\n`)

const cases: Case[] = [
  {
    name: 'splits PATH_INFO and QUERY_STRING at the first "?" (T20)',
    given: get('/p?a=1?b=2'),
    want: all({ PATH_INFO: '/p', QUERY_STRING: 'a=1?b=2' }),
  },
  {
    name: 'percent-decodes PATH_INFO to bytes read as latin-1 (T08)',
    given: get('/caf%C3%A9/%E2%82%AC'),
    want: all({ PATH_INFO: '/cafÃ©/â\x82¬' }),
  },
  {
    name: 'leaves QUERY_STRING raw: no decoding, + kept (T106)',
    given: get('/p?q=a+b%2Bc'),
    want: all({ QUERY_STRING: 'q=a+b%2Bc' }),
  },
  {
    name: 'decodes %2F to a slash in PATH_INFO (T11)',
    given: get('/a%2Fb/c%2fd'),
    want: all({ PATH_INFO: '/a/b/c/d' }),
  },
  {
    name: 'leaves invalid escapes literal (T12, T105)',
    given: get('/a%zz/b%4/c%'),
    want: all({ PATH_INFO: '/a%zz/b%4/c%' }),
  },
  {
    name: 'decodes %FF to ÿ, but Werkzeug to U+FFFD bytes (T13)',
    given: get('/x%FFy'),
    want: {
      wsgiref: { PATH_INFO: '/xÿy' },
      gunicorn: { PATH_INFO: '/xÿy' },
      werkzeug: { PATH_INFO: '/xï¿½y' },
    },
  },
  {
    name: 'decodes overlong %C0%AF as two bytes, Werkzeug as two U+FFFD (T14)',
    given: get('/a%C0%AFb'),
    want: {
      wsgiref: { PATH_INFO: '/aÀ¯b' },
      gunicorn: { PATH_INFO: '/aÀ¯b' },
      werkzeug: { PATH_INFO: '/aï¿½ï¿½b' },
    },
  },
  {
    name: 'decodes %00 and %0D%0A into PATH_INFO (T15, T16)',
    given: get('/nul%00byte%0D%0A'),
    want: all({ PATH_INFO: '/nul\x00byte\r\n' }),
  },
  {
    name: 'turns %3F and %23 into literal ? and # in PATH_INFO (T17)',
    given: get('/q%3Fh%23p+s%20'),
    want: all({ PATH_INFO: '/q?h#p+s ', QUERY_STRING: '' }),
  },
  {
    name: 'keeps a #fragment in wsgiref, drops it elsewhere (T22)',
    given: get('/p?a=1#frag'),
    want: {
      wsgiref: { PATH_INFO: '/p', QUERY_STRING: 'a=1#frag' },
      gunicorn: { PATH_INFO: '/p', QUERY_STRING: 'a=1', RAW_URI: '/p?a=1#frag' },
      werkzeug: { PATH_INFO: '/p', QUERY_STRING: 'a=1', REQUEST_URI: '/p?a=1#frag' },
    },
  },
  {
    name: 'splits /a?b#c?d differently per server (T162)',
    given: get('/a?b#c?d'),
    want: {
      wsgiref: { QUERY_STRING: 'b#c?d' },
      gunicorn: { QUERY_STRING: 'b' },
      werkzeug: { QUERY_STRING: 'b' },
    },
  },
  {
    name: 'does not normalise dot segments or ;params (T23, T89)',
    given: get('/a/../b/./c/;x=1'),
    want: all({ PATH_INFO: '/a/../b/./c/;x=1' }),
  },
  {
    name: 'collapses a leading // (http.server gh-87389), except gunicorn (T24)',
    given: get('//evil.example/p?q=1'),
    want: {
      wsgiref: { PATH_INFO: '/evil.example/p', QUERY_STRING: 'q=1' },
      gunicorn: { PATH_INFO: '//evil.example/p', RAW_URI: '//evil.example/p?q=1' },
      werkzeug: { PATH_INFO: '/evil.example/p', RAW_URI: '/evil.example/p?q=1' },
    },
  },
  {
    name: 'collapses /// to one slash but keeps inner // (T25)',
    given: get('///a//b'),
    want: {
      wsgiref: { PATH_INFO: '/a//b' },
      gunicorn: { PATH_INFO: '///a//b' },
      werkzeug: { PATH_INFO: '/a//b' },
    },
  },
  {
    name: 'absolute-form: wsgiref keeps the URL as the path, others split it (T26)',
    given: get('http://other.example:81/abs/p%20q?x=1'),
    want: {
      wsgiref: {
        PATH_INFO: 'http://other.example:81/abs/p q',
        QUERY_STRING: 'x=1',
        HTTP_HOST: 'example.com',
      },
      gunicorn: {
        PATH_INFO: '/abs/p q',
        HTTP_HOST: 'example.com',
        RAW_URI: 'http://other.example:81/abs/p%20q?x=1',
      },
      werkzeug: { PATH_INFO: '/abs/p q', HTTP_HOST: 'other.example:81' },
    },
  },
  {
    name: 'absolute-form without a path gives an empty PATH_INFO (T28)',
    given: get('http://other.example'),
    want: {
      wsgiref: { PATH_INFO: 'http://other.example' },
      gunicorn: { PATH_INFO: '' },
      werkzeug: { PATH_INFO: '', HTTP_HOST: 'other.example' },
    },
  },
  {
    name: 'Werkzeug keeps userinfo when the absolute-form URL sets HTTP_HOST (T29)',
    given: get('http://user:pw@other.example:8080/p'),
    want: { werkzeug: { PATH_INFO: '/p', HTTP_HOST: 'user:pw@other.example:8080' } },
  },
  {
    name: 'Werkzeug creates HTTP_HOST from absolute-form on HTTP/1.0 without Host (T30)',
    given: parseHead('GET http://other.example/p?q HTTP/1.0\r\n\r\n'),
    want: {
      wsgiref: { HTTP_HOST: null },
      gunicorn: { HTTP_HOST: null },
      werkzeug: { HTTP_HOST: 'other.example' },
    },
  },
  {
    name: 'OPTIONS * gives PATH_INFO "*" (T31)',
    given: parseHead('OPTIONS * HTTP/1.1\r\nHost: example.com\r\n\r\n'),
    want: all({ REQUEST_METHOD: 'OPTIONS', PATH_INFO: '*', QUERY_STRING: '' }),
  },
  {
    name: 'GET * is a 400 in gunicorn 26 only (T32)',
    given: get('*'),
    want: {
      wsgiref: { PATH_INFO: '*' },
      gunicorn: { rejected: 400 },
      werkzeug: { PATH_INFO: '*' },
    },
  },
  {
    name: 'CONNECT authority-form: urlsplit reads the host as a scheme (T33)',
    given: parseHead('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
    want: {
      wsgiref: { PATH_INFO: 'example.com:443' },
      gunicorn: { PATH_INFO: '443', RAW_URI: 'example.com:443' },
      werkzeug: { PATH_INFO: '443' },
    },
  },
  {
    name: 'SERVER_NAME is getfqdn(bind) in wsgiref, the bind address elsewhere (T01)',
    given: get('/hello'),
    want: {
      wsgiref: { SERVER_NAME: 'localhost', SERVER_PORT: '8000' },
      gunicorn: { SERVER_NAME: '127.0.0.1', SERVER_PORT: '8000' },
      werkzeug: { SERVER_NAME: '127.0.0.1', SERVER_PORT: '8000' },
    },
  },
  {
    name: 'HTTP/1.0 without Host has no HTTP_HOST (T02)',
    given: parseHead('GET /hello HTTP/1.0\r\n\r\n'),
    want: all({ SERVER_PROTOCOL: 'HTTP/1.0', HTTP_HOST: null }),
  },
  {
    name: 'HTTP/0.9 is served by wsgiref and Werkzeug, refused by gunicorn (T03)',
    given: gatewayRequest({ target: '/nine', httpVersion: '0.9', rawHeaders: [] }),
    want: {
      wsgiref: { SERVER_PROTOCOL: 'HTTP/0.9' },
      gunicorn: { rejected: 400 },
      werkzeug: { SERVER_PROTOCOL: 'HTTP/0.9' },
    },
  },
  {
    name: 'HTTP/2.0 in an HTTP/1 request line is a 505 in wsgiref/Werkzeug, 400 in gunicorn (T39)',
    given: gatewayRequest({ httpVersion: '2.0' }),
    want: { wsgiref: { rejected: 505 }, gunicorn: { rejected: 400 }, werkzeug: { rejected: 505 } },
  },
  {
    name: 'REMOTE_PORT: absent in wsgiref, a str in gunicorn, an int in Werkzeug (§3.11)',
    given: get('/'),
    want: {
      wsgiref: { REMOTE_ADDR: '127.0.0.1', REMOTE_PORT: null, REMOTE_HOST: '' },
      gunicorn: { REMOTE_ADDR: '127.0.0.1', REMOTE_PORT: '50000', REMOTE_HOST: null },
      werkzeug: { REMOTE_ADDR: '127.0.0.1', REMOTE_PORT: '50000', REMOTE_HOST: null },
    },
  },
  {
    name: 'wsgiref always sets CONTENT_TYPE (text/plain) and CONTENT_LENGTH (empty) (T45)',
    given: get('/'),
    want: {
      wsgiref: { CONTENT_TYPE: 'text/plain', CONTENT_LENGTH: '' },
      gunicorn: { CONTENT_TYPE: null, CONTENT_LENGTH: null },
      werkzeug: { CONTENT_TYPE: null, CONTENT_LENGTH: null },
    },
  },
  {
    name: 'Content-Type and Content-Length map to CGI names, never HTTP_* (T47)',
    given: parseHead(
      'POST /form HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/x; a=1\r\nContent-Length: 7\r\n\r\na=1&b=2'
    ),
    want: all({
      CONTENT_TYPE: 'text/x; a=1',
      CONTENT_LENGTH: '7',
      HTTP_CONTENT_TYPE: null,
      HTTP_CONTENT_LENGTH: null,
    }),
  },
  {
    name: 'an empty Content-Type stays empty (T46)',
    given: parseHead(
      'POST / HTTP/1.1\r\nHost: example.com\r\nContent-Type:\r\nContent-Length: 0\r\n\r\n'
    ),
    want: all({ CONTENT_TYPE: '', CONTENT_LENGTH: '0' }),
  },
  {
    name: 'duplicate Content-Type: first wins in wsgiref, last in Werkzeug, 400 in gunicorn 26 (T55)',
    given: parseHead(
      'POST / HTTP/1.1\r\nHost: example.com\r\nContent-Type: text/a\r\nContent-Type: text/b\r\nContent-Length: 0\r\n\r\n'
    ),
    want: {
      wsgiref: { CONTENT_TYPE: 'text/a' },
      gunicorn: { rejected: 400 },
      werkzeug: { CONTENT_TYPE: 'text/b' },
    },
  },
  {
    name: 'joins repeated headers with "," in arrival order, any name case (T61)',
    given: get('/', 'Host: example.com\r\nX-Dup: a\r\nX-Dup: b\r\nx-dup: c\r\n'),
    want: all({ HTTP_X_DUP: 'a,b,c' }),
  },
  {
    name: 'joins Cookie headers with "," too, not "; " (T62, T63)',
    given: get('/', 'Host: example.com\r\nCookie: a=1; b=2\r\nCookie: c=3\r\n'),
    want: all({ HTTP_COOKIE: 'a=1; b=2,c=3' }),
  },
  {
    name: 'keeps empty values when joining (T64)',
    given: get('/', 'Host: example.com\r\nX-E:\r\nX-E: v\r\nX-E:\r\n'),
    want: all({ HTTP_X_E: ',v,' }),
  },
  {
    name: 'duplicate Host: joined, but a 400 in gunicorn 26 (T07)',
    given: get('/', 'Host: a.example\r\nHost: b.example\r\n'),
    want: {
      wsgiref: { HTTP_HOST: 'a.example,b.example' },
      gunicorn: { rejected: 400 },
      werkzeug: { HTTP_HOST: 'a.example,b.example' },
    },
  },
  {
    name: 'merges underscore names in wsgiref, drops them in gunicorn and Werkzeug (T65)',
    given: get('/', 'Host: example.com\r\nX-Auth-User: dash\r\nX_Auth_User: underscore\r\n'),
    want: {
      wsgiref: { HTTP_X_AUTH_USER: 'dash,underscore' },
      gunicorn: { HTTP_X_AUTH_USER: 'dash' },
      werkzeug: { HTTP_X_AUTH_USER: 'dash' },
    },
  },
  {
    name: 'Content_Type with an underscore never becomes CONTENT_TYPE (T67)',
    given: get('/', 'Host: example.com\r\nContent_Type: evil/type\r\nContent_Length: 99\r\n'),
    want: {
      wsgiref: { CONTENT_TYPE: 'text/plain', CONTENT_LENGTH: '', HTTP_CONTENT_TYPE: null },
      gunicorn: { CONTENT_TYPE: null, HTTP_CONTENT_TYPE: null },
      werkzeug: { CONTENT_TYPE: null, HTTP_CONTENT_TYPE: null },
    },
  },
  {
    name: 'a SCRIPT_NAME header never moves the mount point (T68; gunicorn trusts nobody here)',
    given: get('/app/page', 'Host: example.com\r\nSCRIPT_NAME: /app\r\n'),
    want: {
      wsgiref: { SCRIPT_NAME: '', PATH_INFO: '/app/page', HTTP_SCRIPT_NAME: null },
      gunicorn: { SCRIPT_NAME: '', PATH_INFO: '/app/page', HTTP_SCRIPT_NAME: null },
      werkzeug: { SCRIPT_NAME: '', PATH_INFO: '/app/page', HTTP_SCRIPT_NAME: null },
    },
  },
  {
    name: 'wsgiref drops headers named like CGI variables; others prefix them (T70)',
    given: get(
      '/real',
      'Host: example.com\r\nServer-Name: evil\r\nRemote-Addr: 6.6.6.6\r\nHttps: on\r\n'
    ),
    want: {
      wsgiref: {
        SERVER_NAME: 'localhost',
        HTTP_SERVER_NAME: null,
        HTTP_REMOTE_ADDR: null,
        HTTP_HTTPS: 'on',
        'wsgi.url_scheme': 'http',
      },
      gunicorn: {
        SERVER_NAME: '127.0.0.1',
        HTTP_SERVER_NAME: 'evil',
        HTTP_REMOTE_ADDR: '6.6.6.6',
        HTTP_HTTPS: 'on',
      },
      werkzeug: {
        HTTP_SERVER_NAME: 'evil',
        HTTP_REMOTE_ADDR: '6.6.6.6',
        HTTP_HTTPS: 'on',
        'wsgi.url_scheme': 'http',
      },
    },
  },
  {
    name: 'wsgiref drops Http-Foo after Foo (HTTP_FOO exists) but keeps it before (T71, T90)',
    given: get(
      '/',
      'Host: example.com\r\nFoo: one\r\nHttp-Foo: two\r\nHttp-Bar: three\r\nBar: four\r\n'
    ),
    want: {
      wsgiref: { HTTP_FOO: 'one', HTTP_HTTP_FOO: null, HTTP_HTTP_BAR: 'three', HTTP_BAR: 'four' },
      gunicorn: { HTTP_FOO: 'one', HTTP_HTTP_FOO: 'two' },
      werkzeug: { HTTP_FOO: 'one', HTTP_HTTP_FOO: 'two' },
    },
  },
  {
    name: 'keeps other token characters in the key: X.Dot → HTTP_X.DOT, 123 → HTTP_123 (T80, T99)',
    given: get('/', 'Host: example.com\r\nX.Dot: v\r\n123: w\r\n'),
    want: all({ 'HTTP_X.DOT': 'v', HTTP_123: 'w' }),
  },
  {
    name: 'reads obs-text header bytes as latin-1 (T78)',
    given: gatewayRequest({
      rawHeaders: ['Host', 'example.com', 'X-Latin', 'caf\xe9', 'X-Utf8', '\xe2\x82\xac'],
    }),
    want: all({ HTTP_X_LATIN: 'café', HTTP_X_UTF8: 'â\x82¬' }),
  },
  {
    name: 'chunked: wsgi.input_terminated only where the server sets it (T56)',
    given: parseHead(
      'POST /c HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n',
      'hello'
    ),
    want: {
      wsgiref: {
        HTTP_TRANSFER_ENCODING: 'chunked',
        CONTENT_LENGTH: '',
        'wsgi.input_terminated': null,
      },
      gunicorn: { CONTENT_LENGTH: null, 'wsgi.input_terminated': 'True' },
      werkzeug: {
        'wsgi.input_terminated': 'True',
        'wsgi.input': '<werkzeug.serving.DechunkedInput object at 0x7f0000002010>',
      },
    },
  },
  {
    name: 'chunked on HTTP/1.0 is a 400 in gunicorn (T58)',
    given: parseHead(
      'POST /c HTTP/1.0\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n',
      'hello'
    ),
    want: {
      wsgiref: { SERVER_PROTOCOL: 'HTTP/1.0' },
      gunicorn: { rejected: 400 },
      werkzeug: { 'wsgi.input_terminated': 'True' },
    },
  },
  {
    name: 'an Expect other than 100-continue is a 417 in gunicorn only (T60)',
    given: get('/', 'Host: example.com\r\nExpect: teapot\r\n'),
    want: {
      wsgiref: { HTTP_EXPECT: 'teapot' },
      gunicorn: { rejected: 417 },
      werkzeug: { HTTP_EXPECT: 'teapot' },
    },
  },
  {
    name: 'more than 99 header fields is a 431 in wsgiref/Werkzeug, 100 is fine in gunicorn (T157)',
    given: gatewayRequest({
      rawHeaders: Array.from({ length: 100 }, (_, i) => [`X-H${i}`, 'v']).flat(),
    }),
    want: {
      wsgiref: { rejected: 431 },
      gunicorn: { HTTP_X_H99: 'v' },
      werkzeug: { rejected: 431 },
    },
  },
  {
    name: 'renders the wsgi.* values as Python str() does (§1.1)',
    given: get('/'),
    want: {
      wsgiref: {
        'wsgi.version': '(1, 0)',
        'wsgi.run_once': 'False',
        'wsgi.url_scheme': 'http',
        'wsgi.multithread': 'False',
        'wsgi.multiprocess': 'False',
        'wsgi.input': '<_io.BufferedReader name=4>',
        'wsgi.errors': "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>",
        'wsgi.file_wrapper': "<class 'wsgiref.util.FileWrapper'>",
        GATEWAY_INTERFACE: 'CGI/1.1',
        SERVER_SOFTWARE: 'WSGIServer/0.2',
      },
      gunicorn: {
        'wsgi.input_terminated': 'True',
        'wsgi.file_wrapper': "<class 'gunicorn.http.wsgi.FileWrapper'>",
        'gunicorn.socket':
          "<socket.socket fd=4, family=2, type=1, proto=0, laddr=('127.0.0.1', 8000), raddr=('127.0.0.1', 50000)>",
        GATEWAY_INTERFACE: null,
        SERVER_SOFTWARE: 'gunicorn/26.1.0',
      },
      werkzeug: {
        'wsgi.file_wrapper': null,
        'wsgi.input_terminated': null,
        'werkzeug.socket':
          "<socket.socket fd=4, family=2, type=1, proto=0, laddr=('127.0.0.1', 8000), raddr=('127.0.0.1', 50000)>",
      },
    },
  },
]

function assertEnviron(environ: Environ, want: Record<string, string | null>) {
  for (const [key, value] of Object.entries(want)) {
    if (value === null) expect(Object.hasOwn(environ, key), `${key} should be absent`).toBe(false)
    else expect(environ[key] === undefined ? undefined : pyStr(environ[key]), key).toBe(value)
  }
}

describe.each(ALL)('buildEnviron, %s profile', (profile) => {
  const mine = cases.filter((c) => c.want[profile])
  test.each(mine)('$name', ({ given, want }) => {
    const expected = want[profile] as Want
    if ('rejected' in expected) {
      const build = () => buildEnviron(given, SERVER, profile)
      expect(build).toThrow(RequestRejected)
      try {
        build()
      } catch (error) {
        expect((error as RequestRejected).status).toBe(expected.rejected)
      }
      return
    }
    assertEnviron(buildEnviron(given, SERVER, profile), expected as Record<string, string | null>)
  })
})

describe('mount point (--script-name)', () => {
  const server = { ...SERVER, scriptName: '/app' }
  test('moves the mount from PATH_INFO to SCRIPT_NAME', () => {
    const environ = buildEnviron(get('/app/x/y?q'), server)
    expect([environ.SCRIPT_NAME, environ.PATH_INFO, environ.QUERY_STRING]).toEqual([
      '/app',
      '/x/y',
      'q',
    ])
  })
  test('the mount point itself gives an empty PATH_INFO', () => {
    expect(buildEnviron(get('/app'), server).PATH_INFO).toBe('')
  })
  test('a path that only starts with the same letters is outside: 404', () => {
    expect(() => buildEnviron(get('/application'), server)).toThrow(/outside the mount point \/app/)
  })
})

describe('the OS environment (wsgiref copies os.environ; we only do when asked)', () => {
  test('is not copied by default', () => {
    expect(Object.hasOwn(buildEnviron(get('/'), SERVER), 'PATH')).toBe(false)
  })
  test('comes first, request keys overwrite in place, HTTPS=on makes the scheme https (T145)', () => {
    const server = {
      ...SERVER,
      osEnviron: { PATH: '/usr/bin', SCRIPT_NAME: '/fromenv', HTTPS: 'on', HTTP_X_INJECTED: 'é' },
    }
    const environ = buildEnviron(
      get('/real?q=1', 'Host: example.com\r\nX-Injected: real\r\n'),
      server
    )
    expect(Object.keys(environ).slice(0, 4)).toEqual([
      'PATH',
      'SCRIPT_NAME',
      'HTTPS',
      'HTTP_X_INJECTED',
    ])
    expect(environ.SCRIPT_NAME).toBe('')
    expect(environ['wsgi.url_scheme']).toBe('https')
    expect(environ.HTTP_X_INJECTED).toBe('real') // the header replaces the copied value in place
  })
  test('re-encodes request-like variables to latin-1 bytes as wsgiref.handlers.read_environ does', () => {
    const environ = buildEnviron(get('/'), {
      ...SERVER,
      osEnviron: { HTTP_X_FROM_ENV: 'é', OTHER_VAR: 'é' },
    })
    expect([environ.HTTP_X_FROM_ENV, environ.OTHER_VAR]).toEqual(['Ã©', 'é'])
  })
})
