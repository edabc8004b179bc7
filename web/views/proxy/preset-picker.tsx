import { isProfileId, PROFILE_IDS } from '../../../server/contract/profiles.ts'
import { Button } from '../../components/button.tsx'
import { serverInfo } from '../../state/inspector.ts'
import {
  choosePreset,
  chooseProfile,
  presetEdited,
  presetId,
  presets,
  profileChoice,
} from '../../state/proxy.ts'
import { describedBy, FieldError } from './field-error.tsx'
import styles from './proxy-forms.module.css'

/**
 * Ready-made proxy set-ups (loading one replaces the request and the policy), and the server
 * profile that builds the environ.
 */
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
      <div class={styles.field}>
        <label for="proxy-profile">Server profile</label>
        <select
          id="proxy-profile"
          value={profileChoice.value}
          {...describedBy('profile', 'proxy-profile-hint')}
          onChange={(event) => {
            const value = event.currentTarget.value
            chooseProfile(isProfileId(value) ? value : '')
          }}
        >
          <option value="">this server's ({serverInfo.value?.profile ?? 'default'})</option>
          {PROFILE_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <span id="proxy-profile-hint" class={styles.hint}>
          Which server builds the environ: wsgiref keeps headers with underscores (so{' '}
          <code>X_Forwarded_For</code> lands in HTTP_X_FORWARDED_FOR too), gunicorn and werkzeug
          drop them. An ASGI server (uvicorn, hypercorn, daphne) builds a scope: pick its own trust
          as the policy to see its <code>client</code> and <code>scheme</code> decided.
        </span>
        <FieldError field="profile" />
      </div>
    </section>
  )
}
