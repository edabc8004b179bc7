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
import { LiveView, ProxyView, RequestView } from './components/lazy-views.tsx'
import { LiveNotice } from './components/live-notice.tsx'
import { ResultPane } from './components/result-pane.tsx'
import { Sidebar } from './components/sidebar.tsx'
import { current, loadServerInfo, selection, send } from './state/inspector.ts'
import { sidebarOpen } from './state/layout.ts'
import { page } from './state/page.ts'

function onKeyDown(event: KeyboardEvent): void {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && page.value === 'inspect') {
    event.preventDefault()
    void send()
  } else if (event.key === 'Escape') {
    if (sidebarOpen.value) sidebarOpen.value = false
    else if (selection.value.kind !== 'none') selection.value = { kind: 'none' }
  }
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
      <div class={styles.body}>
        <Sidebar />
        {page.value === 'live' ? (
          <main class={styles.page}>
            <LiveView />
          </main>
        ) : page.value === 'proxy' ? (
          <main class={styles.page}>
            <ProxyView />
          </main>
        ) : (
          <main class={styles.main}>
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
    </div>
  )
}
