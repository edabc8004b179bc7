import type { DecisionJson } from '../../../server/contract/api/proxy.ts'
import { VisibleText } from '../../components/visible-text.tsx'
import { cx } from '../../lib/cx.ts'
import styles from './answer.module.css'

function Value({ value }: { value: string | null }) {
  return value === null ? (
    <span class={styles.absent}>absent</span>
  ) : (
    <VisibleText value={value} hint={false} />
  )
}

/** The real server's line that decided it, named by file and line (`proxy_headers.py#L182`). */
function Cite({ url }: { url: string }) {
  const where = url.slice(url.lastIndexOf('/') + 1)
  return (
    <>
      {' '}
      <a href={url} target="_blank" rel="noreferrer" class={styles.cite}>
        {where}
      </a>
    </>
  )
}

/** One row per key a policy may rewrite: before, after, the header it came from, and why. */
export function DecisionTable({ decisions }: { decisions: readonly DecisionJson[] }) {
  return (
    <section class={styles.section} aria-labelledby="proxy-decisions-title">
      <h3 id="proxy-decisions-title" class={styles.title}>
        What the policy decided
      </h3>
      <table class={styles.table} aria-label="Decisions">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => {
            const changed = d.to !== d.from
            return (
              <tr key={d.key} class={cx(changed && styles.rewritten)}>
                <th scope="row">{d.key}</th>
                <td>
                  {changed ? (
                    <>
                      <Value value={d.from} /> <span aria-hidden="true">→</span>
                      <span class="visually-hidden">becomes</span> <Value value={d.to} />
                    </>
                  ) : (
                    <Value value={d.to} />
                  )}
                </td>
                <td class={styles.rule}>
                  <span class={styles.source}>{changed ? `from ${d.source}` : 'unchanged'}</span>{' '}
                  {d.rule}
                  {d.cite && <Cite url={d.cite} />}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
