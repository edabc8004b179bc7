/**
 * @module
 * CPython's `wsgiref.simple_server`: the reference server, and the most permissive.
 *
 * It splits the target at the first `?` (fragment and absolute-form URL kept in PATH_INFO),
 * keeps header names with `_`, skips a header whose name maps to a key it already set, and
 * always sets CONTENT_TYPE and CONTENT_LENGTH. Its copy of `os.environ` is reproduced only
 * with `--os-environ`: nothing of the server's own environment leaks by default.
 *
 * @see https://github.com/python/cpython/blob/3.11/Lib/wsgiref/simple_server.py
 */

import { BUFFERED_READER, STDERR } from './cpython.ts'
import { pyObjectKey } from './key-rules.ts'
import { WSGIREF_PARSER } from './parser/wsgiref.ts'
import { atMostHeaders, versionsBetween } from './refusals.ts'
import type { WsgiProfile } from './types.ts'

export const WSGIREF: WsgiProfile = {
  name: 'wsgiref',
  summary: "CPython's wsgiref.simple_server (the reference; most permissive)",
  serverSoftware: 'WSGIServer/0.2',
  order: [
    '@os',
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
    '@headers',
    'wsgi.input',
    'wsgi.errors',
    'wsgi.version',
    'wsgi.run_once',
    'wsgi.url_scheme',
    'wsgi.multithread',
    'wsgi.multiprocess',
    'wsgi.file_wrapper',
  ],
  target: {
    split: 'question-mark',
    collapseLeadingSlashes: true,
    unquote: 'latin1',
    absoluteFormSetsHost: false,
  },
  headers: { underscore: 'keep', skipExistingKeys: true, singletons: [] },
  contentDefaults: { CONTENT_TYPE: 'text/plain', CONTENT_LENGTH: '' },
  serverName: 'fqdn',
  reprs: { input: BUFFERED_READER, errors: STDERR },
  keys: {
    'wsgi.file_wrapper': pyObjectKey("<class 'wsgiref.util.FileWrapper'>"),
  },
  // http.server: the request line's version first, then http.client's 100-line header cap
  parser: WSGIREF_PARSER,
  refusals: [versionsBetween(9, 20, 505), atMostHeaders(99)],
}
