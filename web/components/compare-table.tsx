import { useSignal } from '@preact/signals'
import { useId } from 'preact/hooks'
import { cx } from '../lib/cx.ts'
import { compareEnvirons, countChanges } from '../logic/diff.ts'
import { current, pinned, unpin } from '../state/inspector.ts'
import { Button } from './button.tsx'
import styles from './diff-table.module.css'
import { VisibleText } from './visible-text.tsx'

const MARK = { added: '+', removed: '−', changed: '~', same: '' }

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
  const onlyChanges = useSignal(true)
  const titleId = useId()
  const rows = compareEnvirons(a, b)
  const counts = countChanges(rows)
  const shown = onlyChanges.value ? rows.filter((row) => row.change !== 'same') : rows
  return (
    <section class={styles.panel} aria-labelledby={titleId}>
      <div class={styles.head}>
        <h2 id={titleId} class={styles.title}>
          Compare
        </h2>
        <span class={styles.summary}>
          <span class={styles.changed}>{counts.changed} changed</span>
          <span class={styles.added}>{counts.added} added</span>
          <span class={styles.removed}>{counts.removed} removed</span>
          <span>{counts.same} same</span>
        </span>
        <label class={styles.toggle}>
          <input
            type="checkbox"
            checked={onlyChanges.value}
            onChange={(event) => {
              onlyChanges.value = event.currentTarget.checked
            }}
          />
          Only differences
        </label>
        <Button small variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      <table class={styles.table} aria-label="Comparison">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">
              A <code>{labelA}</code>
            </th>
            <th scope="col">
              B <code>{labelB}</code>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.key} class={cx(styles.row, styles[row.change])}>
              <th scope="row">
                <span class={styles.mark} aria-hidden="true">
                  {MARK[row.change]}
                </span>
                {row.key}
                {row.change !== 'same' && <span class={styles.badge}>{row.change}</span>}
              </th>
              <td>
                {row.a === undefined ? (
                  <span class={styles.absent}>absent</span>
                ) : (
                  <VisibleText value={row.a} hint={false} />
                )}
              </td>
              <td>
                {row.b === undefined ? (
                  <span class={styles.absent}>absent</span>
                ) : (
                  <VisibleText value={row.b} hint={false} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p class={styles.none}>The two environs are identical.</p>}
    </section>
  )
}
