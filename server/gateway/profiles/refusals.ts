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
