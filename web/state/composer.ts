/**
 * @module
 * The composer model: the draft being edited and the actions the form calls.
 *
 * The draft is one immutable object in one signal, so history, presets and
 * localStorage all handle the same plain value. The draft survives a reload. Exact mode's
 * side (its plan, the Raw tab's actions) is in exact-mode.ts, loaded with exact mode.
 */
import { computed, effect, signal } from '@preact/signals'
import { readJson, writeJson } from '../lib/storage.ts'
import type { Body } from '../logic/body.ts'
import { isDraft } from '../logic/guards.ts'
import { isUrl, splitPathInput, urlNotice } from '../logic/path-input.ts'
import { parseQueryString, queryRoundTrips } from '../logic/query.ts'
import {
  buildOutgoing,
  type Draft,
  draftMode,
  draftQuery,
  originalExample,
  type QueryMode,
  type SendMode,
} from '../logic/request.ts'
import { type KeyValueRow, makeRow, moveRow, removeRow, updateRow } from '../logic/rows.ts'

const DRAFT_KEY = 'environ-inspector.draft.v1'

export const draft = signal<Draft>(readJson(DRAFT_KEY, isDraft) ?? originalExample())

effect(() => {
  writeJson(DRAFT_KEY, draft.value)
})

/** What fetch() will send for the current draft. */
export const outgoing = computed(() =>
  buildOutgoing(draft.value, globalThis.location?.origin ?? 'http://localhost')
)

function patch(change: Partial<Draft>): void {
  draft.value = { ...draft.value, ...change }
}

export function setMethod(method: string): void {
  patch({ method })
}

/** What committing the Path field did with a pasted URL; cleared by the next edit. */
export const pathNotice = signal('')

/** Set the path text as typed; a "?" or a URL in it is split off later by {@link setPath}. */
export function setPathText(path: string): void {
  patch({ path })
  pathNotice.value = ''
}

/**
 * Commit the path (on change, or before sending). Text after a typed or pasted "?" moves to
 * the query: into the table when it converts without loss, otherwise into raw mode,
 * verbatim. In Browser mode a whole URL becomes its path and query (exact mode sends it as
 * an absolute-form target).
 */
export function setPath(text: string): void {
  const input = splitPathInput(text, { urls: draftMode(draft.value) === 'browser' })
  const url = isUrl(input)
  if (url) pathNotice.value = urlNotice(input, globalThis.location?.host ?? 'localhost')
  const query = input.query ?? (url ? '' : undefined)
  if (query === undefined) {
    patch({ path: input.path })
  } else if (queryRoundTrips(query)) {
    const rows = parseQueryString(query)
    patch({ path: input.path, queryMode: 'table', queryRows: rows, rawQuery: query })
  } else {
    patch({ path: input.path, queryMode: 'raw', rawQuery: query })
  }
}

type RowList = 'queryRows' | 'headers'

export function addRow(list: RowList, row: KeyValueRow = makeRow()): void {
  patch({ [list]: [...draft.value[list], row] })
}

export function editRow(list: RowList, id: string, change: Partial<Omit<KeyValueRow, 'id'>>) {
  patch({ [list]: updateRow(draft.value[list], id, change) })
}

export function deleteRow(list: RowList, id: string): void {
  patch({ [list]: removeRow(draft.value[list], id) })
}

export function shiftRow(list: RowList, id: string, delta: number): void {
  patch({ [list]: moveRow(draft.value[list], id, delta) })
}

/**
 * Switch between the query table and raw text.
 *
 * Table → raw keeps the encoded string. Raw → table re-encodes, so the caller should
 * confirm first when {@link rawQueryIsLossy} says the text would change.
 */
export function setQueryMode(mode: QueryMode): void {
  const current = draft.value
  if (mode === current.queryMode) return
  if (mode === 'raw') patch({ queryMode: 'raw', rawQuery: draftQuery(current) })
  else patch({ queryMode: 'table', queryRows: parseQueryString(current.rawQuery) })
}

/** True when turning the raw query into table rows would change what is sent. */
export const rawQueryIsLossy = computed(() => !queryRoundTrips(draft.value.rawQuery))

export function setRawQuery(rawQuery: string): void {
  patch({ rawQuery })
}

export function setBody(body: Body): void {
  patch({ body })
}

/** Replace the whole draft (a preset or a history entry), with fresh row ids. */
export function loadDraft(next: Draft): void {
  const fresh = (rows: readonly KeyValueRow[]) =>
    rows.map((row) => makeRow(row.name, row.value, row.enabled))
  draft.value = { ...next, queryRows: fresh(next.queryRows), headers: fresh(next.headers) }
}

/** Switch between sending with fetch() (browser) and byte for byte through the server (exact). */
export function setMode(mode: SendMode): void {
  patch({ mode })
}

export function setHttpVersion(httpVersion: string): void {
  patch({ httpVersion })
}

/** Set the Raw tab's text; editing it means those bytes are what is sent. */
export function setRaw(raw: string): void {
  patch({ raw, sendRaw: true })
}

/**
 * Set exact mode's mount point for this send (`/app`); an empty field means the server's
 * own (its `--script-name`).
 */
export function setScriptName(text: string): void {
  const { scriptName: _, ...rest } = draft.value
  draft.value = text === '' ? rest : { ...rest, scriptName: text }
}

/** Choose between the form and the Raw tab's bytes (exact mode). */
export function setSendRaw(sendRaw: boolean): void {
  patch({ sendRaw })
}
