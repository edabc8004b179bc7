import { draftMode } from '../logic/request.ts'
import type { KeyValueRow } from '../logic/rows.ts'
import { headerKey } from '../logic/trace.ts'
import { draft, outgoing } from '../state/composer.ts'
import { exactMode } from '../state/lazy-models.ts'
import styles from './editor.module.css'
import { type RowNote, RowTable } from './row-table.tsx'

/** Header names offered as suggestions in the header table. */
const COMMON_HEADERS: readonly string[] = [
  'Accept',
  'Accept-Language',
  'Authorization',
  'Cache-Control',
  'Content-Type',
  'Cookie',
  'Forwarded',
  'Host',
  'If-Modified-Since',
  'If-None-Match',
  'Origin',
  'Range',
  'Referer',
  'User-Agent',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'X-Forwarded-Port',
  'X-Forwarded-Prefix',
  'X-Forwarded-Proto',
  'X-Real-IP',
  'X-Request-ID',
  'X-Requested-With',
]

/**
 * Header rows: duplicates allowed. In browser mode, rows the browser refuses are marked with
 * the reason; in exact mode every name goes out, as a line of its own.
 */
export function HeaderEditor() {
  const current = draft.value
  const exact = draftMode(current) === 'exact'
  // exact mode: no notes until its code has loaded (a moment after switching)
  const plan = exact ? (exactMode.module.value?.exactPlan.value.plan ?? []) : outgoing.value.plan
  const counts = new Map<string, number>()
  for (const p of plan) {
    if (p.status === 'send')
      counts.set(p.row.name.toLowerCase(), (counts.get(p.row.name.toLowerCase()) ?? 0) + 1)
  }
  const note = (row: KeyValueRow): RowNote | undefined => {
    const p = plan.find((entry) => entry.row.id === row.id)
    if (!p) return undefined
    if (p.status === 'invalid') return { tone: 'danger', label: 'Invalid:', text: p.reason ?? '' }
    if (p.status === 'forbidden')
      return { tone: 'warn', label: 'The browser won’t send this.', text: p.reason ?? '' }
    if (p.status !== 'send') return undefined
    if ((counts.get(row.name.toLowerCase()) ?? 0) > 1)
      return {
        tone: 'info',
        label: 'Repeated:',
        text: exact
          ? 'Each row is its own line; the server joins them with ",".'
          : 'fetch() joins every row of this name into one line with ", ".',
      }
    if (row.name.includes('_'))
      return {
        tone: 'info',
        label: `→ ${headerKey(row.name)}.`,
        text: 'Same key as the "-" spelling; gunicorn and Werkzeug drop names with "_" for that reason.',
      }
    return undefined
  }
  return (
    <div class={styles.editor}>
      <RowTable
        list="headers"
        rows={current.headers}
        noun="header"
        namePlaceholder="X-Custom-Header"
        valuePlaceholder="value"
        suggestions="header-names"
        note={note}
        footer={
          exact ? (
            <span>
              Sent exactly as written, in this order. The server adds only what HTTP needs and you
              left out (Host for HTTP/1.1, Content-Length for a body) and says so.
            </span>
          ) : (
            <span>
              The browser adds its own headers too (Host, User-Agent, Sec-Fetch-*…); they show up
              after sending.
            </span>
          )
        }
      />
      <datalist id="header-names">
        {COMMON_HEADERS.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </div>
  )
}
