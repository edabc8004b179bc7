/**
 * @module
 * Refusal rules: what a server answers instead of calling the app (spec §3.1). A profile
 * lists the ones it applies in the order its parser meets them; rules only one server has
 * may live in that server's file instead.
 */
import type { RefusalRule } from './types.ts'

/**
 * Accept request versions in `[min, below)` (major×10+minor); others get `status`:
 * wsgiref and Werkzeug take HTTP/0.9 to 1.x (505 otherwise), gunicorn only 1.x (400).
 */
export function versionsBetween(min: number, below: number, status: number): RefusalRule {
  return function refuseVersion({ request, version }) {
    if (version >= min && version < below) return undefined
    return { status, reason: `Invalid HTTP version (${request.httpVersion})` }
  }
}

/** More header fields than `max` → 431 "Too many headers" (http.client's 100-line cap). */
export function atMostHeaders(max: number): RefusalRule {
  return function refuseTooManyHeaders({ headers }) {
    return headers.count > max ? { status: 431, reason: 'Too many headers' } : undefined
  }
}

/**
 * A request line longer than `max` bytes (CRLF left out) → `status`. Node has dropped the
 * line's bytes, so it is rebuilt as `METHOD SP target SP HTTP/x.y`: extra spaces do not count.
 */
export function requestLineAtMost(max: number, status: number): RefusalRule {
  return function refuseLongRequestLine({ request }) {
    const length = request.method.length + request.target.length + request.httpVersion.length + 7
    return length > max
      ? { status, reason: `Request Line is too large (${length} > ${max})` }
      : undefined
  }
}

/**
 * A header line longer than `max` bytes, CRLF included → `status`. Node trims the whitespace
 * around a value, so each line counts as `Name: value` + CRLF.
 */
export function headerLinesAtMost(max: number, status: number): RefusalRule {
  return function refuseLongHeaderLine({ request }) {
    const raw = request.rawHeaders
    for (let i = 0; i < raw.length; i += 2) {
      const length = (raw[i] as string).length + (raw[i + 1] as string).length + 4
      if (length > max)
        return { status, reason: 'Error parsing headers: limit request headers fields size' }
    }
    return undefined
  }
}
