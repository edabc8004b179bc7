/**
 * @module
 * The composer's draft ⇄ what a link, an import and an export carry.
 *
 * A link keeps the draft as it is being edited (disabled rows, the query mode, exact mode's
 * Raw tab); an import opens a request in the composer, in Exact mode when the browser would
 * refuse part of it.
 */
import { bodyBytes, bytesBody } from './body.ts'
import { utf8Text } from './byte-codecs.ts'
import { forbiddenReason } from './headers.ts'
import type { HttpRequest } from './http-request.ts'
import type { LinkRequest } from './link-codec.ts'
import { buildQueryString, parseQueryString, queryRoundTrips } from './query.ts'
import type { Draft } from './request.ts'
import { makeRow } from './rows.ts'

/** Return the body a draft holds for `bytes`: text when they are UTF-8, else the bytes themselves. */
function draftBody(bytes: Uint8Array): Draft['body'] {
  return utf8Text(bytes) ?? bytesBody(bytes)
}

/** Return the draft a link describes. */
export function draftFromLink(request: LinkRequest): Draft {
  return {
    method: request.method,
    path: request.path,
    queryMode: request.queryMode,
    queryRows: request.queryMode === 'table' ? parseQueryString(request.query) : [],
    rawQuery: request.query,
    headers: request.headers.map(({ name, value, enabled }) => makeRow(name, value, enabled)),
    body: draftBody(request.body),
    mode: request.mode,
    httpVersion: request.httpVersion,
    ...(request.raw === undefined ? {} : { raw: request.raw, sendRaw: true }),
  }
}

/** Return what a link carries of `draft`: everything being edited, empty rows left out. */
export function linkFromDraft(draft: Draft): LinkRequest {
  const rows = draft.headers.filter((row) => row.name !== '' || row.value !== '')
  return {
    method: draft.method,
    path: draft.path === '' ? '/' : draft.path,
    query: draft.queryMode === 'raw' ? draft.rawQuery : buildQueryString(draft.queryRows),
    queryMode: draft.queryMode,
    headers: rows.map(({ name, value, enabled }) => ({ name, value, enabled })),
    body: bodyBytes(draft.body),
    mode: draft.mode ?? 'browser',
    httpVersion: draft.httpVersion ?? '1.1',
    ...(draft.mode === 'exact' && draft.sendRaw && draft.raw !== undefined
      ? { raw: draft.raw }
      : {}),
  }
}

/** Headers of `request` that fetch() would refuse, by name. */
export function refusedByBrowser(request: HttpRequest): string[] {
  return request.headers
    .filter(([name, value]) => forbiddenReason(name, value) !== undefined)
    .map(([name]) => name)
}

/**
 * Return the draft that sends an imported request: Exact mode when the browser would refuse
 * some of it (Host, Cookie, Sec-*, HTTP/1.0), so nothing is lost; Browser mode otherwise.
 * The query goes in the table when that changes nothing, else in raw mode.
 */
export function draftFromImport(request: HttpRequest): Draft {
  const exact = refusedByBrowser(request).length > 0 || request.httpVersion === '1.0'
  const table = queryRoundTrips(request.query)
  return {
    method: request.method,
    path: request.path,
    queryMode: table ? 'table' : 'raw',
    queryRows: table ? parseQueryString(request.query) : [],
    rawQuery: request.query,
    headers: request.headers.map(([name, value]) => makeRow(name, value)),
    body: draftBody(request.body),
    mode: exact ? 'exact' : 'browser',
    httpVersion: request.httpVersion ?? '1.1',
    sendRaw: false,
  }
}
