import { useEffect } from 'preact/hooks'
import { notice } from '../state/inspector.ts'
import styles from './live-notice.module.css'

/** A polite live region that shows short confirmations ("Copied curl command.") for a few seconds. */
export function LiveNotice() {
  const text = notice.value
  useEffect(() => {
    if (!text) return
    const timer = setTimeout(() => {
      notice.value = ''
    }, 3500)
    return () => clearTimeout(timer)
  }, [text])
  return (
    <div class={styles.region} role="status" aria-live="polite">
      {text && <p class={styles.toast}>{text}</p>}
    </div>
  )
}
