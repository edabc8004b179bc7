/**
 * @module
 * Split a request-target into path and query the way each Python server does (spec §3.2–3.7).
 *
 * wsgiref splits at the first `?` and keeps any `#fragment`; gunicorn and Werkzeug run
 * `urllib.parse.urlsplit`, which drops the fragment and peels off `scheme://netloc` of an
 * absolute-form target. Percent-decoding always works on bytes, and the bytes are then read
 * as latin-1, the PEP 3333 "native string" rule.
 */
import { latin1Bytes, latin1Text } from '../contract/http.ts'
import { RequestRejected } from './errors.ts'

/** The parts of `urllib.parse.urlsplit(target)`. */
export interface SplitTarget {
  readonly scheme: string
  readonly netloc: string
  readonly path: string
  readonly query: string
  readonly fragment: string
}

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*$/

/**
 * Return `urllib.parse.urlsplit(url)` as CPython 3.11 computes it.
 *
 * Node's parser has already refused control characters and spaces, so the C0-strip and
 * tab/CR/LF removal steps of urlsplit have nothing left to do here.
 * @see urllib.parse.urlsplit
 */
export function urlsplit(url: string): SplitTarget {
  let rest = url
  let scheme = ''
  let netloc = ''
  let query = ''
  let fragment = ''
  const colon = rest.indexOf(':')
  if (colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase()
    rest = rest.slice(colon + 1)
  }
  if (rest.startsWith('//')) {
    const end = firstIndexOf(rest, '/?#', 2)
    netloc = rest.slice(2, end)
    rest = rest.slice(end)
    if (netloc.includes('[') !== netloc.includes(']')) {
      throw new RequestRejected(400, 'Invalid IPv6 URL')
    }
  }
  const hash = rest.indexOf('#')
  if (hash !== -1) {
    fragment = rest.slice(hash + 1)
    rest = rest.slice(0, hash)
  }
  const question = rest.indexOf('?')
  if (question !== -1) {
    query = rest.slice(question + 1)
    rest = rest.slice(0, question)
  }
  return { scheme, netloc, path: rest, query, fragment }
}

function firstIndexOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (chars.includes(text[i] as string)) return i
  }
  return text.length
}

/**
 * Split the way gunicorn's `split_request_uri` does: a target starting with `//` is a path,
 * not a network-path reference (so `//evil.example/p` keeps its host-like first segment).
 */
export function splitGunicorn(target: string): SplitTarget {
  if (!target.startsWith('//')) return urlsplit(target)
  const parts = urlsplit(`.${target}`)
  return { ...parts, path: parts.path.slice(1) }
}

/** Split the way wsgiref does: at the first `?`, fragment and all. */
export function splitAtQuestionMark(target: string): { path: string; query: string } {
  const question = target.indexOf('?')
  if (question === -1) return { path: target, query: '' }
  return { path: target.slice(0, question), query: target.slice(question + 1) }
}

/**
 * Collapse a leading run of slashes to one, as CPython's http.server has done since the
 * gh-87389 open-redirect fix (wsgiref and Werkzeug both sit on it).
 */
export function collapseLeadingSlashes(target: string): string {
  if (!target.startsWith('//')) return target
  let i = 0
  while (target[i] === '/') i++
  return `/${target.slice(i)}`
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  const lower = code | 0x20
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10
  return -1
}

/**
 * Decode `%XX` escapes to bytes and read the bytes as latin-1.
 *
 * Invalid escapes (`%zz`, `%4`, a trailing `%`) stay literal, `+` stays `+`, `%2F` becomes a
 * `/` indistinguishable from a real one: `urllib.parse.unquote(path, 'iso-8859-1')`.
 */
export function unquoteLatin1(text: string): string {
  const first = text.indexOf('%')
  if (first === -1) return text
  let out = text.slice(0, first)
  for (let i = first; i < text.length; i++) {
    const ch = text[i] as string
    if (ch === '%' && i + 2 < text.length) {
      const hi = hexValue(text.charCodeAt(i + 1))
      const lo = hexValue(text.charCodeAt(i + 2))
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode(hi * 16 + lo)
        i += 2
        continue
      }
    }
    out += ch
  }
  return out
}

/**
 * Decode like Werkzeug: `unquote()` as UTF-8 with replacement characters, then the
 * "WSGI encoding dance" back to latin-1. Valid UTF-8 escapes come out as with
 * {@link unquoteLatin1}; invalid ones (`%FF`) become U+FFFD's UTF-8 bytes, `ï¿½`.
 */
export function unquoteWerkzeug(text: string): string {
  if (!text.includes('%')) return text
  return wsgiEncodingDance(UTF8.decode(latin1Bytes(unquoteLatin1(text))))
}

const UTF8 = new TextDecoder('utf-8') // WHATWG replacement = CPython's errors='replace'
// CPython's utf-8 codec keeps a leading U+FEFF; WHATWG's decoder drops it unless told not to
const UTF8_WITH_BOM = new TextDecoder('utf-8', { ignoreBOM: true })

/**
 * Decode like the ASGI servers: `urllib.parse.unquote(raw_path.decode('ascii'))`, UTF-8 with
 * replacement characters (`%FF` → U+FFFD, `%C0%AF` → two), invalid escapes kept literal. The
 * result is real text, not latin-1: a scope's `path` is a str of code points.
 */
export function unquoteUtf8(text: string): string {
  if (!text.includes('%')) return text
  return UTF8_WITH_BOM.decode(latin1Bytes(unquoteLatin1(text)))
}
const UTF8_ENCODER = new TextEncoder()

/** Return `s.encode('utf-8').decode('latin-1')`, Werkzeug's `_wsgi_encoding_dance`. */
export function wsgiEncodingDance(text: string): string {
  // ASCII is its own UTF-8 and latin-1: skip the round trip on the common path
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return latin1Text(UTF8_ENCODER.encode(text))
  }
  return text
}
