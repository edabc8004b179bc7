import { cx } from '../lib/cx.ts'
import { sidebarOpen } from '../state/layout.ts'
import { HistoryList } from './history-list.tsx'
import { PresetList } from './preset-list.tsx'
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
        <PresetList />
        <HistoryList />
      </aside>
    </>
  )
}
