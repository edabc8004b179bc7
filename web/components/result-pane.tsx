import { current } from '../state/inspector.ts'
import { ResultView } from './lazy-views.tsx'
import styles from './result-pane.module.css'

/** The right-hand column: what to do before the first send, then the result. */
export function ResultPane() {
  if (current.value) return <ResultView />
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
