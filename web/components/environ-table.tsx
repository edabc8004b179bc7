import { cx } from '../lib/cx.ts'
import { keysForRange } from '../state/exact-result.ts'
import { docFor, groupEnviron } from '../state/groups.ts'
import {
  environ,
  exactAnswer,
  filter,
  highlightedKeys,
  profile,
  selection,
  sent,
  toggleKey,
} from '../state/inspector.ts'
import { headerKey } from '../state/trace.ts'
import styles from './environ-table.module.css'
import { VisibleText } from './visible-text.tsx'

/** The environ as a real table, grouped CGI / HTTP_* / wsgi.* / extensions, filterable. */
export function EnvironTable() {
  const env = environ.value
  if (!env) return null
  const keys = Object.keys(env)
  const groups = groupEnviron(env, profile.value, filter.value)
  const links = new Map(highlightedKeys.value.map((link) => [link.key, link.via]))
  const sel = selection.value
  const browserKeys = new Set(
    sent.value?.headers.filter((h) => h.origin === 'browser').map((h) => headerKey(h.name)) ?? []
  )
  // exact mode: keys whose value came from a header line the server added
  const answer = exactAnswer.value
  const addedKeys = new Set(
    answer?.added.flatMap((line) =>
      keysForRange(answer, line.range)
        .filter((link) => link.via === 'direct')
        .map((link) => link.key)
    ) ?? []
  )
  return (
    <section class={styles.panel} aria-labelledby="environ-title">
      <div class={styles.head}>
        <h2 id="environ-title" class={styles.title}>
          environ <span class={styles.count}>{keys.length} keys</span>
        </h2>
        <input
          type="search"
          class={styles.filter}
          aria-label="Filter keys"
          placeholder="Filter keys and values…"
          value={filter.value}
          onInput={(event) => {
            filter.value = event.currentTarget.value
          }}
        />
      </div>
      <table class={styles.table} aria-label="Environ">
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
            {group.rows.map(([key, value]) => {
              const via = links.get(key)
              const selected = sel.kind === 'key' && sel.key === key
              return (
                <tr
                  key={key}
                  data-key={key}
                  class={cx(styles.row, via && styles[via], selected && styles.selected)}
                >
                  <th scope="row" class={styles.key}>
                    <button
                      type="button"
                      aria-pressed={selected}
                      title={docFor(key, keys, profile.value)?.summary ?? 'Explain this key'}
                      onClick={() => toggleKey(key)}
                    >
                      {key}
                    </button>
                    {browserKeys.has(key) && <span class={styles.tag}>browser</span>}
                    {addedKeys.has(key) && (
                      <span class={styles.tag} title="From a header line the server added">
                        added
                      </span>
                    )}
                  </th>
                  <td class={styles.value}>
                    <VisibleText value={value} />
                  </td>
                </tr>
              )
            })}
          </tbody>
        ))}
      </table>
      {groups.length === 0 && <p class={styles.none}>No key or value matches “{filter.value}”.</p>}
    </section>
  )
}
