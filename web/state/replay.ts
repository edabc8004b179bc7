/**
 * @module
 * Open a request that was not composed here (a captured one, a proxy preset) in the
 * composer. The one entry point the other pages use, so they need not know the draft's shape.
 */
import { batch } from '@preact/signals'
import { loadDraft } from './composer.ts'
import { showPage } from './page.ts'
import { makeRow } from './rows.ts'

/** A request as bytes-level facts: what a capture record or the exact-send API holds. */
export interface ReplayRequest {
  readonly method: string
  /** The request-target as sent: path and query, undecoded. */
  readonly target: string
  /** `HTTP/1.1` or `HTTP/1.0`. */
  readonly httpVersion: string
  /** Header lines in arrival order, names as sent, duplicates kept. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  /** The body as text (UTF-8), empty when none. */
  readonly body: string
}

/** Fill the composer with `request` and show the Inspect page. */
export function replay(request: ReplayRequest): void {
  const mark = request.target.indexOf('?')
  const path = mark === -1 ? request.target : request.target.slice(0, mark)
  const rawQuery = mark === -1 ? '' : request.target.slice(mark + 1)
  batch(() => {
    loadDraft({
      method: request.method,
      path,
      queryMode: 'raw',
      queryRows: [],
      rawQuery,
      headers: request.headers.map(([name, value]) => makeRow(name, value)),
      body: request.body,
    })
    showPage('inspect')
  })
}
