import { utf8Hint, visibleSegments } from '../logic/visible.ts'
import styles from './visible-text.module.css'

/**
 * Render an echoed value as text, with invisible characters made visible.
 *
 * Always text nodes, never HTML: values come from the network and may hold markup.
 */
export function VisibleText({ value, hint = true }: { value: string; hint?: boolean }) {
  if (value === '') return <span class={styles.empty}>(empty string)</span>
  const decoded = hint ? utf8Hint(value) : undefined
  return (
    <>
      <span class={styles.value}>
        {visibleSegments(value).map((segment, index) =>
          segment.kind === 'text' ? (
            segment.text
          ) : (
            <span
              // segments are positional; the index is the identity
              key={index}
              class={segment.kind === 'invisible' ? styles.invisible : styles.nonascii}
              title={segment.label}
            >
              {segment.text}
            </span>
          )
        )}
      </span>
      {decoded !== undefined && (
        <span class={styles.hint}>
          <span class={styles.hintLabel}>as UTF-8</span> {decoded}
        </span>
      )}
    </>
  )
}
