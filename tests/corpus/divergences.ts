/**
 * @module
 * The spec's corpus (T01–T112) and where this server knowingly differs from the Python
 * servers that produced it, each with its reason. Shared by the socket corpus test and
 * the differential test against CPython's wsgiref.
 */
import type { ProfileId } from '../../server/contract/profiles.ts'
import cases from './spec-corpus.json' with { type: 'json' }

export type CorpusCase = {
  id: string
  name: string
  title: string
  /** The raw request bytes, base64. */
  request: string
  /** profile → the status the real server answered, as the spec wrote it. */
  status: Record<string, string>
  /** profile → key → observed value (null: absent). */
  expect: Record<string, Record<string, string | null>>
}

export const corpus = cases as unknown as CorpusCase[]

export type Deviation = {
  profiles: ProfileId[]
  reason: string
  status: number
  values?: Record<string, string>
}

/**
 * Requests Node's HTTP parser (llhttp, strict mode) refuses before any profile sees them.
 * The echo answers 400 with llhttp's reason and code, and closes the connection.
 */
export const PARSER_REFUSES: Record<string, string> = {
  T09: 'raw non-ASCII bytes in the request-target',
  T10: 'raw non-ASCII bytes in the request-target',
  T18: 'raw non-ASCII bytes in the query',
  T34: 'origin-form without a leading /',
  T35: 'a target that is only a query',
  T36: 'a lowercase method',
  T38: 'HTTP/1.2',
  T40: 'HTTP/01.01',
  T42: 'a tab inside the target',
  T43: 'bare LF line endings',
  T49: 'a repeated Content-Length',
  T50: 'a non-numeric Content-Length',
  T51: 'Content-Length: +5',
  T54: 'an empty Content-Length',
  T57: 'Content-Length together with chunked (request smuggling guard)',
  T75: 'obs-fold continuation lines',
  T76: 'a header line without a colon',
  T77: 'whitespace before the colon',
  T79: 'a control character in a header value',
  T93: 'a non-ASCII header name',
  T94: 'a header line without a colon',
  T95: 'whitespace before the colon',
  T96: 'a tab before the colon',
  T97: 'Content-Length: -1',
  T101: 'whitespace after the HTTP version',
  T112: 'a lowercase http/1.1',
}

/** Where we knowingly differ for a request Node does accept: what we do instead, and why. */
export const DEVIATIONS: Record<string, Deviation> = {
  T03: {
    profiles: ['wsgiref', 'werkzeug'],
    reason: 'HTTP/0.9 request: Python replies without a status line; Node always writes one',
    status: 200,
    values: { SERVER_PROTOCOL: 'HTTP/0.9', PATH_INFO: '/nine' },
  },
  T39: {
    profiles: ['wsgiref', 'werkzeug'],
    reason:
      'HTTP/2.0 in an HTTP/1 line: Python sends an HTML 505 without a status line; we send a JSON 505',
    status: 505,
  },
  T41: {
    profiles: ['gunicorn', 'waitress'],
    reason:
      'two spaces in the request line: llhttp accepts them, gunicorn and waitress 3 answer 400 (the spacing never reaches a profile)',
    status: 200,
    values: { PATH_INFO: '/x' },
  },
  T44: {
    profiles: ['wsgiref', 'gunicorn', 'werkzeug'],
    reason:
      'a CRLF before the request line: llhttp skips it (RFC 9112 §2.2 allows that); Python closes or answers 400',
    status: 200,
    values: { PATH_INFO: '/lead' },
  },
  T53: {
    profiles: ['wsgiref', 'werkzeug'],
    reason:
      "llhttp strips trailing whitespace from header values, so Content-Length '3 ' arrives as '3'",
    status: 200,
    values: { CONTENT_LENGTH: '3' },
  },
  T73: {
    profiles: ['werkzeug'],
    reason: 'llhttp strips trailing whitespace from header values; Werkzeug keeps it',
    status: 200,
    values: { HTTP_X_WS: 'a  b' },
  },
  T68: {
    profiles: ['gunicorn'],
    reason:
      'gunicorn trusts a SCRIPT_NAME header from 127.0.0.1 by default; we trust no peer (spec: shape, not danger)',
    status: 200,
    values: { SCRIPT_NAME: '', PATH_INFO: '/app/page' },
  },
  T69: {
    profiles: ['gunicorn'],
    reason:
      'gunicorn keeps a PATH_INFO header from a trusted peer; we trust no peer, so the underscore name is dropped',
    status: 200,
    values: { PATH_INFO: '/real' },
  },
  T84: {
    profiles: ['gunicorn', 'waitress'],
    reason:
      'gunicorn trusts X-Forwarded-Proto from 127.0.0.1 by default, waitress 3 deletes it (clear_untrusted_proxy_headers=True); without --proxy-trust the echo applies no server trust, so it stays a plain header (--proxy-trust server-default clears it, tests/http/proxy-trust-waitress.test.ts)',
    status: 200,
    values: { 'wsgi.url_scheme': 'http', HTTP_X_FORWARDED_PROTO: 'https' },
  },
  T85: {
    profiles: ['gunicorn'],
    reason: 'gunicorn trusts X-Forwarded-Ssl from 127.0.0.1 by default; we trust no peer',
    status: 200,
    values: { 'wsgi.url_scheme': 'http' },
  },
  T86: {
    profiles: ['gunicorn'],
    reason:
      'gunicorn rejects conflicting trusted scheme headers; untrusted, they are plain headers',
    status: 200,
    values: { 'wsgi.url_scheme': 'http' },
  },
  T07: {
    profiles: ['waitress'],
    reason:
      'a repeated Host: the spec read waitress main, which refuses it (PR #484, unreleased); 3.0.2 joins the values',
    status: 200,
    values: { HTTP_HOST: 'a.example, b.example' },
  },
  T55: {
    profiles: ['waitress'],
    reason:
      'a repeated Content-Type: the spec read waitress main, which refuses it (PR #488, unreleased); 3.0.2 joins the values',
    status: 200,
    values: { CONTENT_TYPE: 'text/a, text/b' },
  },
  T87: {
    profiles: ['waitress'],
    reason:
      'waitress 3 deletes an untrusted X-Forwarded-Proto by default; without --proxy-trust the echo applies no server trust',
    status: 200,
    values: { 'wsgi.url_scheme': 'http', HTTP_X_FORWARDED_PROTO: 'HTTPS' },
  },
  T88: {
    profiles: ['waitress'],
    reason:
      'waitress 3 deletes an untrusted X-Forwarded-For by default; without --proxy-trust the echo applies no server trust',
    status: 200,
    values: { HTTP_X_FORWARDED_FOR: '1.1.1.1, 2.2.2.2, 3.3.3.3' },
  },
  T110: {
    profiles: ['wsgiref', 'gunicorn', 'werkzeug', 'waitress'],
    reason: 'HEAD: Node sends no body (as HTTP requires); wsgiref and Werkzeug send one anyway',
    status: 200,
  },
}
