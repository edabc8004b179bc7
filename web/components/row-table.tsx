import type { ComponentChildren } from 'preact'
import { useRef } from 'preact/hooks'
import { cx } from '../lib/cx.ts'
import type { KeyValueRow } from '../logic/rows.ts'
import { addRow, deleteRow, editRow, shiftRow } from '../state/composer.ts'
import { Button } from './button.tsx'
import styles from './row-table.module.css'

export interface RowNote {
  readonly tone: 'info' | 'warn' | 'danger'
  readonly label: string
  readonly text: string
}

interface RowTableProps {
  readonly list: 'queryRows' | 'headers'
  readonly rows: readonly KeyValueRow[]
  /** "header" or "parameter": used in button and checkbox labels. */
  readonly noun: string
  readonly namePlaceholder: string
  readonly valuePlaceholder: string
  readonly suggestions?: string
  readonly note?: (row: KeyValueRow) => RowNote | undefined
  readonly footer?: ComponentChildren
}

/** An editable name/value table: add, remove, reorder, disable rows. */
export function RowTable(props: RowTableProps) {
  const { list, rows, noun, note } = props
  const table = useRef<HTMLTableElement>(null)
  const add = () => {
    addRow(list)
    requestAnimationFrame(() => {
      const names = table.current?.querySelectorAll<HTMLInputElement>('input[aria-label="Name"]')
      names?.[names.length - 1]?.focus()
    })
  }
  return (
    <div class={styles.wrap}>
      {rows.length > 0 && (
        <table
          ref={table}
          class={styles.table}
          aria-label={`${noun[0]?.toUpperCase()}${noun.slice(1)}s`}
        >
          <thead>
            <tr>
              <th scope="col" class={styles.check}>
                <span class="visually-hidden">Enabled</span>
              </th>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th scope="col" class={styles.actions}>
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <Row
                key={row.id}
                {...props}
                row={row}
                first={index === 0}
                last={index === rows.length - 1}
                rowNote={note?.(row)}
              />
            ))}
          </tbody>
        </table>
      )}
      <div class={styles.footer}>
        <Button small onClick={add}>
          + Add {noun}
        </Button>
        {props.footer}
      </div>
    </div>
  )
}

function Row(
  props: RowTableProps & {
    row: KeyValueRow
    first: boolean
    last: boolean
    rowNote: RowNote | undefined
  }
) {
  const { list, row, noun, rowNote } = props
  return (
    <>
      <tr class={cx(styles.row, !row.enabled && styles.disabled, rowNote && styles[rowNote.tone])}>
        <td class={styles.check}>
          <input
            type="checkbox"
            aria-label={`Enable ${noun}`}
            checked={row.enabled}
            onChange={(event) => editRow(list, row.id, { enabled: event.currentTarget.checked })}
          />
        </td>
        <td>
          <input
            aria-label="Name"
            value={row.name}
            list={props.suggestions}
            placeholder={props.namePlaceholder}
            spellcheck={false}
            autocomplete="off"
            onInput={(event) => editRow(list, row.id, { name: event.currentTarget.value })}
          />
        </td>
        <td>
          <input
            aria-label="Value"
            value={row.value}
            placeholder={props.valuePlaceholder}
            spellcheck={false}
            autocomplete="off"
            onInput={(event) => editRow(list, row.id, { value: event.currentTarget.value })}
          />
        </td>
        <td class={styles.actions}>
          <Button
            variant="icon"
            aria-label="Move up"
            title="Move up"
            disabled={props.first}
            onClick={() => shiftRow(list, row.id, -1)}
          >
            ↑
          </Button>
          <Button
            variant="icon"
            aria-label="Move down"
            title="Move down"
            disabled={props.last}
            onClick={() => shiftRow(list, row.id, 1)}
          >
            ↓
          </Button>
          <Button
            variant="icon"
            aria-label={`Remove ${noun}`}
            title="Remove"
            onClick={() => deleteRow(list, row.id)}
          >
            ×
          </Button>
        </td>
      </tr>
      {rowNote && (
        <tr class={cx(styles.noteRow, styles[rowNote.tone])}>
          <td />
          <td colSpan={3}>
            <strong>{rowNote.label}</strong> {rowNote.text}
          </td>
        </tr>
      )}
    </>
  )
}
