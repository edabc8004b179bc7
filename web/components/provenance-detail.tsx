import type { SendAnswer } from '../../server/contract/api/send.ts'
import { STEPS } from '../../server/contract/steps.ts'
import styles from './key-explanation.module.css'
import { VisibleText } from './visible-text.tsx'

function stepText(step: string): string {
  return (STEPS as Readonly<Record<string, string>>)[step] ?? ''
}

/** Where an exact send's key came from: the bytes, then what the server did to them, in order. */
export function ProvenanceDetail({ answer, name }: { answer: SendAnswer; name: string }) {
  const provenance = answer.provenance?.[name]
  if (!provenance) return <p>The relay traced no bytes for this key.</p>
  const pieces = provenance.ranges.map(([start, end]) => answer.sent.text.slice(start, end))
  return (
    <>
      <p>
        {pieces.length === 0 ? (
          'Not from the request bytes.'
        ) : (
          <>
            From the {pieces.length === 1 ? 'bytes' : `${pieces.length} pieces`}{' '}
            {pieces.map((piece, index) => (
              // pieces are positional; the index is the identity
              <span key={index}>
                {index > 0 && ' and '}“<VisibleText value={piece} hint={false} />”
              </span>
            ))}{' '}
            (highlighted in the request).
          </>
        )}{' '}
        {provenance.note}
      </p>
      {provenance.steps.length > 0 && (
        <ol class={styles.steps} aria-label="Steps">
          {provenance.steps.map((step) => (
            <li key={step}>
              <code>{step}</code> {stepText(step)}
            </li>
          ))}
        </ol>
      )}
    </>
  )
}
