/**
 * @module
 * Editable name/value rows: the shape shared by the query table and the header table.
 *
 * Pure list operations (no signals) so the draft model and the tests use the same code.
 */

/** One table row. Disabled rows stay in the table but are not sent. */
export interface KeyValueRow {
  readonly id: string
  readonly name: string
  readonly value: string
  readonly enabled: boolean
}

let counter = 0

/** Return a fresh row id, unique within this page load. */
export function nextRowId(): string {
  counter += 1
  return `r${Date.now().toString(36)}${counter.toString(36)}`
}

/** Return a new enabled row. */
export function makeRow(name = '', value = '', enabled = true): KeyValueRow {
  return { id: nextRowId(), name, value, enabled }
}

/** Return the rows with the row `id` merged with `patch`. */
export function updateRow(
  rows: readonly KeyValueRow[],
  id: string,
  patch: Partial<Omit<KeyValueRow, 'id'>>
): KeyValueRow[] {
  return rows.map((row) => (row.id === id ? { ...row, ...patch } : row))
}

/** Return the rows without the row `id`. */
export function removeRow(rows: readonly KeyValueRow[], id: string): KeyValueRow[] {
  return rows.filter((row) => row.id !== id)
}

/**
 * Return the rows with the row `id` moved by `delta` places (-1 up, +1 down).
 *
 * Moving past either end leaves the list unchanged.
 */
export function moveRow(rows: readonly KeyValueRow[], id: string, delta: number): KeyValueRow[] {
  const from = rows.findIndex((row) => row.id === id)
  const to = from + delta
  if (from < 0 || to < 0 || to >= rows.length) return [...rows]
  const next = [...rows]
  const [moved] = next.splice(from, 1)
  if (moved) next.splice(to, 0, moved)
  return next
}

/** Return true when the row takes part in the request (enabled and named). */
export function isActive(row: KeyValueRow): boolean {
  return row.enabled && row.name !== ''
}
