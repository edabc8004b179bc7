import type { ForwardedErrorJson, WarningJson } from '../../../server/proxy/api-types.ts'
import { cx } from '../../lib/cx.ts'
import { SEVERITY_LABEL, severityOf } from '../../logic/proxy-answer.ts'
import styles from './answer.module.css'

/** The trace's warnings, each with its severity, then what is wrong in a Forwarded header. */
export function WarningList({
  warnings,
  forwarded,
}: {
  warnings: readonly WarningJson[]
  forwarded: readonly ForwardedErrorJson[]
}) {
  return (
    <section class={styles.section} aria-labelledby="proxy-warnings-title">
      <h3 id="proxy-warnings-title" class={styles.title}>
        Warnings <span class={styles.count}>{warnings.length}</span>
      </h3>
      {warnings.length === 0 ? (
        <p class={styles.none}>None: the headers and the policy agree.</p>
      ) : (
        <ul class={styles.warnings} aria-label="Warnings">
          {warnings.map((warning, index) => {
            const severity = severityOf(warning.code)
            return (
              <li
                // the same code can come twice (Forwarded proto= and host= conflicts)
                key={`${warning.code}-${index}`}
                class={cx(styles.warning, styles[severity])}
                data-code={warning.code}
              >
                <span class={styles.severity}>{SEVERITY_LABEL[severity]}</span>
                <span>{warning.message}</span>
              </li>
            )
          })}
        </ul>
      )}
      {forwarded.length > 0 && (
        <>
          <h4 class={styles.subtitle}>Forwarded header, item by item</h4>
          <ul class={styles.warnings} aria-label="Forwarded problems">
            {forwarded.map((error, index) => (
              <li
                // positional: one element can have several problems
                key={index}
                class={cx(styles.warning, error.severity === 'error' ? styles.warn : styles.info)}
              >
                <span class={styles.severity}>
                  element {error.element + 1}
                  {error.parameter ? ` ${error.parameter}=` : ''}
                </span>
                <span>
                  {error.message}
                  {error.severity === 'error' ? ' The element is not believed.' : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
