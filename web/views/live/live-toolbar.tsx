import { useSignal } from '@preact/signals'
import { Button } from '../../components/button.tsx'
import { cx } from '../../lib/cx.ts'
import { isFiltering, methodChips, toggleMethod } from '../../logic/live-filter.ts'
import { clearHistory, liveFilter, liveList, togglePause, visibleRows } from '../../state/live.ts'
import styles from './live-toolbar.module.css'

/** Filter (text and method chips), pause / resume, clear (after a confirmation: it is server-wide). */
export function LiveToolbar() {
  const confirming = useSignal(false)
  const list = liveList.value
  const filter = liveFilter.value
  const chips = methodChips(list.rows, filter.methods)
  const shown = visibleRows.value.length
  return (
    <div class={styles.toolbar}>
      <label class={styles.filter}>
        <span class={styles.label}>Filter</span>
        <input
          type="search"
          aria-keyshortcuts="/"
          placeholder="method, path or header text…"
          value={filter.text}
          onInput={(event) => {
            liveFilter.value = { ...liveFilter.value, text: event.currentTarget.value }
          }}
        />
      </label>
      {chips.length > 0 && (
        <fieldset class={styles.chips}>
          <legend class="visually-hidden">Show only these methods</legend>
          {chips.map((method) => {
            const on = filter.methods.includes(method)
            return (
              <button
                key={method}
                type="button"
                class={cx(styles.chip, on && styles.on)}
                aria-pressed={on}
                onClick={() => {
                  liveFilter.value = toggleMethod(liveFilter.value, method)
                }}
              >
                {method}
              </button>
            )
          })}
        </fieldset>
      )}
      <span class={styles.count}>
        {isFiltering(filter)
          ? `${shown} of ${list.rows.length} shown`
          : `${list.rows.length} requests`}
      </span>
      <div class={styles.actions}>
        <Button small onClick={togglePause}>
          {list.paused ? 'Resume' : 'Pause'}
        </Button>
        {confirming.value ? (
          <span class={styles.confirm} role="alert">
            Delete all {list.rows.length} requests from the server’s history, for everyone watching?{' '}
            <Button
              small
              variant="primary"
              onClick={() => {
                confirming.value = false
                void clearHistory()
              }}
            >
              Delete them
            </Button>{' '}
            <Button small variant="ghost" onClick={() => (confirming.value = false)}>
              Cancel
            </Button>
          </span>
        ) : (
          <>
            <Button
              small
              variant="ghost"
              aria-describedby="clear-what"
              title="Deletes every request in the server's history, for everyone watching"
              onClick={() => (confirming.value = true)}
            >
              Clear
            </Button>
            <span id="clear-what" class={styles.hint}>
              empties the server’s history
            </span>
          </>
        )}
      </div>
    </div>
  )
}
