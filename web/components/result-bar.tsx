import { formatBytes } from '../lib/bytes.ts'
import { copyText } from '../lib/clipboard.ts'
import { cx } from '../lib/cx.ts'
import { type CopyText, commandFor, environAsPython } from '../logic/copy-as.ts'
import {
  current,
  environ,
  notice,
  pinCurrent,
  pinned,
  resultIsStale,
  send,
  unpin,
  view,
} from '../state/inspector.ts'
import { Button } from './button.tsx'
import { CompareTable } from './lazy-views.tsx'
import styles from './result-bar.module.css'

async function copy({ text, what }: CopyText): Promise<void> {
  notice.value = (await copyText(text))
    ? `Copied ${what}.`
    : `Could not copy ${what}: the browser refused.`
}

/** Status, time and size of the current result, plus pin, compare and copy actions. */
export function ResultBar() {
  const result = current.value
  if (!result) return null
  const { outcome } = result
  const env = environ.value
  const a = pinned.value
  const comparing = view.value === 'compare'
  const tone =
    outcome.status === 0
      ? 'bad'
      : outcome.status < 300
        ? 'good'
        : outcome.status < 500
          ? 'warn'
          : 'bad'
  return (
    <div class={styles.bar}>
      {resultIsStale.value && (
        <p class={styles.stale} role="status">
          <span>
            The form has changed: this result is for{' '}
            <code>
              {result.method} {result.target}
            </code>
            , sent before.
          </span>
          <Button small variant="primary" onClick={() => void send()}>
            Send again
          </Button>
        </p>
      )}
      <dl class={styles.stats} aria-label="Response">
        <div>
          <dt>Status</dt>
          <dd class={cx(styles.status, styles[tone])}>
            {outcome.status === 0
              ? 'no response'
              : `${outcome.status} ${outcome.statusText}`.trim()}
          </dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{Math.round(outcome.timeMs)} ms</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(outcome.sizeBytes)}</dd>
        </div>
      </dl>
      <div class={styles.actions}>
        {a ? (
          <>
            <span class={styles.pin}>
              A:{' '}
              <code>
                {a.method} {a.target}
              </code>
            </span>
            <Button small onClick={unpin}>
              Unpin A
            </Button>
            <Button
              small
              aria-pressed={comparing}
              disabled={!env || a.id === result.id}
              title={a.id === result.id ? 'Send another request to compare it with A' : undefined}
              onClick={() => {
                view.value = comparing ? 'environ' : 'compare'
              }}
            >
              Compare A ↔ B
            </Button>
          </>
        ) : (
          <Button
            small
            disabled={!env}
            onClick={() => {
              pinCurrent()
              CompareTable.preload()
            }}
            title="Keep this result as A, then send another to compare"
          >
            Pin as A
          </Button>
        )}
        <span class={styles.divider} aria-hidden="true" />
        <Button small onClick={() => copy(commandFor(result, location))}>
          Copy as curl
        </Button>
        <Button
          small
          disabled={!env}
          onClick={() =>
            env && copy({ text: JSON.stringify(env, null, 2), what: 'environ as JSON' })
          }
        >
          Copy JSON
        </Button>
        <Button small disabled={!env} onClick={() => env && copy(environAsPython(env))}>
          Copy Python dict
        </Button>
      </div>
    </div>
  )
}
