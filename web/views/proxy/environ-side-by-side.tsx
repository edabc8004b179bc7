import { useSignal } from '@preact/signals'
import type { ProxyApiResponse } from '../../../server/contract/api/proxy.ts'
import { VisibleText } from '../../components/visible-text.tsx'
import { cx } from '../../lib/cx.ts'
import { environRows } from '../../state/proxy-answer.ts'
import styles from './answer.module.css'

function Cell({ value }: { value: string | undefined }) {
  return value === undefined ? (
    <span class={styles.absent}>absent</span>
  ) : (
    <VisibleText value={value} hint={false} />
  )
}

/** The environ before and after the policy, key by key; rewritten and added keys marked. */
export function EnvironSideBySide({ answer }: { answer: ProxyApiResponse }) {
  const onlyRewritten = useSignal(false)
  const rows = environRows(answer)
  const shown = onlyRewritten.value ? rows.filter((row) => row.rewritten) : rows
  return (
    <section class={styles.section} aria-labelledby="proxy-environ-title">
      <div class={styles.titleRow}>
        <h3 id="proxy-environ-title" class={styles.title}>
          Raw and effective environ{' '}
          <span class={styles.count}>{rows.filter((row) => row.rewritten).length} rewritten</span>
        </h3>
        <label class={styles.toggle}>
          <input
            type="checkbox"
            checked={onlyRewritten.value}
            onChange={(event) => {
              onlyRewritten.value = event.currentTarget.checked
            }}
          />
          Only rewritten keys
        </label>
      </div>
      <table class={styles.table} aria-label="Raw and effective environ">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Raw (as the server built it)</th>
            <th scope="col">Effective (what the app gets)</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.key} class={cx(row.rewritten && styles.rewritten)}>
              <th scope="row">
                {row.key}
                {row.rewritten && (
                  <span class={styles.badge}>{row.change === 'added' ? 'added' : 'rewritten'}</span>
                )}
              </th>
              <td>
                <Cell value={row.raw} />
              </td>
              <td>
                <Cell value={row.effective} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
