import { PRESETS } from '../logic/presets.ts'
import { loadDraft } from '../state/composer.ts'
import { notice, serverInfo } from '../state/inspector.ts'
import { sidebarOpen } from '../state/layout.ts'
import { revealForm } from './reveal-form.ts'
import styles from './side-list.module.css'

/** Requests that each teach one thing; clicking one loads it into the composer. */
export function PresetList() {
  const scriptName = serverInfo.value?.scriptName ?? ''
  return (
    <section class={styles.section} aria-labelledby="presets-title">
      <h2 id="presets-title" class={styles.heading}>
        Examples
      </h2>
      <ul class={styles.list}>
        {PRESETS.map((preset) => (
          <li key={preset.id}>
            <button
              type="button"
              class={styles.item}
              aria-describedby={`preset-${preset.id}`}
              onClick={() => {
                loadDraft(preset.build({ scriptName }))
                sidebarOpen.value = false
                notice.value = `Loaded the example “${preset.title}” into the form.`
                revealForm()
              }}
            >
              <span class={styles.itemTitle}>{preset.title}</span>
              <span id={`preset-${preset.id}`} class={styles.itemText} aria-hidden="true">
                {preset.lesson}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
