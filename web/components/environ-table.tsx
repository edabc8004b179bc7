import { cx } from '../lib/cx.ts'
import { headerKey } from '../logic/trace.ts'
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
import { exactMode, keyDocs } from '../state/lazy-models.ts'
import { EnvironGrid } from './environ-grid.tsx'
import styles from './environ-table.module.css'
import { KeyExplanation } from './lazy-views.tsx'

const look = { filter: styles.filter, table: styles.table, key: styles.key }

/** A key is about to be explained: fetch the key docs (tooltips) and the explanation's code. */
function prepareExplanation(): void {
  void keyDocs.load()
  KeyExplanation.preload()
}

/** The Inspect page's environ: keys toggle their explanation, rows show what they came from. */
export function EnvironTable() {
  const env = environ.value
  if (!env) return null
  const links = new Map(highlightedKeys.value.map((link) => [link.key, link.via]))
  const sel = selection.value
  const isSelected = (key: string) => sel.kind === 'key' && sel.key === key
  const docs = keyDocs.module.value
  const browserKeys = new Set(
    sent.value?.headers.filter((h) => h.origin === 'browser').map((h) => headerKey(h.name)) ?? []
  )
  // exact mode: keys whose value came from a header line the server added
  const answer = exactAnswer.value
  const code = exactMode.module.value // loaded: it made the answer
  const addedKeys = new Set(
    (code &&
      answer?.added.flatMap((line) =>
        code
          .keysForRange(answer, line.range)
          .filter((link) => link.via === 'direct')
          .map((link) => link.key)
      )) ??
      []
  )
  return (
    <EnvironGrid
      environ={env}
      profile={profile.value}
      filter={filter.value}
      onFilter={(value) => {
        filter.value = value
      }}
      heading={{ level: 'h2', id: 'environ-title' }}
      tableLabel="Environ"
      filterLabel="Filter keys"
      look={look}
      rowClass={(key) => {
        const via = links.get(key)
        return cx(styles.row, via && styles[via], isSelected(key) && styles.selected)
      }}
      renderKey={(key, keys) => (
        <>
          <button
            type="button"
            aria-pressed={isSelected(key)}
            title={docs?.docFor(key, keys, profile.value)?.summary ?? 'Explain this key'}
            onMouseEnter={prepareExplanation}
            onFocus={prepareExplanation}
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
        </>
      )}
    />
  )
}
