import { Button } from '../../components/button.tsx'
import { EnvironDiff } from '../../components/compare-table.tsx'
import {
  type CapturedRecord,
  formatBytes,
  formatPeer,
  formatTime,
  toReplayRequest,
} from '../../logic/live-record.ts'
import { openDialog } from '../../state/dialogs.ts'
import { notice } from '../../state/inspector.ts'
import { pinnedRecord, selected, togglePin } from '../../state/live.ts'
import { replay } from '../../state/replay.ts'
import { CapturedEnviron } from './captured-environ.tsx'
import { CapturedKey } from './captured-key.tsx'
import { CapturedRequest } from './captured-request.tsx'
import { RecordActions } from './record-actions.tsx'
import { RecordProfiles } from './record-profiles.tsx'
import styles from './request-detail.module.css'

/** The selected request and its environ side by side, with Replay and Compare. */
export function RequestDetail() {
  const sel = selected.value
  if (!sel) {
    return <p class={styles.hint}>Select a request to read it and the environ it became.</p>
  }
  if (sel.state === 'loading') return <p class={styles.hint}>Loading request #{sel.id}…</p>
  if (sel.state === 'missing') {
    return (
      <p class={styles.hint} role="alert">
        Request #{sel.id} is no longer available. {sel.message}
      </p>
    )
  }
  const { record } = sel
  return (
    <section class={styles.detail} aria-labelledby="detail-title">
      <div class={styles.head}>
        <h3 id="detail-title" class={styles.title}>
          <span class={styles.id}>#{record.id}</span> {record.method}{' '}
          <span class={styles.target}>{record.target}</span>
        </h3>
        <div class={styles.actions}>
          <Button small variant="primary" onClick={() => replayRecord(record)}>
            Replay
          </Button>
          <Button small onClick={() => togglePin(record)}>
            {pinnedRecord.value?.id === record.id ? 'Unpin A' : 'Pin as A'}
          </Button>
          <Button
            small
            aria-haspopup="dialog"
            onClick={() => {
              openDialog.value = { kind: 'export', from: 'record', record }
            }}
          >
            Export…
          </Button>
        </div>
      </div>
      <p class={styles.meta}>
        {formatTime(record.time)} · {record.durationMs.toFixed(1)} ms · from{' '}
        {formatPeer(record.peer)} to {formatPeer(record.local)} · answered {record.status}
        {record.refusal && ` (refused: ${record.refusal})`}
      </p>
      <RecordActions record={record} />
      <p class={styles.meta}>
        Select a key to read what it is and light the lines it came from; select a line to light the
        keys it produced.
      </p>
      <CapturedKey record={record} />
      <div class={styles.sides}>
        <CapturedRequest record={record} />
        <CapturedEnviron record={record} />
      </div>
      <RecordProfiles record={record} />
      <Compare record={record} />
    </section>
  )
}

function replayRecord(record: CapturedRecord): void {
  replay(toReplayRequest(record))
  if (record.body.truncated) {
    notice.value = `Only the first ${formatBytes(record.body.bytes.length)} of the body were kept, so the composer has only those.`
  }
}

const label = (record: CapturedRecord) => `#${record.id} ${record.method} ${record.target}`

/** A (pinned) against the selected request, once they differ. */
function Compare({ record }: { record: CapturedRecord }) {
  const a = pinnedRecord.value
  if (!a) return null
  if (a.id === record.id) {
    return <p class={styles.hint}>This request is A. Select another one to compare it with.</p>
  }
  if (!a.environ || !record.environ) {
    return <p class={styles.hint}>A refused request has no environ to compare.</p>
  }
  return (
    <EnvironDiff
      a={a.environ}
      b={record.environ}
      labelA={label(a)}
      labelB={label(record)}
      onClose={() => {
        pinnedRecord.value = undefined
      }}
    />
  )
}
