import { useSignal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import styles from './tabs.module.css'

export interface Tab {
  readonly id: string
  readonly label: string
  readonly badge?: string | number | undefined
  readonly render: () => ComponentChildren
  /** Called when the tab is hovered or focused, to fetch a panel that loads on demand. */
  readonly preload?: () => void
}

/**
 * ARIA tabs: arrow keys move between tabs, only the active panel is rendered.
 *
 * @see https://developer.mozilla.org/en-US/docs/Web/Accessibility/ARIA/Roles/tab_role (as preact-www TabGroup)
 */
export function Tabs({
  label,
  tabs,
  initial,
}: {
  label: string
  tabs: readonly Tab[]
  initial: string
}) {
  const active = useSignal(initial)
  const current = tabs.find((tab) => tab.id === active.value) ?? tabs[0]
  const focusTab = (index: number, list: HTMLElement | null) => {
    const next = tabs[(index + tabs.length) % tabs.length]
    if (!next) return
    active.value = next.id
    list?.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus()
  }
  return (
    <div class={styles.tabs}>
      <div
        role="tablist"
        aria-label={label}
        class={styles.list}
        onKeyDown={(event) => {
          const index = tabs.findIndex((tab) => tab.id === active.value)
          const list = event.currentTarget as HTMLElement
          if (event.key === 'ArrowRight') focusTab(index + 1, list)
          else if (event.key === 'ArrowLeft') focusTab(index - 1, list)
          else if (event.key === 'Home') focusTab(0, list)
          else if (event.key === 'End') focusTab(tabs.length - 1, list)
        }}
      >
        {tabs.map((tab) => {
          const selected = tab.id === current?.id
          return (
            <button
              key={tab.id}
              id={`tab-${tab.id}`}
              type="button"
              role="tab"
              class={styles.tab}
              aria-selected={selected}
              aria-controls={`panel-${tab.id}`}
              tabIndex={selected ? 0 : -1}
              onMouseEnter={tab.preload}
              onFocus={tab.preload}
              onClick={() => {
                active.value = tab.id
              }}
            >
              {tab.label}
              {tab.badge !== undefined && <span class={styles.badge}>{tab.badge}</span>}
            </button>
          )
        })}
      </div>
      {current && (
        <div
          id={`panel-${current.id}`}
          role="tabpanel"
          aria-labelledby={`tab-${current.id}`}
          class={styles.panel}
        >
          {current.render()}
        </div>
      )}
    </div>
  )
}
