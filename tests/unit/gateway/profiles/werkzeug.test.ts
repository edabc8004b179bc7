/**
 * The werkzeug profile: its key order and what it does its own way. The rules it shares with
 * the other servers are in ../environ.test.ts, one row per rule and a column per server.
 */
import { describe, expect, test } from 'vitest'
import { pyStr } from '../../../../server/contract/python.ts'
import { buildEnviron } from '../../../../server/gateway/environ.ts'
import { parseHead, SERVER } from '../../../helpers/request.ts'
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

  // serving.py:224 (3.1.8): `"chunked" in parse_set_header(environ.get("HTTP_TRANSFER_ENCODING"))`
  const DECHUNKED = '<werkzeug.serving.DechunkedInput object at 0x7f0000002010>'
  test.each([
    ['chunked', DECHUNKED, true],
    ['CHUNKED', DECHUNKED, true],
    ['gzip, chunked', DECHUNKED, true], // 3.1.7 "Transfer-Encoding is parsed as a set"
    ['gzip', '<_io.BufferedReader name=4>', undefined],
  ])('Transfer-Encoding: %s → wsgi.input %s, input_terminated %s', (coding, input, terminated) => {
    const raw = `POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ${coding}\r\n\r\n`
    const environ = buildEnviron(parseHead(raw), SERVER, 'werkzeug')
    expect(pyStr(environ['wsgi.input'] ?? null)).toBe(input)
    expect(environ['wsgi.input_terminated']).toBe(terminated)
  })

  test('SERVER_SOFTWARE names the release modelled', () => {
    expect(buildEnviron(REQUEST, SERVER, 'werkzeug').SERVER_SOFTWARE).toBe('Werkzeug/3.1.8')
  })
})
