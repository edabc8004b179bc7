import { COMMON_METHODS } from '../logic/headers.ts'
import { draftMode } from '../logic/request.ts'
import { draft, outgoing, pathNotice, setMethod, setPath, setPathText } from '../state/composer.ts'
import { send, sending } from '../state/inspector.ts'
import { EXACT_MISSING, exactMode } from '../state/lazy-models.ts'
import { Button } from './button.tsx'
import { preloadResultViews } from './lazy-views.tsx'
import { ModeBar } from './mode-bar.tsx'
import styles from './request-bar.module.css'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

/** The request line the browser (or, in exact mode, the relay) will send, and what to know about it. */
function linePreview() {
  const current = draft.value
  if (draftMode(current) === 'browser') {
    const out = outgoing.value
    const { method, problems, notes } = out
    return { method, line: `${out.target} HTTP/1.1`, rawBytes: undefined, problems, notes }
  }
  const plan = exactMode.module.value?.exactPlan.value
  if (!plan) {
    // exact mode's code is on its way (Send waits for it) or could not be fetched
    const problems = exactMode.failed.value ? [EXACT_MISSING] : []
    return { method: current.method, line: '…', rawBytes: undefined, problems, notes: [] }
  }
  return {
    method: plan.method,
    line: `${plan.target} HTTP/${plan.httpVersion}`,
    rawBytes: plan.raw ? plan.byteCount : undefined,
    problems: plan.problems,
    notes: plan.notes,
  }
}

/** Method, path and Send, with a preview of the request line that will go out. */
export function RequestBar() {
  const current = draft.value
  const out = linePreview()
  const blocked = out.problems.length > 0
  return (
    <div class={styles.bar}>
      <ModeBar />
      <form
        class={styles.row}
        onSubmit={(event) => {
          event.preventDefault()
          void send()
        }}
      >
        <label class={styles.method}>
          <input
            aria-label="Method"
            list="method-options"
            value={current.method}
            spellcheck={false}
            autocomplete="off"
            onInput={(event) => setMethod(event.currentTarget.value)}
          />
          <datalist id="method-options">
            {COMMON_METHODS.map((method) => (
              <option key={method} value={method} />
            ))}
          </datalist>
        </label>
        <label class={styles.path}>
          <input
            aria-label="Path"
            value={current.path}
            placeholder="/foo/bar"
            spellcheck={false}
            autocomplete="off"
            onInput={(event) => setPathText(event.currentTarget.value)}
            onChange={(event) => setPath(event.currentTarget.value)}
          />
        </label>
        <Button
          variant="primary"
          type="submit"
          class={styles.send}
          disabled={sending.value || blocked}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          onMouseEnter={preloadResultViews}
          onFocus={preloadResultViews}
        >
          Send
          <span class={styles.kbd} aria-hidden="true">
            {isMac ? '⌘' : 'Ctrl'} ↵
          </span>
        </Button>
      </form>
      <p class={styles.preview}>
        <span class={styles.previewLabel}>will send</span>
        {out.rawBytes === undefined ? (
          <code>
            <strong>{out.method}</strong> {out.line}
          </code>
        ) : (
          <code>{out.rawBytes} raw bytes from the Raw tab</code>
        )}
      </p>
      {exactMode.module.value?.targetIsUrl.value && draftMode(current) === 'exact' && (
        <p class={styles.preview}>
          <Button small onClick={exactMode.module.value.splitUrlTarget}>
            Split into path and Host
          </Button>
        </p>
      )}
      {pathNotice.value && (
        <p class={styles.pathNotice} role="status">
          {pathNotice.value}
        </p>
      )}
      {(out.problems.length > 0 || out.notes.length > 0) && (
        <ul class={styles.notes}>
          {out.problems.map((text) => (
            <li key={text} class={styles.problem}>
              {text}
            </li>
          ))}
          {out.notes.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
