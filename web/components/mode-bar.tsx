import { draftMode } from '../logic/request.ts'
import { draft, setHttpVersion, setMode, setScriptName } from '../state/composer.ts'
import { serverInfo } from '../state/inspector.ts'
import { Button } from './button.tsx'
import editor from './editor.module.css'
import styles from './mode-bar.module.css'

const VERSIONS = ['1.1', '1.0']

/** Browser | Exact, and in exact mode the HTTP version. */
export function ModeBar() {
  const current = draft.value
  const mode = draftMode(current)
  const version = current.httpVersion ?? '1.1'
  const versions = VERSIONS.includes(version) ? VERSIONS : [...VERSIONS, version]
  return (
    <div class={styles.bar}>
      <fieldset class={editor.segmented}>
        <legend class="visually-hidden">Send mode</legend>
        <Button
          small
          aria-pressed={mode === 'browser'}
          title="Send with fetch(): the browser's rules apply"
          onClick={() => setMode('browser')}
        >
          Browser
        </Button>
        <Button
          small
          aria-pressed={mode === 'exact'}
          title="The server sends your bytes exactly: any header, any version, raw bytes"
          onClick={() => setMode('exact')}
        >
          Exact
        </Button>
      </fieldset>
      {mode === 'exact' ? (
        <>
          <label class={styles.version}>
            <span class="visually-hidden">HTTP version</span>
            <select value={version} onChange={(event) => setHttpVersion(event.currentTarget.value)}>
              {versions.map((v) => (
                <option key={v} value={v}>
                  HTTP/{v}
                </option>
              ))}
            </select>
          </label>
          <label class={styles.mount}>
            <span>Mount at</span>
            <input
              aria-describedby="mount-hint"
              value={current.scriptName ?? ''}
              placeholder={serverInfo.value?.scriptName || 'none'}
              spellcheck={false}
              autocomplete="off"
              onInput={(event) => setScriptName(event.currentTarget.value)}
            />
          </label>
          <span id="mount-hint" class={styles.hint}>
            The server writes these exact bytes to its own echo: every header allowed. Mount at sets
            SCRIPT_NAME for this send, as <code>--script-name</code> does for the server.
          </span>
        </>
      ) : (
        <span class={styles.hint}>Sent by this browser with fetch(), under its rules.</span>
      )}
    </div>
  )
}
