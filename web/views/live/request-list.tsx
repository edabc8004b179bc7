import { useSignal } from '@preact/signals'
import { useRef } from 'preact/hooks'
import { cx } from '../../lib/cx.ts'
import { type CapturedSummary, formatPeer, formatTime } from '../../logic/live-record.ts'
import {
  connection,
  liveList,
  missed,
  selected,
  selectRequest,
  togglePause,
  visibleRows,
} from '../../state/live.ts'
import styles from './request-list.module.css'
import { useSteadyRow } from './use-steady-row.ts'

/**
 * The captured requests, newest first, as a table whose rows are focusable: arrow keys,
 * Home and End move between rows, Enter (or a click) selects one.
 *
 * Rows are keyed by id, so a request arriving at the top keeps focus and selection where
 * they are, and the selected row stays put on screen (use-steady-row.ts).
 */
export function RequestList() {
  const focusedId = useSignal<number | undefined>(undefined)
  const rows = visibleRows.value
  const list = liveList.value
  const selectedId = selected.value?.id
  const scroller = useRef<HTMLDivElement>(null)
  const onScroll = useSteadyRow(scroller, selectedId)
  // roving tabindex: one row is in the tab order, the focused one, else the selected, else the first
  const tabId =
    [focusedId.value, selectedId].find((id) => rows.some((row) => row.id === id)) ?? rows[0]?.id

  const onKeyDown = (event: KeyboardEvent) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-id]')
    const body = event.currentTarget as HTMLElement
    if (!row) return
    const all = [...body.querySelectorAll<HTMLElement>('tr[data-id]')]
    const at = all.indexOf(row)
    const moves: Record<string, HTMLElement | undefined> = {
      ArrowDown: all[at + 1],
      ArrowUp: all[at - 1],
      Home: all[0],
      End: all[all.length - 1],
    }
    const next = moves[event.key]
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      void selectRequest(Number(row.dataset.id))
    } else if (next) {
      event.preventDefault()
      next.focus()
    }
  }

  return (
    <div class={styles.panel}>
      {list.paused && (
        <div class={styles.paused} role="status">
          {list.held.length > 0 ? (
            <button type="button" class={styles.resume} onClick={togglePause}>
              {list.held.length} new — resume
            </button>
          ) : (
            <span>Paused: new requests are held until you resume.</span>
          )}
        </div>
      )}
      {missed.value > 0 && (
        <p class={styles.missed}>
          {missed.value} requests were dropped from the server’s history before this page got them
          (it keeps a fixed number).
        </p>
      )}
      <div class={styles.scroller} ref={scroller} onScroll={onScroll}>
        <table class={styles.table} aria-label="Captured requests">
          <thead>
            <tr>
              <th scope="col" class={styles.time}>
                Time
              </th>
              <th scope="col" class={styles.method}>
                Method
              </th>
              <th scope="col">Path</th>
              <th scope="col" class={styles.status}>
                Status
              </th>
              <th scope="col" class={styles.peer}>
                Peer
              </th>
            </tr>
          </thead>
          <tbody onKeyDown={onKeyDown}>
            {rows.map((row) => (
              <Row
                key={row.id}
                row={row}
                selected={row.id === selectedId}
                tabbable={row.id === tabId}
                onFocus={() => {
                  focusedId.value = row.id
                }}
              />
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <EmptyList filtered={list.rows.length > 0} />}
      </div>
    </div>
  )
}

function Row({
  row,
  selected,
  tabbable,
  onFocus,
}: {
  row: CapturedSummary
  selected: boolean
  tabbable: boolean
  onFocus: () => void
}) {
  return (
    <tr
      data-id={row.id}
      class={cx(styles.row, selected && styles.selected)}
      tabIndex={tabbable ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      onFocus={onFocus}
      onClick={() => void selectRequest(row.id)}
    >
      <td class={styles.time} title={row.time}>
        {formatTime(row.time)}
      </td>
      <td class={styles.method}>{row.method}</td>
      <td class={styles.target} title={row.target}>
        {row.target}
      </td>
      <td
        class={cx(styles.status, styles[statusClass(row.status)])}
        title={row.refusal ?? undefined}
      >
        {row.status}
      </td>
      <td class={styles.peer}>{formatPeer(row.peer)}</td>
    </tr>
  )
}

function statusClass(status: number): 'ok' | 'client' | 'server' {
  return status >= 500 ? 'server' : status >= 400 ? 'client' : 'ok'
}

function EmptyList({ filtered }: { filtered: boolean }) {
  if (filtered) return <p class={styles.empty}>No captured request matches the filter.</p>
  const waiting = connection.value === 'live' || connection.value === 'connecting'
  return (
    <div class={styles.empty}>
      <p>{waiting ? 'No requests yet. Send one from anywhere, for example:' : 'No requests.'}</p>
      {waiting && <code class={styles.example}>curl -d hello {location.origin}/hook</code>}
    </div>
  )
}
