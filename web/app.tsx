/**
 * @module
 * The page: header, the examples-and-history drawer, then two columns. Left: compose the
 * request, see it as sent, read the explanation. Right: the result and its environ.
 */
import { useEffect } from 'preact/hooks'
import styles from './app.module.css'
import { AppHeader } from './components/app-header.tsx'
import { Composer } from './components/composer.tsx'
import { KeyExplainer } from './components/key-explainer.tsx'
import {
  ExportDialog,
  ImportDialog,
  KeysView,
  LabView,
  LiveView,
  PageMessage,
  ProxyView,
  RequestView,
  ShareDialog,
  ShortcutsDialog,
  TourPanel,
} from './components/lazy-views.tsx'
import { LiveNotice } from './components/live-notice.tsx'
import { ResultPane } from './components/result-pane.tsx'
import { Sidebar } from './components/sidebar.tsx'
import { cx } from './lib/cx.ts'
import { focusShortcut, isTyping } from './lib/keyboard.ts'
import { openDialog } from './state/dialogs.ts'
import { current, loadServerInfo, selection, send } from './state/inspector.ts'
import { sidebarOpen } from './state/layout.ts'
import { pageMessage } from './state/message.ts'
import { page } from './state/page.ts'
import { shortcutsOpen } from './state/shortcuts.ts'
import { tourStep } from './state/tour.ts'

function onKeyDown(event: KeyboardEvent): void {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && page.value === 'inspect') {
    event.preventDefault()
    void send()
  } else if (event.key === 'Escape') {
    // an open dialog takes its own Escape
    if (document.querySelector('dialog[open]')) return
    if (sidebarOpen.value) sidebarOpen.value = false
    else if (selection.value.kind !== 'none') selection.value = { kind: 'none' }
  } else if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) {
    // "/" and "?" are text while typing
  } else if (event.key === '/' && focusShortcut('/')) {
    event.preventDefault()
  } else if (event.key === '?') {
    event.preventDefault()
    shortcutsOpen.value = true
  }
}

/** The open Import, Export or Share dialog, if any. */
function RequestDialog() {
  const open = openDialog.value
  if (open?.kind === 'import') return <ImportDialog />
  if (open?.kind === 'share') return <ShareDialog />
  if (open?.kind === 'export') return <ExportDialog from={open} />
  return null
}

export function App() {
  useEffect(() => {
    void loadServerInfo()
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])
  return (
    <div class={styles.app}>
      <AppHeader />
      {pageMessage.value && <PageMessage />}
      <div class={cx(styles.body, page.value === 'inspect' && styles.withSidebar)}>
        {page.value === 'inspect' && <Sidebar />}
        {page.value === 'live' ? (
          <main id="main" tabIndex={-1} class={styles.page}>
            <LiveView />
          </main>
        ) : page.value === 'proxy' ? (
          <main id="main" tabIndex={-1} class={styles.page}>
            <ProxyView />
          </main>
        ) : page.value === 'lab' ? (
          <main id="main" tabIndex={-1} class={styles.page}>
            <LabView />
          </main>
        ) : page.value === 'keys' ? (
          <main id="main" tabIndex={-1} class={styles.page}>
            <KeysView />
          </main>
        ) : (
          <main id="main" tabIndex={-1} class={styles.main}>
            <div class={styles.left}>
              <Composer />
              {current.value && <RequestView />}
              <KeyExplainer />
            </div>
            <div class={styles.right}>
              <ResultPane />
            </div>
          </main>
        )}
      </div>
      <LiveNotice />
      {tourStep.value !== undefined && <TourPanel />}
      {shortcutsOpen.value && <ShortcutsDialog />}
      <RequestDialog />
    </div>
  )
}
