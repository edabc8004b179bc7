import { useSignal } from '@preact/signals'
import type { SendAnswer } from '../../server/contract/api/send.ts'
import { cx } from '../lib/cx.ts'
import { profileRows } from '../state/profile-notes.ts'
import compare from './compare-table.module.css'
import styles from './profiles-table.module.css'
import { VisibleText } from './visible-text.tsx'

/**
 * The environ each server profile builds from the same bytes, side by side. Rows where the
 * profiles disagree are marked, with one sentence on why.
 */
export function ProfilesTable({ answer }: { answer: SendAnswer }) {
  const onlyDifferences = useSignal(false)
  const profiles = answer.profiles
  if (!profiles) {
    return (
      <section class={compare.panel} aria-labelledby="profiles-title">
        <div class={compare.head}>
          <h2 id="profiles-title" class={compare.title}>
            Profiles
          </h2>
        </div>
        <p class={compare.none}>
          No profile saw this request, so there is nothing to compare. {answer.profilesReason ?? ''}
        </p>
      </section>
    )
  }
  const names = Object.keys(profiles)
  const rows = profileRows(profiles, answer.differences ?? [])
  const differing = rows.filter((row) => row.difference).length
  const shown = onlyDifferences.value ? rows.filter((row) => row.difference) : rows
  return (
    <section class={compare.panel} aria-labelledby="profiles-title">
      <div class={compare.head}>
        <h2 id="profiles-title" class={compare.title}>
          Profiles
        </h2>
        <span class={compare.summary}>
          <span class={compare.changed}>{differing} differ</span>
          <span>{rows.length - differing} same</span>
        </span>
        <label class={compare.toggle}>
          <input
            type="checkbox"
            checked={onlyDifferences.value}
            onChange={(event) => {
              onlyDifferences.value = event.currentTarget.checked
            }}
          />
          Only differences
        </label>
      </div>
      <p class={styles.lead}>
        The same bytes, as each server would build the environ. This server runs{' '}
        <strong>{answer.serverProfile}</strong>; its column is the environ tab.
      </p>
      <table class={cx(compare.table, styles.table)} aria-label="Profiles">
        <thead>
          <tr>
            <th scope="col">Key</th>
            {names.map((name) => {
              const outcome = profiles[name]
              const rejected = outcome && 'rejected' in outcome ? outcome.rejected : undefined
              return (
                <th key={name} scope="col">
                  <code>{name}</code>
                  {rejected && (
                    <span class={styles.refused}>
                      refused {rejected.status}: {rejected.reason}
                    </span>
                  )}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.key} class={cx(compare.row, row.difference && compare.changed)}>
              <th scope="row">
                {row.key}
                {row.difference && (
                  <span class={compare.badge}>
                    {row.difference.kind === 'absent' ? 'not in all' : 'differs'}
                  </span>
                )}
                {row.why && <span class={styles.why}>{row.why}</span>}
              </th>
              {names.map((name) => {
                const value = row.values[name]
                return (
                  <td key={name}>
                    {value === null || value === undefined ? (
                      <span class={compare.absent}>absent</span>
                    ) : (
                      <VisibleText value={value} hint={false} />
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p class={compare.none}>The profiles agree on every key.</p>}
    </section>
  )
}
