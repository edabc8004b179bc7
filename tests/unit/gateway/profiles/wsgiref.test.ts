/**
 * The wsgiref profile: its key order and what it does its own way. The rules it shares with
 * the other servers are in ../environ.test.ts, one row per rule and a column per server.
 */
import { describe, expect, test } from 'vitest'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { parseHead, SERVER } from '../../../helpers/request.ts'
import { REQUEST } from './request.ts'

const SERVER_REMOTE = parseHead('GET / HTTP/1.1\r\n\r\n').remoteAddress

describe('wsgiref (spec §1.3)', () => {
  test('wsgiref: CGI keys, headers, then wsgi.*', () => {
    expect(Object.keys(buildEnviron(REQUEST, SERVER, 'wsgiref'))).toEqual([
      'SERVER_NAME',
      'GATEWAY_INTERFACE',
      'SERVER_PORT',
      'REMOTE_HOST',
      'CONTENT_LENGTH',
      'SCRIPT_NAME',
      'SERVER_PROTOCOL',
      'SERVER_SOFTWARE',
      'REQUEST_METHOD',
      'PATH_INFO',
      'QUERY_STRING',
      'REMOTE_ADDR',
      'CONTENT_TYPE',
      'HTTP_HOST',
      'HTTP_USER_AGENT',
      'HTTP_X_Z',
      'wsgi.input',
      'wsgi.errors',
      'wsgi.version',
      'wsgi.run_once',
      'wsgi.url_scheme',
      'wsgi.multithread',
      'wsgi.multiprocess',
      'wsgi.file_wrapper',
    ])
  })

  test('skips a header that maps to a key it set before the headers', () => {
    const request = parseHead('GET / HTTP/1.1\r\nRemote-Addr: 6.6.6.6\r\nHost: h\r\n\r\n')
    expect(buildEnviron(request, SERVER, 'wsgiref').REMOTE_ADDR).toBe(SERVER_REMOTE)
  })
})
