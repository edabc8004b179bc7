import { cx } from '../lib/cx.ts'
import { sidebarOpen, wideLayout } from '../state/layout.ts'
import { SideLists } from './lazy-views.tsx'
import styles from './sidebar.module.css'

/** Examples and history: a column from 1440 px up, a drawer opened from the header below that. */
export function Sidebar() {
  const open = sidebarOpen.value
  return (
    <>
      {open && (
        <div
          class={styles.backdrop}
          aria-hidden="true"
          onClick={() => {
            sidebarOpen.value = false
          }}
        />
      )}
      <aside
        id="sidebar"
        class={cx(styles.sidebar, open && styles.open)}
        aria-label="Examples and history"
      >
        {/* once loaded the lists stay, so the drawer closes with its content */}
        {(open || wideLayout.value || SideLists.loaded.value) && <SideLists />}
      </aside>
    </>
  )
}
