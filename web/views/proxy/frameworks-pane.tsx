/**
 * @module
 * What Flask, Django and Starlette compute for the request and policy on the Proxy page, with
 * the settings in the box: each expression as Python prints it, or the exception it raises,
 * and why. Every value is rendered as text.
 */
import { useEffect } from 'preact/hooks'
import type {
  EvaluationJson,
  FrameworkAnswerJson,
} from '../../../server/contract/api/frameworks.ts'
import {
  frameworksAnswer,
  frameworksError,
  frameworksStatus,
  settingsText,
  startFrameworks,
} from '../../state/frameworks.ts'
import styles from './frameworks.module.css'

const FRAMEWORKS = [
  ['flask', 'Flask'],
  ['django', 'Django'],
  ['starlette', 'Starlette / FastAPI'],
] as const

export function FrameworksPane() {
  useEffect(() => startFrameworks(), [])
  const answer = frameworksAnswer.value
  const error = frameworksError.value
  return (
    <section class={styles.section} aria-labelledby="frameworks-title">
      <h3 id="frameworks-title" class={styles.title}>
        What your framework computes
      </h3>
      <p class={styles.lead}>
        The same request and policy, one layer up: the URLs, host and client Flask, Django and
        Starlette will compute from this environ, or the exception they raise.
        {frameworksStatus.value === 'pending' ? ' Updating…' : ''}
      </p>
      <label class={styles.settings}>
        Settings (JSON, each framework's own setting names)
        <textarea
          value={settingsText.value}
          spellcheck={false}
          aria-invalid={frameworksStatus.value === 'invalid'}
          onInput={(event) => {
            settingsText.value = event.currentTarget.value
          }}
        />
      </label>
      {error && <p role="alert">{error}</p>}
      {answer &&
        FRAMEWORKS.map(([key, title]) => (
          <FrameworkTable
            key={key}
            title={title}
            answer={answer[key]}
            refused={key === 'starlette' ? answer.starlette.refused : undefined}
          />
        ))}
    </section>
  )
}

function FrameworkTable({
  title,
  answer,
  refused,
}: {
  title: string
  answer: FrameworkAnswerJson
  refused: string | undefined
}) {
  return (
    <table class={styles.table} aria-label={title}>
      <caption>
        {title} <span class={styles.note}>({answer.modelled})</span>
      </caption>
      <tbody>
        {refused && (
          <tr>
            <td colSpan={2}>The ASGI server refuses the request before the app runs: {refused}</td>
          </tr>
        )}
        {Object.entries(answer.expressions).map(([expression, evaluation]) => (
          <tr key={expression}>
            <th scope="row">
              <code>{expression}</code>
            </th>
            <td>
              <Evaluation evaluation={evaluation} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Evaluation({ evaluation }: { evaluation: EvaluationJson }) {
  return (
    <>
      {'value' in evaluation ? (
        <code>{evaluation.value}</code>
      ) : (
        <span class={styles.raises}>
          raises <code>{evaluation.raises}</code>: {evaluation.message}
        </span>
      )}
      {evaluation.why.length > 0 && (
        <details>
          <summary>Why</summary>
          <ul>
            {evaluation.why.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </>
  )
}
