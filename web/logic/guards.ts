/**
 * @module
 * Runtime checks for data that comes back from localStorage.
 */
import { isBody } from './body.ts'
import type { Draft } from './request.ts'
import type { KeyValueRow } from './rows.ts'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Return true when `value` is a well-formed table row. */
export function isRow(value: unknown): value is KeyValueRow {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.value === 'string' &&
    typeof value.enabled === 'boolean'
  )
}

/** A field drafts saved before exact mode lack: absent, or of the right type. */
function optional(value: unknown, check: (v: unknown) => boolean): boolean {
  return value === undefined || check(value)
}

/** Return true when `value` is a well-formed draft (older drafts without a mode included). */
export function isDraft(value: unknown): value is Draft {
  return (
    isRecord(value) &&
    typeof value.method === 'string' &&
    typeof value.path === 'string' &&
    (value.queryMode === 'table' || value.queryMode === 'raw') &&
    Array.isArray(value.queryRows) &&
    value.queryRows.every(isRow) &&
    typeof value.rawQuery === 'string' &&
    Array.isArray(value.headers) &&
    value.headers.every(isRow) &&
    isBody(value.body) &&
    optional(value.mode, (v) => v === 'browser' || v === 'exact') &&
    optional(value.httpVersion, (v) => typeof v === 'string' && /^[0-9]\.[0-9]$/.test(v)) &&
    optional(value.raw, (v) => typeof v === 'string') &&
    optional(value.sendRaw, (v) => typeof v === 'boolean') &&
    optional(value.scriptName, (v) => typeof v === 'string')
  )
}
