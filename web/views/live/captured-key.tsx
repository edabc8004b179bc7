import { docFor } from '../../logic/key-docs.ts'
import type { CapturedRecord } from '../../logic/live-record.ts'
import { partsForKey, type RequestPart } from '../../logic/trace.ts'
import { profile } from '../../state/inspector.ts'
import { detailSelection } from '../../state/live.ts'
import styles from './captured-key.module.css'

/** Where a part of the request is, in words. */
function partName(part: RequestPart): string {
  switch (part.kind) {
    case 'header':
      return `the header ${part.name}`
    case 'method':
    case 'path':
    case 'query':
    case 'protocol':
      return `the request line (its ${part.kind})`
    case 'body':
      return 'the body'
    case 'connection':
      return 'the TCP connection, not the request text'
    case 'server':
      return "the server's own settings, not the request"
  }
}

/**
 * The selected key of a captured environ: what it is (the key reference) and which lines of
 * this request it came from, lit in the request beside it.
 */
export function CapturedKey({ record }: { record: CapturedRecord }) {
  const sel = detailSelection.value
  const env = record.environ
  if (sel.kind !== 'key' || !env || env[sel.key] === undefined) return null
  const keys = Object.keys(env)
  const doc = docFor(sel.key, keys, profile.value)
  const parts = partsForKey(
    sel.key,
    record.headers.map(([name]) => name)
  )
  const from = [...new Set(parts.map(partName))]
  return (
    <aside class={styles.panel} aria-labelledby="captured-key-title">
      <h4 id="captured-key-title" class={styles.key}>
        {sel.key}
      </h4>
      {doc && <p class={styles.summary}>{doc.summary}</p>}
      <p>
        <strong>In this request:</strong>{' '}
        {from.length === 0 ? 'no line of the request made it.' : `from ${from.join(', ')}.`}
      </p>
      {doc && (
        <>
          <p>{doc.derivedFrom}</p>
          <p class={styles.meta}>
            <a href={doc.spec} target="_blank" rel="noreferrer">
              Specification
            </a>
          </p>
        </>
      )}
    </aside>
  )
}
