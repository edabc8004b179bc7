/**
 * @module
 * The Live page: every request that reaches the echo, as it arrives. A list with pause,
 * clear and filter on top; the selected request and its environ side by side below, with
 * Replay (into the composer) and Compare (against a pinned request).
 */
import { useEffect } from 'preact/hooks'
import { connection, startLive } from '../../state/live.ts'
import { CaptureOff } from './capture-off.tsx'
import { ConnectionStatus } from './connection-status.tsx'
import { LiveToolbar } from './live-toolbar.tsx'
import styles from './live-view.module.css'
import { RequestDetail } from './request-detail.tsx'
import { RequestList } from './request-list.tsx'

export function LiveView() {
  useEffect(startLive, [])
  const off = connection.value === 'off'
  return (
    <section class={styles.view} aria-labelledby="live-title">
      <div class={styles.intro}>
        <h2 id="live-title" class={styles.title}>
          Live capture
        </h2>
        <ConnectionStatus />
      </div>
      {off ? (
        <CaptureOff />
      ) : (
        <>
          <p id="live-about" class={styles.about}>
            Every request the echo answers shows up here as it arrives, from any client. Select one
            to read it and its environ; Replay opens it in the composer.
          </p>
          <LiveToolbar />
          <RequestList />
          <RequestDetail />
        </>
      )}
    </section>
  )
}
