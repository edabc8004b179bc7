/**
 * The cheroot profile (11.1.2): which repeats join, where CONTENT_* go, the `%2F` rule and the
 * refusals. Whole-environ comparisons with Debian's 9.0.0 run over real sockets in
 * tests/http/profile-vs-fixture.test.ts.
 */
import { describe, expect, test } from 'vitest'
import { strEnviron } from '../../../../server/contract/python.ts'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { parseHead, SERVER } from '../../../helpers/request.ts'

const environ = (raw: string) => strEnviron(buildEnviron(parseHead(raw), SERVER, 'cheroot'))

describe('cheroot environ', () => {
  test('only comma_separated_headers join; Cookie and X-Forwarded-For keep the last value', () => {
    const e = environ(
      'GET / HTTP/1.1\r\nHost: h\r\nAccept: a\r\nAccept: b\r\nCookie: a=1\r\nCookie: b=2\r\n' +
        'X-Forwarded-For: 1.1.1.1\r\nX-Forwarded-For: 2.2.2.2\r\n\r\n'
    )
    expect(e.HTTP_ACCEPT).toBe('a, b')
    expect(e.HTTP_COOKIE).toBe('b=2')
    expect(e.HTTP_X_FORWARDED_FOR).toBe('2.2.2.2')
  })

  test('CONTENT_TYPE and CONTENT_LENGTH follow every HTTP_* key (wsgi.py:312-318)', () => {
    const e = environ(
      'POST / HTTP/1.1\r\nContent-Type: text/x\r\nContent-Length: 2\r\nHost: h\r\nX-A: 1\r\n\r\nhi'
    )
    expect(Object.keys(e).slice(-4)).toEqual([
      'HTTP_HOST',
      'HTTP_X_A',
      'CONTENT_TYPE',
      'CONTENT_LENGTH',
    ])
    expect(environ('GET / HTTP/1.1\r\nHost: h\r\n\r\n')).not.toHaveProperty('CONTENT_TYPE')
  })

  test('%2F stays escaped (upper-cased), the rest decodes to latin-1', () => {
    const e = environ('GET /a%2Fb/c%2fd/%FF HTTP/1.1\r\nHost: h\r\n\r\n')
    expect(e.PATH_INFO).toBe('/a%2Fb/c%2Fd/\u00ff')
    expect(e.SERVER_NAME).toBe('Cheroot/11.1.2')
  })

  test.each([
    ['GET /x#f HTTP/1.1', 400, 'Illegal #fragment'],
    ['GET http://h/x HTTP/1.1', 400, 'Absolute URI not allowed'],
    ['GET //h/x HTTP/1.1', 400, 'Absolute URI not allowed'],
    ['GET * HTTP/1.1', 400, 'Invalid path'],
  ])('%s is refused %i', (line, status, reason) => {
    expect(() => environ(`${line}\r\nHost: h\r\n\r\n`)).toThrow(reason)
    try {
      environ(`${line}\r\nHost: h\r\n\r\n`)
    } catch (error) {
      expect((error as { status?: number }).status).toBe(status)
    }
  })
})
