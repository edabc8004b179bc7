import { useSignal } from '@preact/signals'
import { EnvironGrid, EnvironNote } from '../../components/environ-grid.tsx'
import { VisibleText } from '../../components/visible-text.tsx'
import { docFor } from '../../logic/key-docs.ts'
import { type CapturedRecord, redactedEnvironKeys } from '../../logic/live-record.ts'
import { keysForPart } from '../../logic/trace.ts'
import { profile } from '../../state/inspector.ts'
import { detailSelection, toggleDetailKey } from '../../state/live.ts'
import styles from './captured-environ.module.css'

const look = {
  panel: styles.panel,
  title: styles.title,
  filter: styles.filter,
  key: styles.key,
  value: styles.value,
}

/**
 * The environ a captured request became, grouped and filterable like the composer's. A key
 * selects its explanation and lights the lines it came from; a selected line lights its keys.
 */
export function CapturedEnviron({ record }: { record: CapturedRecord }) {
  const filter = useSignal('')
  const env = record.environ
  if (!env) {
    return (
      <EnvironNote label="Captured environ" look={look}>
        No environ: the server profile refused this request
        {record.refusal ? ` (${record.refusal})` : ''} before building one.
      </EnvironNote>
    )
  }
  const redacted = redactedEnvironKeys(record)
  const sel = detailSelection.value
  const isSelected = (key: string) => sel.kind === 'key' && sel.key === key
  // a selected header or request-line part lights up the keys it produced
  const lit = new Set(
    sel.kind === 'part' ? keysForPart(sel.part, Object.keys(env)).map((link) => link.key) : []
  )
  return (
    <EnvironGrid
      environ={env}
      profile={profile.value}
      filter={filter.value}
      onFilter={(value) => {
        filter.value = value
      }}
      heading={{ level: 'h4', id: 'captured-environ-title' }}
      tableLabel="Captured environ"
      filterLabel="Filter environ keys"
      look={look}
      keyTitle={(key, keys) => docFor(key, keys, profile.value)?.summary}
      rowClass={(key) => (lit.has(key) || isSelected(key)) && styles.lit}
      renderKey={(key) => (
        // a switch, like the request's lines: captured names must not pass for the page's buttons
        <button
          type="button"
          role="switch"
          class={styles.keyButton}
          aria-checked={isSelected(key)}
          onClick={() => toggleDetailKey(key)}
        >
          {key}
        </button>
      )}
      renderValue={(key, value) =>
        redacted.has(key) ? (
          <span class={styles.redacted} title="Replaced by the server's --redact option">
            redacted
          </span>
        ) : (
          <VisibleText value={value} />
        )
      }
    />
  )
}
