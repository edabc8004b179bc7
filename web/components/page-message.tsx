import { dismissMessage, pageMessage } from '../state/message.ts'
import { Button } from './button.tsx'
import styles from './page-message.module.css'

/** The page's standing message (a shared link opened, an import), with its details. */
export function PageMessage() {
  const message = pageMessage.value
  if (!message) return null
  return (
    <section
      class={message.tone === 'error' ? styles.error : styles.info}
      role={message.tone === 'error' ? 'alert' : 'status'}
      aria-labelledby="page-message-title"
    >
      <div class={styles.head}>
        <h2 id="page-message-title" class={styles.title}>
          {message.title}
        </h2>
        <Button small variant="ghost" onClick={dismissMessage}>
          Dismiss
        </Button>
      </div>
      {message.items && message.items.length > 0 && (
        <ul class={styles.items}>
          {message.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
