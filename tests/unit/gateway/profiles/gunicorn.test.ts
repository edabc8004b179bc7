/**
 * The gunicorn profile: its key order and what it does its own way. The rules it shares with
 * the other servers are in ../environ.test.ts, one row per rule and a column per server.
 */
import { describe, expect, test } from 'vitest'
import { pyStr } from '../../../../server/contract/python.ts'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { RequestRejected } from '../../../../server/gateway/errors.ts'
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

  /** The status gunicorn's profile answers `raw` with, or 200 when it builds the environ. */
  const statusOf = (raw: string): number => {
    try {
      buildEnviron(parseHead(raw), SERVER, 'gunicorn')
      return 200
    } catch (error) {
      if (error instanceof RequestRejected) return error.status
      throw error
    }
  }
  /** A request line exactly `length` bytes long, CRLF left out. */
  const lineOf = (length: number) => `GET /${'a'.repeat(length - 14)} HTTP/1.1`

  test('limit_request_line 4094: a longer request line is 400, before the version is read', () => {
    expect(lineOf(4094)).toHaveLength(4094)
    expect(statusOf(`${lineOf(4094)}\r\nHost: h\r\n\r\n`)).toBe(200)
    expect(statusOf(`${lineOf(4095)}\r\nHost: h\r\n\r\n`)).toBe(400)
    const http2 = `${lineOf(4095).replace('HTTP/1.1', 'HTTP/2.0')}\r\nHost: h\r\n\r\n`
    expect(() => buildEnviron(parseHead(http2), SERVER, 'gunicorn')).toThrow(
      'Request Line is too large (4095 > 4094)'
    )
  })

  test('limit_request_field_size 8190: a longer header line, CRLF counted, is 431', () => {
    // `X-Long: ` + value + CRLF
    const field = (length: number) => `X-Long: ${'a'.repeat(length - 10)}`
    expect(statusOf(`GET / HTTP/1.1\r\nHost: h\r\n${field(8190)}\r\n\r\n`)).toBe(200)
    expect(statusOf(`GET / HTTP/1.1\r\nHost: h\r\n${field(8191)}\r\n\r\n`)).toBe(431)
    // a dropped name (underscore) still counts, as gunicorn sizes a line before its policy
    const dropped = `X_Long: ${'a'.repeat(8181)}`
    expect(statusOf(`GET / HTTP/1.1\r\nHost: h\r\n${dropped}\r\n\r\n`)).toBe(431)
  })

  test('limit_request_fields 100 counts the kept headers before each line: a dropped `_` name is free', () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `X-${i}: v\r\n`).join('')
    expect(statusOf(`GET / HTTP/1.1\r\n${fields(100)}\r\n`)).toBe(200)
    expect(statusOf(`GET / HTTP/1.1\r\n${fields(101)}\r\n`)).toBe(431)
    // 101 lines, one of them dropped: refused only when 100 kept ones come before a line
    expect(statusOf(`GET / HTTP/1.1\r\nX_U: v\r\n${fields(100)}\r\n`)).toBe(200)
    expect(statusOf(`GET / HTTP/1.1\r\n${fields(100)}X_U: v\r\n\r\n`)).toBe(431)
  })
})
