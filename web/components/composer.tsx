import { formatBytes } from '../lib/bytes.ts'
import { bodyLength } from '../logic/body.ts'
import { draftMode } from '../logic/request.ts'
import { isActive } from '../logic/rows.ts'
import { draft, outgoing } from '../state/composer.ts'
import styles from './composer.module.css'
import { ComposerActions } from './composer-actions.tsx'
import { BodyEditor, HeaderEditor, RawEditor } from './lazy-views.tsx'
import { QueryEditor } from './query-editor.tsx'
import { RequestBar } from './request-bar.tsx'
import { type Tab, Tabs } from './tabs.tsx'

/** The request composer: mode, method, path, Send, and tabs for query, headers, body (and raw bytes). */
export function Composer() {
  const current = draft.value
  const exact = draftMode(current) === 'exact'
  const bodyBytes = exact ? bodyLength(current.body) : outgoing.value.bodyBytes
  const queryCount =
    current.queryMode === 'raw'
      ? current.rawQuery
        ? 'raw'
        : ''
      : current.queryRows.filter(isActive).length
  const tabs: Tab[] = [
    { id: 'query', label: 'Query', badge: queryCount || undefined, render: () => <QueryEditor /> },
    {
      id: 'headers',
      label: 'Headers',
      badge: current.headers.filter(isActive).length || undefined,
      render: () => <HeaderEditor />,
      preload: HeaderEditor.preload,
    },
    {
      id: 'body',
      label: 'Body',
      badge: bodyBytes ? formatBytes(bodyBytes) : undefined,
      render: () => <BodyEditor />,
      preload: BodyEditor.preload,
    },
  ]
  if (exact)
    tabs.push({
      id: 'raw',
      label: 'Raw',
      badge: current.sendRaw ? 'sending' : undefined,
      render: () => <RawEditor />,
      preload: RawEditor.preload,
    })
  return (
    <section id="composer" tabIndex={-1} class={styles.card} aria-label="Compose a request">
      <ComposerActions />
      <RequestBar />
      <Tabs label="Request parts" tabs={tabs} initial="query" />
    </section>
  )
}
