/**
 * @module
 * gunicorn 26.x with its default sync worker: strict RFC 9112 parsing.
 *
 * It splits the target with `urlsplit` but reads a leading `//` as a path, drops header
 * names with `_`, refuses a repeated Host, Content-Type or Content-Length, a `*` target
 * with any method but OPTIONS, an Expect other than 100-continue, chunked bodies on
 * HTTP/1.0, a request line over 4094 bytes (400) and a header line over 8190 (431). Real
 * gunicorn trusts proxy headers and a `SCRIPT_NAME:` header from 127.0.0.1 by default; this
 * profile reproduces the environ's shape, never that trust.
 *
 * @see https://github.com/benoitc/gunicorn/blob/master/gunicorn/http/wsgi.py
 */

import { constantKey, pyObjectKey, SOCKET_OBJECT } from './key-rules.ts'
import { GUNICORN_PARSER } from './parser/gunicorn.ts'
import { headerLinesAtMost, requestLineAtMost, versionsBetween } from './refusals.ts'
import type { RefusalRule, WsgiProfile } from './types.ts'

/** gunicorn answers 400 to `*` with any method but OPTIONS (§3.7). */
const asteriskOnlyWithOptions: RefusalRule = ({ request }) =>
  request.target === '*' && request.method !== 'OPTIONS'
    ? { status: 400, reason: 'Invalid request target: * is only allowed with OPTIONS' }
    : undefined

/**
 * limit_request_fields 100 (message.py:322) is checked before each header line against the
 * headers kept so far: a dropped `_` name does not count, nor does the last line. (A `_` name a
 * trusted forwarder may send is kept, and not counted here: a 100-header edge.)
 */
const atMostKeptHeaders: RefusalRule = ({ request }) => {
  const raw = request.rawHeaders
  let kept = 0
  for (let i = 0; i < raw.length - 2; i += 2) if (!(raw[i] as string).includes('_')) kept++
  return kept >= 100
    ? { status: 431, reason: 'Error parsing headers: limit request headers fields' }
    : undefined
}

/** gunicorn answers 417 to an Expect other than 100-continue (§3.20). */
const onlyContinueExpected: RefusalRule = ({ headers }) =>
  headers.expect !== undefined && headers.expect.toLowerCase() !== '100-continue'
    ? { status: 417, reason: `Unknown expectation: ${headers.expect}` }
    : undefined

/** gunicorn refuses chunked bodies on HTTP/1.0 (§3.19). */
const chunkedNeedsHttp11: RefusalRule = ({ headers, version }) =>
  headers.chunked && version < 11
    ? { status: 400, reason: 'Transfer-Encoding: chunked is not allowed in HTTP/1.0' }
    : undefined

export const GUNICORN: WsgiProfile = {
  name: 'gunicorn',
  summary: 'gunicorn 26.x, sync worker (strict RFC 9112 parsing)',
  serverSoftware: 'gunicorn/26.1.0',
  order: [
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
    '@headers',
    'wsgi.url_scheme',
    'REMOTE_ADDR',
    'REMOTE_PORT',
    'SERVER_NAME',
    'SERVER_PORT',
    'PATH_INFO',
    'SCRIPT_NAME',
    'wsgi.early_hints',
  ],
  target: {
    split: 'urlsplit-gunicorn',
    collapseLeadingSlashes: false,
    unquote: 'latin1',
    absoluteFormSetsHost: false,
  },
  headers: {
    underscore: 'drop',
    skipExistingKeys: false,
    singletons: ['HOST', 'CONTENT_TYPE', 'CONTENT_LENGTH'],
  },
  serverName: 'bind-address',
  trust: 'gunicorn',
  reprs: {
    input: '<gunicorn.http.body.Body object at 0x7f0000001010>',
    errors: '<gunicorn.http.wsgi.WSGIErrorsWrapper object at 0x7f0000001020>',
  },
  keys: {
    'wsgi.file_wrapper': pyObjectKey("<class 'gunicorn.http.wsgi.FileWrapper'>"),
    // every body ends where wsgi.input ends, chunked or not
    'wsgi.input_terminated': constantKey(true),
    'gunicorn.socket': SOCKET_OBJECT,
    'wsgi.early_hints': pyObjectKey(
      '<function _make_early_hints_callback.<locals>.send_early_hints at 0x7f0000001030>'
    ),
  },
  // the order gunicorn's parser meets them: request line, header count, then the headers' content
  parser: GUNICORN_PARSER,
  refusals: [
    // limit_request_line 4094: read_line refuses before parsing the line, as 400
    requestLineAtMost(4094, 400),
    versionsBetween(10, 20, 400),
    asteriskOnlyWithOptions,
    atMostKeptHeaders,
    // limit_request_field_size 8190, LimitRequestHeaders → 431 (workers/base.py)
    headerLinesAtMost(8190, 431),
    onlyContinueExpected,
    chunkedNeedsHttp11,
  ],
}
