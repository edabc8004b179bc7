import { cx } from '../../lib/cx.ts'
import { formatBytes } from '../../logic/live-record.ts'
import {
  type ConnectionState,
  captureSettings,
  connection,
  connectionProblem,
} from '../../state/live.ts'
import styles from './connection-status.module.css'

const LABEL: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  off: 'capture off',
  down: 'server unreachable',
}

/** Whether new requests are arriving, and what the server's history keeps. */
export function ConnectionStatus() {
  const state = connection.value
  const settings = captureSettings.value
  return (
    <div class={styles.status}>
      <span class={cx(styles.pill, styles[state])} role="status">
        <span class={styles.dot} aria-hidden="true" />
        {LABEL[state]}
      </span>
      {state === 'down' && (
        <span class={styles.problem}>
          {connectionProblem.value} Trying again every few seconds.
        </span>
      )}
      {state !== 'down' && settings?.enabled && (
        <span class={styles.settings}>
          server keeps the last {settings.capacity} requests, {formatBytes(settings.bodyLimit)} of
          each body
          {settings.redact.length > 0 && `; redacting ${settings.redact.join(', ')}`}
        </span>
      )}
    </div>
  )
}
