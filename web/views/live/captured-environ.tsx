import { useSignal } from '@preact/signals'
import { VisibleText } from '../../components/visible-text.tsx'
import { docFor, groupEnviron } from '../../state/groups.ts'
import { profile } from '../../state/inspector.ts'
import { type CapturedRecord, redactedEnvironKeys } from '../../state/live-record.ts'
import styles from './captured-environ.module.css'

/** The environ a captured request became, read-only, grouped and filterable like the composer's. */
export function CapturedEnviron({ record }: { record: CapturedRecord }) {
  const filter = useSignal('')
  const env = record.environ
  if (!env) {
    return (
      <section class={styles.panel} aria-label="Captured environ">
        <p class={styles.none}>
          No environ: the server profile refused this request
          {record.refusal ? ` (${record.refusal})` : ''} before building one.
        </p>
      </section>
    )
  }
  const keys = Object.keys(env)
  const redacted = redactedEnvironKeys(record)
  const groups = groupEnviron(env, profile.value, filter.value)
  return (
    <section class={styles.panel} aria-labelledby="captured-environ-title">
      <div class={styles.head}>
        <h4 id="captured-environ-title" class={styles.title}>
          environ <span class={styles.count}>{keys.length} keys</span>
        </h4>
        <input
          type="search"
          class={styles.filter}
          aria-label="Filter environ keys"
          placeholder="Filter keys and values…"
          value={filter.value}
          onInput={(event) => {
            filter.value = event.currentTarget.value
          }}
        />
      </div>
      <table class={styles.table} aria-label="Captured environ">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.id}>
            <tr class={styles.group}>
              <th scope="rowgroup" colSpan={2}>
                {group.title} <span class={styles.count}>{group.rows.length}</span>
              </th>
            </tr>
            {group.rows.map(([key, value]) => (
              <tr key={key} class={styles.row}>
                <th
                  scope="row"
                  class={styles.key}
                  title={docFor(key, keys, profile.value)?.summary}
                >
                  {key}
                </th>
                <td class={styles.value}>
                  {redacted.has(key) ? (
                    <span class={styles.redacted} title="Replaced by the server's --redact option">
                      redacted
                    </span>
                  ) : (
                    <VisibleText value={value} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {groups.length === 0 && <p class={styles.none}>No key or value matches “{filter.value}”.</p>}
    </section>
  )
}
