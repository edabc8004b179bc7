import { compareEnvirons, countChanges } from '../logic/diff.ts'
import { current, pinned, unpin } from '../state/inspector.ts'
import { Button } from './button.tsx'
import styles from './diff-table.module.css'
import { DiffTable } from './diff-table.tsx'

/** Pinned result A and current result B side by side, with added / removed / changed keys marked. */
export function CompareTable() {
  const a = pinned.value
  const b = current.value
  if (!a?.outcome.ok || !b?.outcome.ok) return null
  return (
    <EnvironDiff
      a={a.outcome.environ}
      b={b.outcome.environ}
      labelA={`${a.method} ${a.target}`}
      labelB={`${b.method} ${b.target}`}
      onClose={unpin}
    />
  )
}

export interface EnvironDiffProps {
  readonly a: Readonly<Record<string, string>>
  readonly b: Readonly<Record<string, string>>
  /** What A and B are, shown in the column headers (`GET /x`). */
  readonly labelA: string
  readonly labelB: string
  readonly onClose: () => void
}

/** Two environs side by side, with added / removed / changed keys marked (Compare, Live). */
export function EnvironDiff({ a, b, labelA, labelB, onClose }: EnvironDiffProps) {
  const rows = compareEnvirons(a, b)
  const counts = countChanges(rows)
  const noisy = rows.filter((row) => row.note).map((row) => row.key)
  return (
    <DiffTable
      title="Compare"
      summary={[
        { tone: 'changed', text: `${counts.changed} changed` },
        { tone: 'added', text: `${counts.added} added` },
        { tone: 'removed', text: `${counts.removed} removed` },
        { tone: 'same', text: `${counts.same} same` },
      ]}
      columns={[
        <>
          A <code>{labelA}</code>
        </>,
        <>
          B <code>{labelB}</code>
        </>,
      ]}
      lead={
        noisy.length > 0 && (
          <p class={styles.lead}>
            Counted as the same: <code>{noisy.join(', ')}</code>. Their values name the connection
            (its file descriptor, the client port), which differs for every connection, not the
            request.
          </p>
        )
      }
      rows={rows.map((row) => ({
        key: row.key,
        tone: row.change,
        badge: row.change === 'same' ? undefined : row.change,
        why: row.note,
        values: [row.a, row.b],
      }))}
      tableLabel="Comparison"
      onlyLabel="Only differences"
      onlyAtFirst
      marks
      empty="The two environs are identical."
      actions={
        <Button small variant="ghost" onClick={onClose}>
          Close
        </Button>
      }
    />
  )
}
