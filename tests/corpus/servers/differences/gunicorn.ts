/**
 * @module
 * gunicorn profile (26.1.0, sync worker) vs Debian's python3-gunicorn 20.1.0-6+deb12u1 (with
 * the CVE-2024-1135 backport), tests/corpus/servers/gunicorn.json. Source lines are
 * benoitc/gunicorn at tag 26.1.0 (919b8b86); changelog entries are docs/content/news.md.
 * The fixture ran Debian's defaults, which trust proxy headers from 127.0.0.1; the echo
 * trusts no peer unless `--proxy-trust` says so (tests/http/proxy-trust.test.ts compares
 * that against Debian's gunicorn).
 */
import { type Difference, EVERY_ECHO, type ProfileDifferences } from './types.ts'

const TRAILING_WHITESPACE =
  'commit 2bc931e7 \'whitespace handling in header field values: Strip whitespace also *after* header field value\' (first in 23.0.0): http/message.py:346 `value.strip(" \\t")`; 20.1\'s message.py:99 is `value.lstrip(" \\t")`. llhttp strips the same before the profile sees it'

/** What the current release sets on every request and 20.1 did not. */
const releaseKeys: Difference[] = [
  {
    cases: EVERY_ECHO,
    key: 'SERVER_SOFTWARE',
    ours: 'gunicorn/26.1.0',
    debian: 'gunicorn/20.1.0',
    why: '__init__.py:5-8 `SERVER_SOFTWARE = "%s/%s" % (SERVER, __version__)`, version_info (26, 1, 0): the profile models 26.1.0, Debian ships 20.1.0',
  },
  {
    cases: EVERY_ECHO,
    key: 'wsgi.early_hints',
    ours: '<function _make_early_hints_callback.<locals>.send_early_hints at 0x<addr>>',
    debian: null,
    why: "news.md 25.0.0 'HTTP 103 Early Hints' (PR #3468): \"WSGI: environ['wsgi.early_hints'](headers) callback\"; http/wsgi.py:277-278 sets it on every request",
  },
]

/** Requests 20.1 served and the current release refuses. */
const newRefusals: Difference[] = [
  {
    cases: ['T07', 'T55'],
    key: '(status)',
    ours: '400',
    debian: '200',
    why: "news.md 26.1.0 'Duplicate Host and Content-Type headers accepted' (#3366, PR #3548): http/message.py:154-157 RFC9110_5_3_SINGLETON_FIELDS, :251-254 `raise InvalidHeader(name)` on a repeat",
  },
  {
    cases: ['T32', 'T109'],
    key: '(status)',
    ours: '400',
    debian: '200',
    why: 'news.md 26.0.0 Security \'Reject asterisk-form request-target outside OPTIONS\' (commit 82d33d4c): http/message.py:880 `if self.uri == "*" and self.method != "OPTIONS"` → InvalidRequestLine',
  },
  {
    cases: ['T39'],
    key: '(status)',
    ours: '400',
    debian: '200',
    why: "news.md 22.0.0 'HTTP versions < 1.0 or >= 2.0 are no longer accepted by default': http/message.py:905 `if not (1, 0) <= self.version < (2, 0)` → InvalidHTTPVersion",
  },
  {
    cases: ['T60'],
    key: '(status)',
    ours: '417',
    debian: '200',
    why: "commit 88d503ba 'HTTP/1.0 - ignore Expect: 100-continue … refuse requests with unknown expectations' (first in 25.0.0): http/message.py:269 `raise ExpectationFailed(value)`, workers/base.py:236-239 → 417",
  },
]

const differences: ProfileDifferences = {
  fixture: 'gunicorn',
  differences: [
    ...releaseKeys,
    ...newRefusals,
    {
      cases: ['T157a', 'T159'],
      key: '(status)',
      ours: '431',
      debian: '400',
      why: "commit 6766c086 'Fix HTTP status code for Request Header Fields Too Large' (first in 21.0.0): workers/base.py:240-243 answers LimitRequestHeaders (more than limit_request_fields 100, or a line over limit_request_field_size 8190) with 431; 20.1 answers 400",
    },
    {
      cases: ['T59'],
      key: '(status)',
      ours: '200',
      debian: '500',
      why: "news.md 23.0.0 'permit receiving Transfer-Encodings: compress, deflate, gzip' and 'permit Transfer-Encoding headers specifying multiple encodings' (PR #3261): http/message.py:390-402 reads `gzip, chunked` as a list ending in chunked. Debian's CVE-2024-1135 backport (20.1 message.py:137-162) raises UnsupportedTransferCoding, which 20.1's workers/base.py:208-214 does not list, so it becomes a 500",
    },
    {
      cases: ['T53'],
      key: 'CONTENT_LENGTH',
      ours: '3',
      debian: '3 ',
      why: TRAILING_WHITESPACE,
    },
    {
      cases: ['T73'],
      key: 'HTTP_X_WS',
      ours: 'a  b',
      debian: 'a  b \t ',
      why: TRAILING_WHITESPACE,
    },
    ...underscoreNames(),
    ...nodeParser(),
    ...debianTrust(),
  ],
}

/** Header names with `_`: 20.1 maps them, the current release drops them (header_map). */
function underscoreNames(): Difference[] {
  const why =
    "news.md 22.0.0 'HTTP header field names Gunicorn cannot safely map to variables are silently dropped': http/message.py:286-294, `header_map` default 'drop' (config.py:2760-2765); 20.1 maps `X_Auth_User` to HTTP_X_AUTH_USER"
  const dropped = (cases: string[], key: string, debian: string): Difference => ({
    cases,
    key,
    ours: null,
    debian,
    why,
  })
  return [
    { cases: ['T65'], key: 'HTTP_X_AUTH_USER', ours: 'dash', debian: 'dash,underscore', why },
    { cases: ['T66'], key: 'HTTP_X_AUTH_USER', ours: 'dash', debian: 'underscore,dash', why },
    dropped(['T67'], 'HTTP_CONTENT_TYPE', 'evil/type'),
    dropped(['T67'], 'HTTP_CONTENT_LENGTH', '99'),
    dropped(['P07'], 'HTTP_X_FORWARDED_FOR', '6.6.6.6'),
    dropped(['P07'], 'HTTP_X_FORWARDED_PROTO', 'https'),
    dropped(['P07'], 'HTTP_X_REAL_IP', '7.7.7.7'),
  ]
}

/** Bytes Node's parser handles before any profile runs; the parser verdicts state gunicorn's answer. */
function nodeParser(): Difference[] {
  return [
    {
      cases: ['T41', 'T44'],
      key: '(status)',
      ours: '200',
      debian: '400',
      why: "gunicorn (20.1 and 26.1.0) reads the line up to the first CRLF and splits it on single spaces (http/message.py:634-642, :842-844, :876): two spaces leave an empty target, a leading CRLF an empty line, both InvalidRequestLine 400. Node's parser takes both and hands the gateway a normal request line. The parser verdicts 'extra-space-in-request-line' and 'leading-crlf' state gunicorn's answer.",
    },
    {
      cases: ['P05'],
      key: '(status)',
      ours: '0',
      debian: '400',
      why: "gunicorn reads the request line as soon as it ends and refuses a two-word (HTTP/0.9) line at once (http/message.py:842-844, InvalidRequestLine); Node's parser waits for the empty line that ends a head, so the gateway never sees these bytes and the harness times out (0). The parser verdict 'http-0.9' states gunicorn's answer.",
    },
  ]
}

/**
 * Debian's defaults trust 127.0.0.1: forwarded_allow_ips "127.0.0.1,::1" (config.py:1352-1358),
 * secure_scheme_headers X-Forwarded-Proto/-Ssl/-Protocol (config.py:1320-1327) and
 * forwarder_headers SCRIPT_NAME,PATH_INFO (config.py:2739-2744), so the observer's headers
 * from 127.0.0.1 were believed. The echo trusts no peer unless told.
 */
function debianTrust(): Difference[] {
  const why = (what: string) =>
    `${what}; Debian's run trusts 127.0.0.1 by default (forwarded_allow_ips "127.0.0.1,::1", config.py:1352-1358), the echo trusts no peer: \`--proxy-trust server-default\` gives gunicorn's own default (tests/http/proxy-trust.test.ts)`
  const scheme = why(
    'secure_scheme_headers (config.py:1320-1327) set wsgi.url_scheme from a trusted peer (http/message.py:271-279)'
  )
  const forwarder = why(
    'forwarder_headers SCRIPT_NAME,PATH_INFO (config.py:2739-2744) keep these `_` names from a trusted peer (http/message.py:286-290), and http/wsgi.py:207-208 takes SCRIPT_NAME from the header'
  )
  return [
    {
      cases: ['T84', 'T85', 'XF', 'P16'],
      key: 'wsgi.url_scheme',
      ours: 'http',
      debian: 'https',
      why: scheme,
    },
    {
      cases: ['T86'],
      key: '(status)',
      ours: '200',
      debian: '400',
      why: why(
        'X-Forwarded-Proto https with X-Forwarded-Ssl off from a trusted peer is InvalidSchemeHeaders, 400 (http/message.py:274-276)'
      ),
    },
    { cases: ['T68'], key: 'HTTP_SCRIPT_NAME', ours: null, debian: '/app', why: forwarder },
    { cases: ['T68'], key: 'SCRIPT_NAME', ours: '', debian: '/app', why: forwarder },
    { cases: ['T68'], key: 'PATH_INFO', ours: '/app/page', debian: '/page', why: forwarder },
    { cases: ['T69'], key: 'HTTP_PATH_INFO', ours: null, debian: '/fake', why: forwarder },
  ]
}

export default differences
