import { formatBytes } from '../lib/bytes.ts'
import { copyText } from '../lib/clipboard.ts'
import { cx } from '../lib/cx.ts'
import { toCurl } from '../state/curl.ts'
import { exactCommand } from '../state/exact-curl.ts'
import {
  current,
  environ,
  notice,
  pinCurrent,
  pinned,
  type SentResult,
  unpin,
  view,
} from '../state/inspector.ts'
import { toPythonDict } from '../state/python.ts'
import { latin1Bytes, rawBytes } from '../state/raw-text.ts'
import { curlRequestFor } from '../state/sent.ts'
import { Button } from './button.tsx'
import { CompareTable } from './on-demand.tsx'
import styles from './result-bar.module.css'

async function copy(text: string, what: string): Promise<void> {
  notice.value = (await copyText(text))
    ? `Copied ${what}.`
    : `Could not copy ${what}: the browser refused.`
}

/** Copy a command that sends the result's request again: curl, or printf | nc where curl cannot. */
async function copyCommand(result: SentResult): Promise<void> {
  if (result.mode === 'browser') {
    await copy(toCurl(curlRequestFor(result.outgoing)), 'curl command')
    return
  }
  const bytes = result.answer
    ? latin1Bytes(result.answer.sent.text)
    : rawBytes(result.draft.raw ?? '')
  const { kind, command, why } = exactCommand(result.plan, bytes, location)
  if (kind === 'curl') await copy(command, 'curl command')
  else await copy(command, `printf | nc command instead: ${why}`)
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
        <Button small onClick={() => copyCommand(result)}>
          Copy as curl
        </Button>
        <Button
          small
          disabled={!env}
          onClick={() => env && copy(JSON.stringify(env, null, 2), 'environ as JSON')}
        >
          Copy JSON
        </Button>
        <Button
          small
          disabled={!env}
          onClick={() => env && copy(toPythonDict(env), 'environ as a Python dict')}
        >
          Copy Python dict
        </Button>
      </div>
    </div>
  )
}
