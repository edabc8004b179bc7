import { loadDraft } from '../state/composer.ts'
import { clearHistory, history } from '../state/history.ts'
import { notice } from '../state/inspector.ts'
import { sidebarOpen } from '../state/layout.ts'
import { Button } from './button.tsx'
import { revealForm } from './reveal-form.ts'
import styles from './side-list.module.css'

function timeOf(at: number): string {
  return new Date(at).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
}

/** The last 50 sent requests; clicking one reopens it in the composer. */
export function HistoryList() {
  const entries = history.value
  return (
    <section class={styles.section} aria-labelledby="history-title">
      <div class={styles.headingRow}>
        <h2 id="history-title" class={styles.heading}>
          History
        </h2>
        {entries.length > 0 && (
          <Button variant="ghost" small onClick={clearHistory}>
            Clear
          </Button>
        )}
      </div>
      {entries.length === 0 ? (
        <p class={styles.empty}>Sent requests appear here (kept in this browser, last 50).</p>
      ) : (
        <ul class={styles.list}>
          {entries.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                class={styles.item}
                title="Reopen in the composer"
                onClick={() => {
                  loadDraft(entry.draft)
                  sidebarOpen.value = false
                  notice.value = `Loaded ${entry.method} ${entry.target} into the form.`
                  revealForm()
                }}
              >
                <span class={styles.historyLine}>
                  <span class={styles.method}>{entry.method}</span>
                  <span class={styles.target}>{entry.target}</span>
                  {entry.draft.mode === 'exact' && <span class={styles.mode}>exact</span>}
                </span>
                <span class={styles.itemText}>
                  <span class={entry.status >= 200 && entry.status < 300 ? styles.ok : styles.bad}>
                    {entry.status || 'failed'}
                  </span>{' '}
                  · {entry.timeMs} ms · {timeOf(entry.at)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
