/**
 * @module
 * Werkzeug's development server (Flask's `flask run`), threaded=False.
 *
 * It runs `urllib.parse.urlsplit` on the target (the fragment dropped, an absolute-form
 * authority becomes HTTP_HOST), decodes the path as UTF-8 with replacement characters, drops
 * header names with `_`, stores REMOTE_PORT as an int, and de-chunks a body whose
 * Transfer-Encoding lists `chunked` (`gzip, chunked` too: `parse_set_header` since 3.1.7).
 *
 * @see https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py (make_environ)
 */

import { BUFFERED_READER, STDERR } from './cpython.ts'
import { REMOTE_PORT_INT, SOCKET_OBJECT } from './key-rules.ts'
import { WERKZEUG_PARSER } from './parser/werkzeug.ts'
import { atMostHeaders, versionsBetween } from './refusals.ts'
import type { WsgiProfile } from './types.ts'

export const WERKZEUG: WsgiProfile = {
  name: 'werkzeug',
  summary: "Werkzeug 3.1.8 development server (Flask's `flask run`), threaded=False",
  serverSoftware: 'Werkzeug/3.1.8',
  order: [
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
    '@headers',
    'wsgi.input_terminated',
  ],
  target: {
    split: 'urlsplit',
    collapseLeadingSlashes: true,
    unquote: 'werkzeug',
    absoluteFormSetsHost: true,
  },
  headers: { underscore: 'drop', skipExistingKeys: false, singletons: [] },
  serverName: 'bind-address',
  reprs: {
    input: BUFFERED_READER,
    chunkedInput: '<werkzeug.serving.DechunkedInput object at 0x7f0000002010>',
    errors: STDERR,
  },
  keys: {
    'werkzeug.socket': SOCKET_OBJECT,
    // the same text as str(port), but an int: fails check_environ (spec §2)
    REMOTE_PORT: REMOTE_PORT_INT,
  },
  parser: WERKZEUG_PARSER,
  refusals: [versionsBetween(9, 20, 505), atMostHeaders(99)],
}
