import styles from './live-view.module.css'

/** Said instead of an empty list when the server records nothing (`--history 0`). */
export function CaptureOff() {
  return (
    <div class={styles.off}>
      <h3 class={styles.offTitle}>Live capture is off</h3>
      <p>
        This server was started with <code>--history 0</code>, so it keeps no requests and this page
        has nothing to show. The echo itself still answers.
      </p>
      <p>
        To turn it on, restart the server without that option (it keeps the last 500 requests by
        default) or choose how many to keep; <code>--redact</code> hides credentials from the
        history:
      </p>
      <pre class={styles.command}>npm start -- --history 500 --redact authorization,cookie</pre>
    </div>
  )
}
