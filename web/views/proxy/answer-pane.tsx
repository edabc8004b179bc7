import { VisibleText } from '../../components/visible-text.tsx'
import { cx } from '../../lib/cx.ts'
import { headlineOf } from '../../logic/proxy-answer.ts'
import { answer, pageError, status } from '../../state/proxy.ts'
import styles from './answer.module.css'
import { DecisionTable } from './decision-table.tsx'
import { EnvironSideBySide } from './environ-side-by-side.tsx'
import { FrameworksPane } from './frameworks-pane.tsx'
import { HopChain } from './hop-chain.tsx'
import { WarningList } from './warning-list.tsx'

const STATUS_TEXT = {
  pending: 'updating…',
  ok: '',
  invalid:
    'The input has a problem (see the marked field): this is the answer for the last valid input.',
  failed: '',
}

/** The answer: who the client is and why, the hop chain, the warnings, and both environs. */
export function AnswerPane() {
  const current = answer.value
  const error = pageError.value
  const state = status.value
  if (!current) {
    return (
      <div class={styles.pane}>
        {error ? (
          <ErrorBox message={error} />
        ) : (
          <p class={styles.none}>
            {state === 'invalid' ? 'Fix the marked field to see the answer.' : 'Asking the server…'}
          </p>
        )}
      </div>
    )
  }
  const headline = headlineOf(current)
  return (
    <div class={cx(styles.pane, state !== 'ok' && state !== 'pending' && styles.stale)}>
      {error && <ErrorBox message={error} />}
      <section class={styles.headline} aria-labelledby="proxy-answer-title">
        <p class={styles.kicker}>
          The app sees <span class={styles.status}>{STATUS_TEXT[state]}</span>
        </p>
        <h3 id="proxy-answer-title" class={styles.answer}>
          Client{' '}
          <span class={styles.value}>
            <VisibleText value={headline.client} hint={false} />
          </span>{' '}
          ·{' '}
          <span class={styles.value}>
            <VisibleText value={headline.scheme} hint={false} />
          </span>{' '}
          ·{' '}
          <span class={styles.value}>
            <VisibleText value={headline.host} hint={false} />
          </span>
        </h3>
        <p class={styles.why}>{headline.why}</p>
        <p class="visually-hidden" aria-live="polite">
          Client {headline.client}, {headline.scheme}, {headline.host}
        </p>
      </section>
      <HopChain hops={current.trace.hops} remoteAddr={headline.client} />
      <WarningList warnings={current.trace.warnings} forwarded={current.trace.forwarded.errors} />
      <DecisionTable decisions={current.trace.decisions} />
      <EnvironSideBySide answer={current} />
      <FrameworksPane />
    </div>
  )
}

function ErrorBox({ message }: { message: string }) {
  return (
    <div class={styles.error} role="alert">
      {message}
    </div>
  )
}
