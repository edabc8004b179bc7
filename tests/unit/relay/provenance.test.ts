/**
 * KeyProvenance: each environ key traced back to the request bytes (ranges) and the steps a
 * profile applied. The environs are built by the gateway itself, so the traces are checked
 * against what the servers really produce.
 */
import { describe, expect, test } from 'vitest'
import type { KeyProvenance } from '../../../server/contract/api/send.ts'
import { latin1Bytes } from '../../../server/contract/http.ts'
import { PROFILE_IDS, type ProfileId } from '../../../server/contract/profiles.ts'
import { strEnviron } from '../../../server/contract/python.ts'
import type { ServerFacts } from '../../../server/contract/request.ts'
import { STEPS } from '../../../server/contract/steps.ts'
import { buildEnviron } from '../../../server/gateway/environ.ts'
import { PROFILES } from '../../../server/gateway/profiles/index.ts'
import { isAsgiProfile } from '../../../server/gateway/profiles/types.ts'
import { rangeText } from '../../../server/relay/head.ts'
import { traceProvenance } from '../../../server/relay/provenance.ts'
import { parseHead, SERVER } from '../../helpers/request.ts'

function trace(raw: string, profile: ProfileId, server: ServerFacts = SERVER) {
  const bytes = latin1Bytes(raw)
  const environ = strEnviron(buildEnviron(parseHead(raw), server, profile))
  const report = traceProvenance(bytes, environ, profile, { scriptName: server.scriptName })
  const texts = (key: string) => (report.keys[key]?.ranges ?? []).map((r) => rangeText(bytes, r))
  return { environ, report, key: (name: string) => report.keys[name] as KeyProvenance, texts }
}

const GET = (target: string, headers = 'Host: example.com\r\n') =>
  `GET ${target} HTTP/1.1\r\n${headers}\r\n`

describe('traceProvenance', () => {
  test('PATH_INFO from /caf%C3%A9: the path bytes, percent-decoded and read as latin-1', () => {
    const t = trace(GET('/caf%C3%A9?x=1'), 'wsgiref')
    expect(t.environ.PATH_INFO).toBe('/caf\u00c3\u00a9')
    expect(t.texts('PATH_INFO')).toEqual(['/caf%C3%A9'])
    expect(t.key('PATH_INFO').steps).toEqual(['split-query', 'percent-decode', 'latin-1'])
  })

  test('PATH_INFO without escapes is only read as latin-1', () => {
    expect(trace(GET('/plain'), 'gunicorn').key('PATH_INFO')).toEqual({
      ranges: [[4, 10]],
      steps: ['latin-1'],
    })
  })

  test('Werkzeug decodes escapes as UTF-8 first (the WSGI encoding dance)', () => {
    const t = trace(GET('/x%FF'), 'werkzeug')
    expect(t.environ.PATH_INFO).toBe('/x\u00ef\u00bf\u00bd')
    expect(t.key('PATH_INFO').steps).toEqual(['percent-decode', 'utf-8-dance', 'latin-1'])
  })

  test('HTTP_X_DUP from two header lines: both values, joined with a comma', () => {
    const t = trace(GET('/', 'Host: h\r\nX-Dup: a\r\nx-dup:   b  \r\n'), 'wsgiref')
    expect(t.environ.HTTP_X_DUP).toBe('a,b')
    expect(t.texts('HTTP_X_DUP')).toEqual(['a', 'b'])
    expect(t.key('HTTP_X_DUP').steps).toEqual(['prefix', 'strip', 'latin-1', 'comma-join'])
    const bytes = latin1Bytes(GET('/', 'Host: h\r\nX-Dup: a\r\nx-dup:   b  \r\n'))
    expect(t.key('HTTP_X_DUP').nameRanges?.map((r) => rangeText(bytes, r))).toEqual([
      'X-Dup',
      'x-dup',
    ])
  })

  test('CONTENT_TYPE in wsgiref without the header: a default, from no bytes', () => {
    const t = trace(GET('/'), 'wsgiref')
    expect(t.environ.CONTENT_TYPE).toBe('text/plain')
    expect(t.key('CONTENT_TYPE')).toMatchObject({ ranges: [], steps: ['default'] })
    expect(t.key('CONTENT_TYPE').note).toMatch(/text\/plain/)
    expect(t.key('CONTENT_LENGTH')).toMatchObject({ ranges: [], steps: ['default'] })
  })

  test('CONTENT_TYPE in wsgiref: the first of two wins', () => {
    const t = trace(
      GET('/', 'Host: h\r\nContent-Type: text/a\r\nContent-Type: text/b\r\n'),
      'wsgiref'
    )
    expect(t.environ.CONTENT_TYPE).toBe('text/a')
    expect(t.texts('CONTENT_TYPE')).toEqual(['text/a'])
    expect(t.key('CONTENT_TYPE').steps).toContain('first-wins')
    expect(t.report.ignored).toEqual([
      expect.objectContaining({ reason: 'wsgiref takes only the first Content-Type' }),
    ])
  })

  test('CONTENT_TYPE in werkzeug: the last of two wins', () => {
    const t = trace(
      GET('/', 'Host: h\r\nContent-Type: text/a\r\nContent-Type: text/b\r\n'),
      'werkzeug'
    )
    expect(t.environ.CONTENT_TYPE).toBe('text/b')
    expect(t.texts('CONTENT_TYPE')).toEqual(['text/b'])
    expect(t.key('CONTENT_TYPE').steps).toEqual(['latin-1', 'last-wins'])
  })

  test('QUERY_STRING: the bytes after "?", never decoded', () => {
    const t = trace(GET('/p?q=a+b%2Bc'), 'wsgiref')
    expect(t.texts('QUERY_STRING')).toEqual(['q=a+b%2Bc'])
    expect(t.key('QUERY_STRING').steps).toEqual(['split-query', 'latin-1'])
  })

  test('QUERY_STRING without "?": a default, from no bytes', () => {
    expect(trace(GET('/p'), 'wsgiref').key('QUERY_STRING')).toMatchObject({
      ranges: [],
      steps: ['default'],
    })
  })

  test('a fragment stays in wsgiref and is dropped by urlsplit in gunicorn', () => {
    expect(trace(GET('/p?a=1#f'), 'wsgiref').texts('QUERY_STRING')).toEqual(['a=1#f'])
    const gunicorn = trace(GET('/p?a=1#f'), 'gunicorn')
    expect(gunicorn.texts('QUERY_STRING')).toEqual(['a=1'])
    expect(gunicorn.key('QUERY_STRING').steps).toContain('drop-fragment')
    expect(gunicorn.texts('RAW_URI')).toEqual(['/p?a=1#f'])
  })

  test('a leading "//" is collapsed in wsgiref but kept as a path in gunicorn', () => {
    const wsgiref = trace(GET('//a//b'), 'wsgiref')
    expect(wsgiref.texts('PATH_INFO')).toEqual(['/a//b'])
    expect(wsgiref.key('PATH_INFO').steps).toContain('collapse-slashes')
    expect(trace(GET('//a//b'), 'gunicorn').texts('PATH_INFO')).toEqual(['//a//b'])
  })

  test('REQUEST_METHOD and SERVER_PROTOCOL: request-line words', () => {
    const t = trace('DELETE /x HTTP/1.0\r\n\r\n', 'wsgiref')
    expect(t.texts('REQUEST_METHOD')).toEqual(['DELETE'])
    expect(t.key('REQUEST_METHOD').steps).toEqual(['latin-1'])
    expect(t.texts('SERVER_PROTOCOL')).toEqual(['HTTP/1.0'])
  })

  test('HTTP_HOST: the Host value, with the name as its key', () => {
    const t = trace(GET('/', 'hOsT: Example.COM\r\n'), 'gunicorn')
    expect(t.texts('HTTP_HOST')).toEqual(['Example.COM'])
    expect(t.key('HTTP_HOST').steps).toEqual(['prefix', 'latin-1'])
  })

  test('HTTP_HOST in werkzeug with absolute-form: the authority of the target', () => {
    const t = trace(GET('http://other.example:81/p', 'Host: h\r\n'), 'werkzeug')
    expect(t.environ.HTTP_HOST).toBe('other.example:81')
    expect(t.texts('HTTP_HOST')).toEqual(['other.example:81'])
    expect(t.key('HTTP_HOST').steps).toEqual(['absolute-form-host', 'latin-1'])
    expect(t.texts('PATH_INFO')).toEqual(['/p'])
    expect(t.key('PATH_INFO').steps).toContain('absolute-form-path')
  })

  test('SERVER_NAME and SERVER_PORT come from the server, not the request', () => {
    const t = trace(GET('/', 'Host: other.example:99\r\n'), 'wsgiref')
    expect(t.key('SERVER_NAME')).toMatchObject({ ranges: [], steps: ['server'] })
    expect(t.key('SERVER_PORT')).toMatchObject({ ranges: [], steps: ['server'] })
  })

  test('socket keys and constants have no ranges', () => {
    const t = trace(GET('/'), 'gunicorn')
    for (const key of ['REMOTE_ADDR', 'REMOTE_PORT', 'gunicorn.socket']) {
      expect(t.key(key), key).toEqual({ ranges: [], steps: ['socket'] })
    }
    for (const key of ['wsgi.version', 'wsgi.errors', 'SERVER_SOFTWARE', 'wsgi.early_hints']) {
      expect(t.key(key), key).toEqual({ ranges: [], steps: ['constant'] })
    }
  })

  test('a header with "_" is dropped by gunicorn and kept by wsgiref', () => {
    const raw = GET('/', 'Host: h\r\nX_Auth: u\r\n')
    expect(trace(raw, 'wsgiref').texts('HTTP_X_AUTH')).toEqual(['u'])
    const gunicorn = trace(raw, 'gunicorn')
    expect(gunicorn.environ.HTTP_X_AUTH).toBeUndefined()
    expect(gunicorn.report.ignored).toEqual([
      { range: [25, 34], reason: expect.stringMatching(/underscore: gunicorn drops it/) },
    ])
  })

  test('wsgiref skips a header that maps to a CGI key it already has', () => {
    const t = trace(GET('/', 'Host: h\r\nRemote-Addr: 6.6.6.6\r\n'), 'wsgiref')
    expect(t.key('REMOTE_ADDR').steps).toEqual(['socket'])
    expect(t.report.ignored[0]?.reason).toMatch(/REMOTE_ADDR, which the environ already has/)
  })

  test('the mount point splits the path into SCRIPT_NAME and PATH_INFO', () => {
    const server = { ...SERVER, scriptName: '/app' }
    const t = trace(GET('/app/x%20y'), 'wsgiref', server)
    expect(t.environ.PATH_INFO).toBe('/x y')
    expect(t.texts('SCRIPT_NAME')).toEqual(['/app'])
    expect(t.key('SCRIPT_NAME').steps).toEqual(['server', 'mount'])
    expect(t.texts('PATH_INFO')).toEqual(['/x%20y'])
    expect(t.key('PATH_INFO').steps).toEqual(['percent-decode', 'latin-1', 'mount'])
  })

  test('wsgi.input: the body bytes, de-chunked when chunked', () => {
    const raw =
      'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n'
    const t = trace(raw, 'werkzeug')
    expect(t.texts('wsgi.input')).toEqual(['2\r\nhi\r\n0\r\n\r\n'])
    expect(t.key('wsgi.input').steps).toEqual(['socket', 'de-chunk'])
    expect(t.texts('wsgi.input_terminated')).toEqual(['chunked'])
  })

  test('keys copied from the OS environment come from the server', () => {
    const server = { ...SERVER, osEnviron: { DEMO_TOKEN: 'x' } }
    expect(trace(GET('/'), 'wsgiref', server).key('DEMO_TOKEN')).toMatchObject({
      ranges: [],
      steps: ['server'],
    })
  })
})

describe('every key of every profile has a provenance that matches the bytes', () => {
  const requests = [
    GET('/caf%C3%A9/%E2%82%AC?x=1&y=%20#frag'),
    GET('/', 'Host: h\r\nX-Dup: a\r\nX-Dup: b\r\nCookie: a=1\r\nCookie: b=2\r\nUser-Agent: t\r\n'),
    'POST /submit HTTP/1.1\r\nHost: h\r\nContent-Type: text/x\r\nContent-Length: 2\r\nX_Under: 1\r\n\r\nhi',
    GET('http://other.example/abs?q=1', 'Host: h\r\n'),
    'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n',
    'GET /old HTTP/1.0\r\n\r\n',
  ]
  // cheroot refuses a fragment (server.py:923-927) and absolute-form (server.py:891-903): no environ
  const refused = (raw: string, profile: ProfileId) =>
    profile === 'cheroot' && (raw.includes('#') || raw.startsWith('GET http:'))
  const cases = requests
    .flatMap((raw) => PROFILE_IDS.map((profile) => ({ raw, profile })))
    .filter(({ raw, profile }) => !refused(raw, profile))

  test('the requests left out are refused, with a reason', () => {
    const left = requests.flatMap((raw) =>
      PROFILE_IDS.filter((profile) => refused(raw, profile)).map((profile) => ({ raw, profile }))
    )
    expect(left).toHaveLength(2)
    for (const { raw, profile } of left) expect(() => trace(raw, profile), profile).toThrow(/./)
  })

  test.each(cases)('$profile: $raw', ({ raw, profile }) => {
    const { environ, report } = trace(raw, profile)
    const bytes = latin1Bytes(raw)
    expect(Object.keys(report.keys)).toEqual(Object.keys(environ))
    for (const [key, found] of Object.entries(report.keys)) {
      for (const step of found.steps) expect(Object.keys(STEPS), `${key}: ${step}`).toContain(step)
      for (const [start, end] of found.ranges) {
        expect(0 <= start && start <= end && end <= bytes.length, key).toBe(true)
      }
      // a value read straight from the bytes is those bytes
      const plain = found.steps.filter((s) => s !== 'prefix' && s !== 'strip')
      if (plain.length === 1 && plain[0] === 'latin-1' && found.ranges.length === 1) {
        expect(rangeText(bytes, found.ranges[0] ?? [0, 0]), key).toBe(environ[key])
      }
      if (found.steps.includes('comma-join')) {
        const rules = PROFILES[profile]
        const join = isAsgiProfile(rules) ? ',' : (rules.headers.join ?? ',')
        expect(found.ranges.map((r) => rangeText(bytes, r)).join(join), key).toBe(environ[key])
      }
      expect(found.note ?? '', key).not.toMatch(/something rewrote it/)
    }
  })
})
