/**
 * @module
 * A result, once there is one: the result bar, then the environ (or the comparison, the
 * profiles, the error). Loaded with the first send (see lazy-views.tsx): a page that has
 * sent nothing yet shows only the empty state in result-pane.tsx.
 */
import type { EchoOutcome } from '../api/echo.ts'
import { cx } from '../lib/cx.ts'
import { current, view } from '../state/inspector.ts'
import { EnvironTable } from './environ-table.tsx'
import { CompareTable, ProfilesTable } from './lazy-views.tsx'
import { ResultBar } from './result-bar.tsx'
import styles from './result-view.module.css'
import tabStyles from './tabs.module.css'

const ERROR_TITLES: Record<Exclude<EchoOutcome, { ok: true }>['kind'], string> = {
  unreachable: 'Server unreachable',
  'no-body': 'No environ in a HEAD response',
  'not-json': 'No environ in this response',
  'http-error': 'No environ in this response',
  refused: 'The server refused the request',
}

/** Why there is no environ: the message, and for an exact send the response that said so. */
function NoEnviron({ outcome, responseText }: { outcome: EchoOutcome; responseText?: string }) {
  if (outcome.ok) return null
  return (
    <div class={styles.error} role="alert">
      <p class={styles.errorTitle}>{ERROR_TITLES[outcome.kind]}</p>
      <p>{outcome.message}</p>
      {responseText && <pre class={styles.response}>{responseText}</pre>}
    </div>
  )
}

/** Environ | Profiles, for exact sends (Compare is opened from the result bar). */
function ViewTabs() {
  const tabs = [
    { id: 'environ', label: 'Environ' },
    { id: 'profiles', label: 'Profiles' },
  ] as const
  return (
    <div role="tablist" aria-label="Result views" class={cx(tabStyles.list, styles.tabs)}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`result-tab-${tab.id}`}
          aria-controls="result-view"
          class={cx(tabStyles.tab, styles.tab)}
          aria-selected={view.value === tab.id}
          onClick={() => {
            view.value = tab.id
          }}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
            view.value = tab.id === 'environ' ? 'profiles' : 'environ'
            const list = event.currentTarget.parentElement
            list?.querySelector<HTMLElement>(`[aria-selected="false"]`)?.focus()
          }}
          tabIndex={
            view.value === tab.id || (view.value === 'compare' && tab.id === 'environ') ? 0 : -1
          }
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}

/** The result: its bar, then the environ, the comparison, the profiles or the error. */
export function ResultView() {
  const result = current.value
  if (!result) return null
  const outcome = result.outcome
  const answer = result.mode === 'exact' ? result.answer : undefined
  const response = answer?.response
  const responseText = response
    ? [response.statusLine ?? '', '', response.body.text].join('\n').trim()
    : undefined
  const shown = view.value === 'profiles' && !answer ? 'environ' : view.value
  return (
    <section class={styles.pane} aria-label="Result">
      <ResultBar />
      {answer && <ViewTabs />}
      <div
        id="result-view"
        class={styles.view}
        {...(answer && {
          role: 'tabpanel',
          'aria-labelledby': `result-tab-${shown === 'profiles' ? 'profiles' : 'environ'}`,
        })}
      >
        {shown === 'profiles' && answer ? (
          <ProfilesTable answer={answer} />
        ) : outcome.ok ? (
          shown === 'compare' ? (
            <CompareTable />
          ) : (
            <EnvironTable />
          )
        ) : (
          <NoEnviron outcome={outcome} responseText={responseText} />
        )}
      </div>
    </section>
  )
}
