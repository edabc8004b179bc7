/**
 * @module
 * Import a full URL (`https://api.example.com/v1/items?page=2`): a GET of its path and query.
 *
 * The URL is split by hand, not with `new URL()`, which would normalise what this tool exists
 * to show (`%7e`, `/a/../b`, a trailing `?`). Only what cannot go on the wire as typed (spaces,
 * non-ASCII) is percent-encoded, as a browser's address bar does.
 */
import { type Dropped, httpRequest, type ImportResult, wireEncode } from './http-request.ts'

/** A URL in its parts, none of them decoded. */
export interface UrlParts {
  /** Lower case: `http`, `https`. */
  readonly scheme: string
  /** `user:password` before the `@`, when there is one. */
  readonly userinfo?: string
  /** The host as written, with brackets for IPv6 and the port if one was given. */
  readonly authority: string
  readonly path: string
  /** Without the `?`; undefined when the URL has no `?` at all. */
  readonly query?: string
  /** Without the `#`; undefined when there is none. */
  readonly fragment?: string
}

const URL_START = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/

/** Split an absolute URL (`scheme://authority/path?query#fragment`), or undefined if it is not one. */
export function splitUrl(text: string): UrlParts | undefined {
  const start = URL_START.exec(text)
  if (!start) return undefined
  const scheme = (start[1] ?? '').toLowerCase()
  let authority = start[2] ?? ''
  let userinfo: string | undefined
  const at = authority.lastIndexOf('@')
  if (at >= 0) {
    userinfo = authority.slice(0, at)
    authority = authority.slice(at + 1)
  }
  let rest = text.slice(start[0].length)
  let fragment: string | undefined
  const hash = rest.indexOf('#')
  if (hash >= 0) {
    fragment = rest.slice(hash + 1)
    rest = rest.slice(0, hash)
  }
  let query: string | undefined
  const mark = rest.indexOf('?')
  if (mark >= 0) {
    query = rest.slice(mark + 1)
    rest = rest.slice(0, mark)
  }
  return {
    scheme,
    ...(userinfo === undefined ? {} : { userinfo }),
    authority,
    path: rest,
    ...(query === undefined ? {} : { query }),
    ...(fragment === undefined ? {} : { fragment }),
  }
}

/** Return `scheme://authority`, the part of a URL that names the server. */
export function originOf(parts: UrlParts): string {
  return `${parts.scheme}://${parts.authority}`
}

/** Return true when `text` is one line that starts like an http(s) URL. */
export function looksLikeUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim())
}

/**
 * Return the path and query a URL's parts put on the wire, with notes on what changed: the
 * fragment never leaves the browser, and a space or `é` is percent-encoded.
 */
export function wirePathAndQuery(
  parts: UrlParts,
  dropped: Dropped[],
  notes: string[]
): { path: string; query: string } {
  if (parts.fragment !== undefined)
    dropped.push({ what: `#${parts.fragment}`, why: 'The fragment is never sent to the server.' })
  const typed = `${parts.path}${parts.query === undefined ? '' : `?${parts.query}`}`
  const path = wireEncode(parts.path === '' ? '/' : parts.path)
  const query = wireEncode(parts.query ?? '')
  const sent = `${path}${parts.query === undefined ? '' : `?${query}`}`
  if (sent !== (typed === '' ? '/' : typed))
    notes.push(`Characters that cannot be sent as typed were percent-encoded: ${sent}`)
  return { path, query }
}

/** Import a full http(s) URL as a GET request. */
export function importUrl(text: string): ImportResult {
  const parts = splitUrl(text.trim())
  if (!parts || (parts.scheme !== 'http' && parts.scheme !== 'https'))
    return { ok: false, error: 'Not an http:// or https:// URL.' }
  if (/\s/.test(text.trim())) return { ok: false, error: 'A URL cannot contain spaces or lines.' }
  const dropped: Dropped[] = []
  const notes: string[] = []
  if (parts.userinfo !== undefined)
    dropped.push({
      what: `${parts.userinfo}@`,
      why: 'Browsers do not send credentials written in a URL; add an Authorization header instead.',
    })
  const { path, query } = wirePathAndQuery(parts, dropped, notes)
  return {
    ok: true,
    value: {
      format: 'url',
      request: httpRequest({ path, query }),
      origin: originOf(parts),
      dropped,
      notes,
    },
  }
}
