import { current, view } from '../state/inspector.ts'
import { CompareTable } from './compare-table.tsx'
import { EnvironTable } from './environ-table.tsx'
import { ResultBar } from './result-bar.tsx'
import styles from './result-pane.module.css'

/** The right-hand column: result bar, then the environ (or the comparison, or the error). */
export function ResultPane() {
  const result = current.value
  if (!result) {
    return (
      <section class={styles.empty} aria-label="Result">
        <p class={styles.emptyTitle}>Nothing sent yet</p>
        <p>
          Compose a request or pick an example, then press <strong>Send</strong> (<kbd>Ctrl</kbd>+
          <kbd>Enter</kbd>). The environ a WSGI app would receive appears here, every key explained.
        </p>
      </section>
    )
  }
  const outcome = result.outcome
  return (
    <section class={styles.pane} aria-label="Result">
      <ResultBar />
      {outcome.ok ? (
        view.value === 'compare' ? (
          <CompareTable />
        ) : (
          <EnvironTable />
        )
      ) : (
        <div class={styles.error} role="alert">
          <p class={styles.errorTitle}>
            {outcome.kind === 'unreachable'
              ? 'Server unreachable'
              : outcome.kind === 'no-body'
                ? 'No environ in a HEAD response'
                : 'No environ in this response'}
          </p>
          <p>{outcome.message}</p>
        </div>
      )}
    </section>
  )
}
