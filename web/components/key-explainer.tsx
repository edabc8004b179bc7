import { environ, exactAnswer, selection, sent } from '../state/inspector.ts'
import styles from './key-explainer.module.css'
import { KeyExplanation } from './lazy-views.tsx'

/**
 * The teaching panel: a hint until something is selected, then the explanation of the
 * selected key or request part, whose code and key docs load on the first selection.
 */
export function KeyExplainer() {
  const env = environ.value
  const sel = selection.value
  if (!env || (!sent.value && !exactAnswer.value)) return null
  if (sel.kind === 'none' || (sel.kind === 'key' && env[sel.key] === undefined)) {
    return (
      <aside class={styles.panel} aria-label="Explanation">
        <p class={styles.placeholder}>
          Select a key in the environ to see what it means and where it came from, or a part of the
          request to see the keys it produced.
        </p>
      </aside>
    )
  }
  return <KeyExplanation />
}
