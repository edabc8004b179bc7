import { useSignal } from '@preact/signals'
import { EnvironGrid, EnvironNote } from '../../components/environ-grid.tsx'
import { VisibleText } from '../../components/visible-text.tsx'
import { docFor } from '../../logic/key-docs.ts'
import { type CapturedRecord, redactedEnvironKeys } from '../../logic/live-record.ts'
import { profile } from '../../state/inspector.ts'
import styles from './captured-environ.module.css'

const look = {
  panel: styles.panel,
  title: styles.title,
  filter: styles.filter,
  key: styles.key,
  value: styles.value,
}

/** The environ a captured request became, read-only, grouped and filterable like the composer's. */
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
