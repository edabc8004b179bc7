/**
 * @module
 * Runtime checks for data that comes back from localStorage.
 */
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

/** Return true when `value` is a well-formed draft. */
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
    typeof value.body === 'string'
  )
}
