import { BODY_PRESETS, type BodyKind } from '../logic/body-presets.ts'
import { applyBodyPreset } from '../state/body-tab.ts'
import { draft, outgoing, setBody } from '../state/composer.ts'
import { Button } from './button.tsx'
import styles from './editor.module.css'

const KINDS = Object.keys(BODY_PRESETS) as BodyKind[]

/** The request body, with content-type presets and the byte count that goes out. */
export function BodyEditor() {
  const current = draft.value
  const out = outgoing.value
  const type = out.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1]
  const noBody = current.method.toUpperCase() === 'GET' || current.method.toUpperCase() === 'HEAD'
  return (
    <div class={styles.editor}>
      <div class={styles.toolbar}>
        <fieldset class={styles.segmented}>
          <legend class="visually-hidden">Body presets</legend>
          {KINDS.map((kind) => (
            <Button
              key={kind}
              small
              aria-pressed={type === BODY_PRESETS[kind].type}
              onClick={() => applyBodyPreset(kind)}
            >
              {BODY_PRESETS[kind].label}
            </Button>
          ))}
        </fieldset>
        <span class={styles.hint}>
          Content-Type:{' '}
          <code>
            {type ?? (current.body ? 'text/plain;charset=UTF-8 (fetch default)' : 'none')}
          </code>
        </span>
      </div>
      <label class={styles.rawField}>
        <span class={styles.fieldLabel}>Body</span>
        <textarea
          class={styles.textarea}
          value={current.body}
          placeholder={
            noBody ? 'GET and HEAD requests cannot carry a body from the browser.' : 'Request body'
          }
          spellcheck={false}
          onInput={(event) => setBody(event.currentTarget.value)}
        />
      </label>
      <p class={styles.result}>
        <span class={styles.resultLabel}>CONTENT_LENGTH</span>
        <code>{out.body === undefined ? '(no body)' : out.bodyBytes}</code>
        <span class={styles.hint}>
          {out.body === undefined
            ? noBody && current.body
              ? `${current.method.toUpperCase()} cannot send a body; switch the method to send it.`
              : ''
            : `${out.bodyBytes} bytes as UTF-8${/^multipart\//i.test(type ?? '') ? ', line endings sent as CRLF' : ''}.`}
        </span>
      </p>
    </div>
  )
}
