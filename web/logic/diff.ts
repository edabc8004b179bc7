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
  /** Why two different values count as the same (they differ only per connection). */
  readonly note?: string
}

/**
 * Return why `a` and `b` differ only in what every new connection changes, or undefined.
 *
 * `wsgi.input` prints the file descriptor of the connection (`<_io.BufferedReader name=7>`),
 * and the servers' socket keys print it with the client's port: two requests on two
 * connections always differ there, which says nothing about the requests.
 */
export function connectionNoise(key: string, a: string, b: string): string | undefined {
  const fdOnly = (value: string) =>
    value.replace(/\bname=\d+>$/, 'name=N>').replace(/\bfd=\d+/, 'fd=N')
  if (key === 'wsgi.input' && fdOnly(a) === fdOnly(b))
    return 'Only the file-descriptor number differs: each connection gets its own.'
  const peerOnly = (value: string) =>
    fdOnly(value).replace(/raddr=\(('[^']*'), \d+\)/, 'raddr=($1, N)')
  if (/^\w+\.socket$/.test(key) && peerOnly(a) === peerOnly(b))
    return 'Only the file descriptor and the client port differ: each connection gets its own.'
  return undefined
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
    const after = b[key] as string
    if (before === undefined) return { key, a: before, b: after, change: 'added' }
    if (before === after) return { key, a: before, b: after, change: 'same' }
    const note = connectionNoise(key, before, after)
    return note
      ? { key, a: before, b: after, change: 'same', note }
      : { key, a: before, b: after, change: 'changed' }
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
