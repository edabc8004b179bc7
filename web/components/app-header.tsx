import { useSignal } from '@preact/signals'
import { cx } from '../lib/cx.ts'
import { serverInfo, serverState } from '../state/inspector.ts'
import { sidebarOpen } from '../state/layout.ts'
import { PAGES, page, showPage } from '../state/page.ts'
import styles from './app-header.module.css'
import { SideLists } from './lazy-views.tsx'

const STATE_LABEL = { checking: 'connecting…', up: 'server up', down: 'server unreachable' }

/**
 * Title bar: what this is, the pages, and which server profile answers. Below 720 px the
 * pages and the server's details fold into a Menu; the examples drawer's button is shown
 * only on Inspect, the page whose form its entries fill.
 */
export function AppHeader() {
  const info = serverInfo.value
  const state = serverState.value
  const menuOpen = useSignal(false)
  return (
    <header class={styles.header}>
      <a class={styles.skip} href="#main">
        Skip to main content
      </a>
      <div class={styles.brand}>
        {page.value === 'inspect' && (
          <button
            type="button"
            class={styles.menu}
            aria-expanded={sidebarOpen.value}
            aria-controls="sidebar"
            onMouseEnter={SideLists.preload}
            onFocus={SideLists.preload}
            onClick={() => {
              sidebarOpen.value = !sidebarOpen.value
            }}
          >
            <span class={styles.bars} aria-hidden="true" />
            Examples<span class={styles.wideOnly}> &amp; history</span>
          </button>
        )}
        <span class={styles.logo} aria-hidden="true">
          {'{}'}
        </span>
        <div>
          <h1 class={styles.title}>environ inspector</h1>
          <p class={styles.tagline}>Every HTTP request, as a Python WSGI server sees it.</p>
        </div>
      </div>
      <button
        type="button"
        class={styles.menuToggle}
        aria-expanded={menuOpen.value}
        aria-controls="app-menu"
        onClick={() => {
          menuOpen.value = !menuOpen.value
        }}
      >
        Menu
      </button>
      <div id="app-menu" class={cx(styles.folding, menuOpen.value && styles.open)}>
        <nav class={styles.pages} aria-label="Pages">
          {PAGES.map((entry) => (
            <a
              key={entry.id}
              href={entry.hash}
              class={cx(styles.page, page.value === entry.id && styles.current)}
              aria-current={page.value === entry.id ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault()
                menuOpen.value = false
                showPage(entry.id)
              }}
            >
              {entry.label}
            </a>
          ))}
        </nav>
        <div class={styles.meta}>
          {info && (
            <span class={styles.chip} title="The WSGI server this echo emulates">
              profile <strong>{info.profile}</strong>
            </span>
          )}
          {info?.scriptName && (
            <span class={styles.chip} title="The app's mount point (SCRIPT_NAME)">
              mounted at <code>{info.scriptName}</code>
            </span>
          )}
          <span class={cx(styles.status, styles[state])} aria-live="polite">
            <span class={styles.dot} aria-hidden="true" />
            {STATE_LABEL[state]}
            {info && state === 'up' && <span class={styles.version}>v{info.version}</span>}
          </span>
          <a
            class={styles.link}
            href="https://peps.python.org/pep-3333/"
            target="_blank"
            rel="noreferrer"
          >
            PEP 3333
          </a>
        </div>
      </div>
    </header>
  )
}
