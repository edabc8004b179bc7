/**
 * @module
 * Server profiles: how wsgiref, gunicorn and Werkzeug each build an environ, as data.
 *
 * One builder (environ.ts) reads these rules; there are no per-server copies of it. Every
 * rule cites the spec section that observed it. Where a real server trusts or leaks
 * something dangerous by default (wsgiref's copy of os.environ, gunicorn trusting proxy
 * headers and a `SCRIPT_NAME:` header from 127.0.0.1), the profile reproduces the environ's
 * shape but never the danger: nothing is trusted or copied unless the user opts in.
 */
import type { ProfileId } from '../contract/profiles.ts'

/** Where each request's fields go and which ones a profile refuses. */
export interface ServerProfile {
  readonly name: ProfileId
  /** One line for `--help` and the UI. */
  readonly summary: string
  readonly serverSoftware: string
  /**
   * Insertion order of the environ (spec §1.3). `@os` marks the copied OS environment,
   * `@headers` the request headers in wire order. Keys not listed are never set.
   */
  readonly order: readonly string[]
  /** How the request-target becomes PATH_INFO and QUERY_STRING (§3.2–3.7). */
  readonly target: {
    readonly split: 'question-mark' | 'urlsplit' | 'urlsplit-gunicorn'
    /** http.server's gh-87389 fix: `//a` → `/a` before anything else sees the path (§3.5). */
    readonly collapseLeadingSlashes: boolean
    readonly unquote: 'latin1' | 'werkzeug'
    /** Absolute-form `GET http://h/p` replaces HTTP_HOST with `h` (Werkzeug, §3.6). */
    readonly absoluteFormSetsHost: boolean
    /** gunicorn 26 answers 400 to `*` with any method but OPTIONS (§3.7). */
    readonly asteriskOnlyWithOptions: boolean
  }
  readonly headers: {
    /** Header names with `_` are dropped (gunicorn ≥22, Werkzeug ≥2.3) or kept (wsgiref) (§3.16). */
    readonly underscore: 'keep' | 'drop'
    /** wsgiref skips a header whose mapped name is already a key (`Remote-Addr`, `Http-Foo`) (§3.14). */
    readonly skipExistingKeys: boolean
    /** Headers that may appear once; a repeat is a 400 (gunicorn 26, §3.10, §3.13). */
    readonly singletons: readonly string[]
    /** More fields than this → 431 "Too many headers" (http.client's 100-line cap, §3.1). */
    readonly maxFields: number
  }
  /** wsgiref always sets these two, with these defaults, from the first matching header (§3.13). */
  readonly contentDefaults?: { readonly CONTENT_TYPE: string; readonly CONTENT_LENGTH: string }
  readonly serverName: 'fqdn' | 'bind-address'
  /** Werkzeug stores REMOTE_PORT as a Python int (§2): same text, fails check_environ. */
  readonly remotePortType: 'str' | 'int'
  /** Accepted request versions: `[min, max)` as major*10+minor; others get `status` (§3.1). */
  readonly versions: { readonly min: number; readonly below: number; readonly status: number }
  /** gunicorn refuses chunked bodies on HTTP/1.0 (§3.19). */
  readonly chunkedNeedsHttp11: boolean
  /** gunicorn answers 417 to an Expect other than 100-continue (§3.20). */
  readonly rejectUnknownExpectation: boolean
  /** `wsgi.input_terminated`: always set, or only for chunked bodies (§3.19). */
  readonly inputTerminated: 'always' | 'chunked'
  /** What Python's `str()` prints for the server's objects (§1.1). */
  readonly reprs: {
    readonly input: string
    readonly chunkedInput?: string
    readonly errors: string
    readonly fileWrapper?: string
    readonly earlyHints?: string
  }
  /** Extension key holding the client socket's repr, if the server sets one. */
  readonly socketKey?: 'gunicorn.socket' | 'werkzeug.socket'
}

// Python prints object addresses; ours are fixed fakes in the same 0x7f… shape (spec §7.3).
const STDERR = "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>"
const BUFFERED_READER = '<_io.BufferedReader name={fd}>'

export const WSGIREF: ServerProfile = {
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
    asteriskOnlyWithOptions: false,
  },
  headers: { underscore: 'keep', skipExistingKeys: true, singletons: [], maxFields: 99 },
  contentDefaults: { CONTENT_TYPE: 'text/plain', CONTENT_LENGTH: '' },
  serverName: 'fqdn',
  remotePortType: 'str',
  versions: { min: 9, below: 20, status: 505 },
  chunkedNeedsHttp11: false,
  rejectUnknownExpectation: false,
  inputTerminated: 'chunked',
  reprs: {
    input: BUFFERED_READER,
    errors: STDERR,
    fileWrapper: "<class 'wsgiref.util.FileWrapper'>",
  },
}

export const GUNICORN: ServerProfile = {
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
    asteriskOnlyWithOptions: true,
  },
  headers: {
    underscore: 'drop',
    skipExistingKeys: false,
    singletons: ['HOST', 'CONTENT_TYPE', 'CONTENT_LENGTH'],
    maxFields: 100,
  },
  serverName: 'bind-address',
  remotePortType: 'str',
  versions: { min: 10, below: 20, status: 400 },
  chunkedNeedsHttp11: true,
  rejectUnknownExpectation: true,
  inputTerminated: 'always',
  reprs: {
    input: '<gunicorn.http.body.Body object at 0x7f0000001010>',
    errors: '<gunicorn.http.wsgi.WSGIErrorsWrapper object at 0x7f0000001020>',
    fileWrapper: "<class 'gunicorn.http.wsgi.FileWrapper'>",
    earlyHints: '<function _make_early_hints_callback.<locals>.send_early_hints at 0x7f0000001030>',
  },
  socketKey: 'gunicorn.socket',
}

export const WERKZEUG: ServerProfile = {
  name: 'werkzeug',
  summary: "Werkzeug 3.x development server (Flask's `flask run`), threaded=False",
  serverSoftware: 'Werkzeug/3.1.3',
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
    asteriskOnlyWithOptions: false,
  },
  headers: { underscore: 'drop', skipExistingKeys: false, singletons: [], maxFields: 99 },
  serverName: 'bind-address',
  remotePortType: 'int',
  versions: { min: 9, below: 20, status: 505 },
  chunkedNeedsHttp11: false,
  rejectUnknownExpectation: false,
  inputTerminated: 'chunked',
  reprs: {
    input: BUFFERED_READER,
    chunkedInput: '<werkzeug.serving.DechunkedInput object at 0x7f0000002010>',
    errors: STDERR,
  },
  socketKey: 'werkzeug.socket',
}

export const PROFILES: Readonly<Record<ProfileId, ServerProfile>> = {
  wsgiref: WSGIREF,
  gunicorn: GUNICORN,
  werkzeug: WERKZEUG,
}
