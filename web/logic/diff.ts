/**
 * @module
 * Compare two environs key by key: the data behind the Compare view.
 */

export type Change = 'same' | 'added' | 'removed' | 'changed'

/** One key of the comparison. `a` is the pinned result, `b` the current one. */
export interface DiffRow {
  readonly key: string
  readonly a: string | undefined
  readonly b: string | undefined
  readonly change: Change
}

/**
 * Return every key of both environs with how it changed from `a` to `b`.
 *
 * Rows follow `b`'s key order; a key only in `a` is placed right after the key that
 * preceded it in `a`, so removed keys show up where a reader expects them.
 */
export function compareEnvirons(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>
): DiffRow[] {
  const rows: DiffRow[] = Object.keys(b).map((key) => {
    const before = Object.hasOwn(a, key) ? a[key] : undefined
    const after = b[key]
    const change: Change = before === undefined ? 'added' : before === after ? 'same' : 'changed'
    return { key, a: before, b: after, change }
  })
  let anchor = -1
  for (const key of Object.keys(a)) {
    const at = rows.findIndex((row) => row.key === key)
    if (at >= 0) {
      anchor = at
      continue
    }
    anchor += 1
    rows.splice(anchor, 0, { key, a: a[key], b: undefined, change: 'removed' })
  }
  return rows
}

/** Return how many rows of each kind of change there are. */
export function countChanges(rows: readonly DiffRow[]): Record<Change, number> {
  const counts: Record<Change, number> = { same: 0, added: 0, removed: 0, changed: 0 }
  for (const row of rows) counts[row.change] += 1
  return counts
}
