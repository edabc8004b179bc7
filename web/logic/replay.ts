/**
 * @module
 * A request that was not composed here (a captured one, a proxy preset) as a composer draft.
 *
 * It becomes an exact-mode draft: the browser would refuse Host, Content-Length and the
 * like, merge repeated headers and pick its own HTTP version, so only the relay can send it
 * again as it arrived.
 */
import type { Body } from './body.ts'
import type { Draft } from './request.ts'
import { makeRow } from './rows.ts'

/** A request as bytes-level facts: what a capture record or the exact-send API holds. */
export interface ReplayRequest {
  readonly method: string
  /** The request-target as sent: path and query, undecoded. */
  readonly target: string
  /** `HTTP/1.1`, `HTTP/1.0`, or the bare `1.1`. */
  readonly httpVersion: string
  /** Header lines in arrival order, names as sent, duplicates kept. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  /** The body: text when it reads back unchanged, else its exact bytes (see body.ts). */
  readonly body: Body
}

/** Return the exact-mode draft that sends `request` again as it arrived. */
export function replayDraft(request: ReplayRequest): Draft {
  const mark = request.target.indexOf('?')
  const version = request.httpVersion.replace(/^HTTP\//i, '')
  return {
    method: request.method,
    path: mark === -1 ? request.target : request.target.slice(0, mark),
    queryMode: 'raw',
    queryRows: [],
    rawQuery: mark === -1 ? '' : request.target.slice(mark + 1),
    headers: request.headers.map(([name, value]) => makeRow(name, value)),
    body: request.body,
    mode: 'exact',
    httpVersion: /^[0-9]\.[0-9]$/.test(version) ? version : '1.1',
    sendRaw: false,
  }
}
