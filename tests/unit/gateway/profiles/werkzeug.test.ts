/**
 * The werkzeug profile: its key order and what it does its own way. The rules it shares with
 * the other servers are in ../environ.test.ts, one row per rule and a column per server.
 */
import { describe, expect, test } from 'vitest'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { SERVER } from '../../../helpers/request.ts'
import { REQUEST } from './request.ts'

describe('werkzeug (spec §1.3)', () => {
  test('werkzeug: wsgi.* first, then CGI keys, then headers', () => {
    expect(Object.keys(buildEnviron(REQUEST, SERVER, 'werkzeug'))).toEqual([
      'wsgi.version',
      'wsgi.url_scheme',
      'wsgi.input',
      'wsgi.errors',
      'wsgi.multithread',
      'wsgi.multiprocess',
      'wsgi.run_once',
      'werkzeug.socket',
      'SERVER_SOFTWARE',
      'REQUEST_METHOD',
      'SCRIPT_NAME',
      'PATH_INFO',
      'QUERY_STRING',
      'REQUEST_URI',
      'RAW_URI',
      'REMOTE_ADDR',
      'REMOTE_PORT',
      'SERVER_NAME',
      'SERVER_PORT',
      'SERVER_PROTOCOL',
      'HTTP_HOST',
      'HTTP_USER_AGENT',
      'CONTENT_TYPE',
      'CONTENT_LENGTH',
      'HTTP_X_Z',
    ])
  })

  test('keeps REMOTE_PORT a Python int', () => {
    expect(typeof buildEnviron(REQUEST, SERVER, 'werkzeug').REMOTE_PORT).toBe('number')
  })
})
