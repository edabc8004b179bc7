/**
 * The gunicorn profile: its key order and what it does its own way. The rules it shares with
 * the other servers are in ../environ.test.ts, one row per rule and a column per server.
 */
import { describe, expect, test } from 'vitest'
import { pyStr } from '../../../../server/contract/python.ts'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { parseHead, SERVER } from '../../../helpers/request.ts'
import { REQUEST } from './request.ts'

describe('gunicorn (spec §1.3)', () => {
  test('gunicorn: wsgi.* first, headers in wire order with CONTENT_* among them', () => {
    expect(Object.keys(buildEnviron(REQUEST, SERVER, 'gunicorn'))).toEqual([
      'wsgi.errors',
      'wsgi.version',
      'wsgi.multithread',
      'wsgi.multiprocess',
      'wsgi.run_once',
      'wsgi.file_wrapper',
      'wsgi.input_terminated',
      'SERVER_SOFTWARE',
      'wsgi.input',
      'gunicorn.socket',
      'REQUEST_METHOD',
      'QUERY_STRING',
      'RAW_URI',
      'SERVER_PROTOCOL',
      'HTTP_HOST',
      'HTTP_USER_AGENT',
      'CONTENT_TYPE',
      'CONTENT_LENGTH',
      'HTTP_X_Z',
      'wsgi.url_scheme',
      'REMOTE_ADDR',
      'REMOTE_PORT',
      'SERVER_NAME',
      'SERVER_PORT',
      'PATH_INFO',
      'SCRIPT_NAME',
      'wsgi.early_hints',
    ])
  })

  test('refuses in the order its parser meets the problems: the target before the header count', () => {
    const headers = Array.from({ length: 101 }, (_, i) => `X-${i}: v\r\n`).join('')
    const build = () =>
      buildEnviron(parseHead(`GET * HTTP/1.1\r\n${headers}\r\n`), SERVER, 'gunicorn')
    expect(build).toThrow('Invalid request target: * is only allowed with OPTIONS')
  })

  test('sets its own keys: the socket object, early hints, input always terminated', () => {
    const environ = buildEnviron(REQUEST, SERVER, 'gunicorn')
    expect(pyStr(environ['gunicorn.socket'] ?? null)).toMatch(/^<socket\.socket fd=/)
    expect(environ['wsgi.input_terminated']).toBe(true)
    expect(pyStr(environ['wsgi.early_hints'] ?? null)).toMatch(
      /^<function _make_early_hints_callback/
    )
  })
})
