import { useSignal } from '@preact/signals'
import { buildQueryString, parseQueryString } from '../logic/query.ts'
import { draftQuery } from '../logic/request.ts'
import { draft, rawQueryIsLossy, setQueryMode, setRawQuery } from '../state/composer.ts'
import { Button } from './button.tsx'
import styles from './editor.module.css'
import { RowTable } from './row-table.tsx'

/** Query parameters as a table, or as raw text sent exactly as typed. */
export function QueryEditor() {
  const current = draft.value
  const confirming = useSignal(false)
  const raw = current.queryMode === 'raw'
  const toTable = () => {
    if (rawQueryIsLossy.value && !confirming.value) {
      confirming.value = true
      return
    }
    confirming.value = false
    setQueryMode('table')
  }
  const query = draftQuery(current)
  return (
    <div class={styles.editor}>
      <div class={styles.toolbar}>
        <fieldset class={styles.segmented}>
          <legend class="visually-hidden">Query editor mode</legend>
          <Button small aria-pressed={!raw} onClick={toTable}>
            Table
          </Button>
          <Button small aria-pressed={raw} onClick={() => setQueryMode('raw')}>
            Raw
          </Button>
        </fieldset>
        <span class={styles.hint}>
          {raw
            ? 'Sent exactly as typed — %zz, + and empty pieces included.'
            : 'Names and values are percent-encoded as UTF-8.'}
        </span>
      </div>
      {confirming.value && (
        <p class={styles.confirm} role="alert">
          The table would re-encode this query: <code>{current.rawQuery}</code> becomes{' '}
          <code>{buildQueryString(parseQueryString(current.rawQuery)) || '(empty)'}</code>.{' '}
          <Button small onClick={toTable}>
            Switch anyway
          </Button>{' '}
          <Button small variant="ghost" onClick={() => (confirming.value = false)}>
            Keep raw
          </Button>
        </p>
      )}
      {raw ? (
        <label class={styles.rawField}>
          <span class={styles.fieldLabel}>Raw query string</span>
          <input
            value={current.rawQuery}
            placeholder="a=1&b=%zz+c"
            spellcheck={false}
            autocomplete="off"
            onInput={(event) => setRawQuery(event.currentTarget.value)}
          />
        </label>
      ) : (
        <RowTable
          list="queryRows"
          rows={current.queryRows}
          noun="parameter"
          namePlaceholder="name"
          valuePlaceholder="value"
        />
      )}
      <p class={styles.result}>
        <span class={styles.resultLabel}>QUERY_STRING</span>
        <code>{query === '' ? '(empty)' : query}</code>
      </p>
    </div>
  )
}
