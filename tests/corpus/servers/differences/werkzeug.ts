/**
 * @module
 * werkzeug profile (3.1.8 dev server) vs Debian's Werkzeug 2.2.2, tests/corpus/servers/werkzeug.json.
 * Source lines are pallets/werkzeug src/werkzeug/serving.py at tag 3.1.8.
 */
import { EVERY_ECHO, type ProfileDifferences } from './types.ts'

/** The one change to make_environ between 3.1.3 and 3.1.8 (git diff 3.1.3 3.1.8 -- serving.py). */
const TE_AS_SET =
  'Werkzeug 3.1.7 CHANGES.rst: "Transfer-Encoding is parsed as a set" (PR #3134): serving.py:224 `if "chunked" in parse_set_header(environ.get("HTTP_TRANSFER_ENCODING"))` de-chunks `gzip, chunked`; 2.2.2 (and 3.1.6) de-chunk only a value that is exactly `chunked`'

const differences: ProfileDifferences = {
  fixture: 'werkzeug',
  differences: [
    {
      cases: EVERY_ECHO,
      key: 'SERVER_SOFTWARE',
      ours: 'Werkzeug/3.1.8',
      debian: 'Werkzeug/2.2.2',
      why: 'serving.py:813 `Werkzeug/{version}`: the profile models 3.1.8, Debian ships 2.2.2',
    },
    {
      cases: ['T59'],
      key: 'wsgi.input',
      ours: '<werkzeug.serving.DechunkedInput object at 0x<addr>>',
      debian: '<_io.BufferedReader name=<fd>>',
      why: TE_AS_SET,
    },
    {
      cases: ['T59'],
      key: 'wsgi.input_terminated',
      ours: 'True',
      debian: null,
      why: TE_AS_SET,
    },
    {
      cases: ['T33'],
      key: 'PATH_INFO',
      ours: '443',
      debian: 'example.com:443',
      why: "Werkzeug 2.3.0 parses the target with urllib.parse.urlsplit (serving.py:169, commit a6bae8f4, issue #2600): `example.com:443` is scheme `example.com`, path `443`; 2.2.2's url_parse kept it whole",
    },
    {
      cases: ['T53'],
      key: 'CONTENT_LENGTH',
      ours: '3',
      debian: '3 ',
      why: 'llhttp strips trailing whitespace from header values before any profile sees them (tests/corpus/divergences.ts T53/T73); Debian 2.2.2 keeps it',
    },
    {
      cases: ['T65'],
      key: 'HTTP_X_AUTH_USER',
      ours: 'dash',
      debian: 'dash,underscore',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['T66'],
      key: 'HTTP_X_AUTH_USER',
      ours: 'dash',
      debian: 'underscore,dash',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['T67'],
      key: 'CONTENT_TYPE',
      ours: null,
      debian: 'evil/type',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['T67'],
      key: 'CONTENT_LENGTH',
      ours: null,
      debian: '99',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['T68'],
      key: 'HTTP_SCRIPT_NAME',
      ours: null,
      debian: '/app',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['T69'],
      key: 'HTTP_PATH_INFO',
      ours: null,
      debian: '/fake',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['T73'],
      key: 'HTTP_X_WS',
      ours: 'a  b',
      debian: 'a  b \t ',
      why: 'llhttp strips trailing whitespace from header values before any profile sees them (tests/corpus/divergences.ts T53/T73); Debian 2.2.2 keeps it',
    },
    {
      cases: ['P07'],
      key: 'HTTP_X_FORWARDED_FOR',
      ours: null,
      debian: '6.6.6.6',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['P07'],
      key: 'HTTP_X_FORWARDED_PROTO',
      ours: null,
      debian: 'https',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
    {
      cases: ['P07'],
      key: 'HTTP_X_REAL_IP',
      ours: null,
      debian: '7.7.7.7',
      why: 'Werkzeug 2.3.0 CHANGES.rst: "The development server discards header keys that contain underscores" (serving.py:213 `if "_" in key: continue`); Debian 2.2.2 maps them',
    },
  ],
}

export default differences
