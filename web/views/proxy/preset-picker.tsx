import { Button } from '../../components/button.tsx'
import { choosePreset, presetEdited, presetId, presets } from '../../state/proxy.ts'
import styles from './proxy-forms.module.css'

/** Ready-made proxy set-ups: loading one replaces the request and the policy. */
export function PresetPicker() {
  const list = presets.value
  const current = list.find((preset) => preset.id === presetId.value)
  return (
    <section class={styles.card} aria-labelledby="proxy-preset-title">
      <h3 id="proxy-preset-title" class={styles.cardTitle}>
        Set-up
      </h3>
      <div class={styles.field}>
        <label for="proxy-preset">Preset</label>
        <div class={styles.presetRow}>
          <select
            id="proxy-preset"
            value={presetId.value}
            aria-describedby={current ? 'proxy-preset-description' : undefined}
            onChange={(event) => choosePreset(event.currentTarget.value)}
          >
            {list.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.name}
              </option>
            ))}
          </select>
          {presetEdited.value && (
            <>
              <span class={styles.edited}>edited</span>
              <Button small onClick={() => choosePreset(presetId.value)}>
                Reset
              </Button>
            </>
          )}
        </div>
      </div>
      {current && (
        <p id="proxy-preset-description" class={styles.hint}>
          {current.description}
        </p>
      )}
    </section>
  )
}
