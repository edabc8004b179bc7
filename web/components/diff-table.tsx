/**
 * @module
 * The one table for "the same keys, side by side": Compare (two results, two captured
 * requests), Profiles (one request as each server builds it) and the Proxy page's raw and
 * effective environ. Rows that differ are marked and can be shown alone.
 */
import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'
import { cx } from '../lib/cx.ts'
import styles from './diff-table.module.css'
import { VisibleText } from './visible-text.tsx'

/** How a row differs; `same` rows are hidden by the "only differences" toggle. */
export type DiffTone = 'same' | 'added' | 'removed' | 'changed'

export interface DiffTableRow {
  readonly key: string
  readonly tone: DiffTone
  /** The word after the key (`changed`, `not in all`, `rewritten`); none for a same row. */
  readonly badge?: string
  /** One sentence under the key on why it differs. */
  readonly why?: string
  /** One value per column, in column order; null or undefined: the key is absent there. */
  readonly values: ReadonlyArray<string | null | undefined>
}

export interface DiffTableProps {
  readonly title: ComponentChildren
  /** `h2` for a result pane of its own, `h3` for a section inside one. */
  readonly heading?: 'h2' | 'h3'
  /** Short counts beside the title (`3 changed`), coloured by tone. */
  readonly summary?: ReadonlyArray<{ readonly tone: DiffTone; readonly text: string }>
  /** The value columns' headers (the first column is always "Key"). */
  readonly columns: readonly ComponentChildren[]
  readonly rows: readonly DiffTableRow[]
  readonly tableLabel: string
  /** The label of the toggle that hides same rows. */
  readonly onlyLabel: string
  readonly onlyAtFirst?: boolean
  /** Show +, − and ~ before changed keys (for two-sided comparisons). */
  readonly marks?: boolean
  readonly lead?: ComponentChildren
  /** What to say when no row is shown. */
  readonly empty: string
  /** Buttons at the end of the head (Close). */
  readonly actions?: ComponentChildren
  /** A card of its own (default), or a plain section inside another panel. */
  readonly framed?: boolean
  /** Extra class for the table (column widths). */
  readonly tableClass?: string
}

const MARK: Record<DiffTone, string> = { added: '+', removed: '−', changed: '~', same: '' }

/** Keys down, one column per side, differing rows marked. */
export function DiffTable(props: DiffTableProps) {
  const { rows, columns, framed = true, heading: Heading = 'h2' } = props
  const onlyDifferences = useSignal(props.onlyAtFirst ?? false)
  const titleId = useId()
  const shown = onlyDifferences.value ? rows.filter((row) => row.tone !== 'same') : rows
  return (
    <section class={cx(framed ? styles.panel : styles.plain)} aria-labelledby={titleId}>
      <div class={styles.head}>
        <Heading id={titleId} class={styles.title}>
          {props.title}
        </Heading>
        <span class={styles.summary}>
          {props.summary?.map((part) => (
            <span key={part.text} class={styles[part.tone]}>
              {part.text}
            </span>
          ))}
        </span>
        <label class={styles.toggle}>
          <input
            type="checkbox"
            checked={onlyDifferences.value}
            onChange={(event) => {
              onlyDifferences.value = event.currentTarget.checked
            }}
          />
          {props.onlyLabel}
        </label>
        {props.actions}
      </div>
      {props.lead}
      <table class={cx(styles.table, props.tableClass)} aria-label={props.tableLabel}>
        <thead>
          <tr>
            <th scope="col">Key</th>
            {columns.map((column, index) => (
              // columns are positional: the values line up with them
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.key} class={cx(styles.row, styles[row.tone])}>
              <th scope="row">
                {props.marks && (
                  <span class={styles.mark} aria-hidden="true">
                    {MARK[row.tone]}
                  </span>
                )}
                {row.key}
                {/* a space, so the row's accessible name reads "KEY changed" */}
                {row.badge && (
                  <>
                    {' '}
                    <span class={styles.badge}>{row.badge}</span>
                  </>
                )}
                {row.why && <span class={styles.why}>{row.why}</span>}
              </th>
              {row.values.map((value, index) => (
                // positional, as the columns
                <td key={index}>
                  {value === null || value === undefined ? (
                    <span class={styles.absent}>absent</span>
                  ) : (
                    <VisibleText value={value} hint={false} />
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p class={styles.none}>{props.empty}</p>}
    </section>
  )
}
