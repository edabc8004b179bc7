import { useEffect, useRef } from 'preact/hooks'
import { explainOrigin } from '../logic/explain.ts'
import { docFor } from '../logic/key-docs.ts'
import type { RequestPart } from '../logic/trace.ts'
import {
  environ,
  exactAnswer,
  highlightedKeys,
  profile,
  selection,
  sent,
  toggleKey,
} from '../state/inspector.ts'
import explainer from './key-explainer.module.css'
import styles from './key-explanation.module.css'
import { ProvenanceDetail } from './provenance-detail.tsx'

const PART_NAMES: Record<RequestPart['kind'], string> = {
  method: 'The method',
  path: 'The path',
  query: 'The query string',
  protocol: 'The protocol version',
  header: 'This header',
  body: 'The body',
  connection: 'The connection',
  server: 'The server',
}

/**
 * The teaching panel for a selection: what the selected key means and how this request
 * produced it, or which keys the selected part of the request produced. Loaded on demand
 * (see key-explainer.tsx), with the key docs.
 */
export function KeyExplanation() {
  const sel = selection.value
  const env = environ.value
  const view = sent.value
  const panel = useRef<HTMLElement>(null)
  useEffect(() => {
    // bring the explanation into view when the selection changes (the left column scrolls)
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches
    panel.current?.scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' })
  }, [sel])
  const answer = exactAnswer.value
  // KeyExplainer renders this only for a selection in an environ it can show
  if (!env) return null
  if (sel.kind === 'part' || sel.kind === 'bytes') {
    const links = highlightedKeys.value
    const what =
      sel.kind === 'bytes'
        ? `${sel.label.charAt(0).toUpperCase()}${sel.label.slice(1)}`
        : sel.part.kind === 'header'
          ? `The header ${sel.part.name}`
          : PART_NAMES[sel.part.kind]
    return (
      <aside ref={panel} class={explainer.panel} aria-label="Explanation">
        <p class={styles.lead}>
          {what} produced {links.length === 0 ? 'no key in this environ.' : 'these keys:'}
        </p>
        <ul class={styles.keys}>
          {links.map((link) => (
            <li key={link.key}>
              <button type="button" class={styles.keyLink} onClick={() => toggleKey(link.key)}>
                {link.key}
              </button>
              {link.via === 'related' && <span class={styles.related}>influences</span>}
            </li>
          ))}
        </ul>
      </aside>
    )
  }
  if (sel.kind !== 'key') return null
  const key = sel.key
  const value = env[key] ?? ''
  const doc = docFor(key, Object.keys(env), profile.value)
  return (
    <aside ref={panel} class={explainer.panel} aria-labelledby="explainer-title">
      <div class={styles.titleRow}>
        <h2 id="explainer-title" class={styles.key}>
          {key}
        </h2>
        {doc?.required && <span class={styles.badge}>required</span>}
        {doc && doc.key !== key && <span class={styles.badge}>{doc.key}</span>}
      </div>
      {doc && <p class={styles.summary}>{doc.summary}</p>}
      <h3 class={styles.sub}>In this request</h3>
      {answer ? (
        <ProvenanceDetail answer={answer} name={key} />
      ) : (
        view && <p>{explainOrigin(key, value, view, profile.value)}</p>
      )}
      {doc ? (
        <>
          <h3 class={styles.sub}>How servers derive it</h3>
          <p>{doc.derivedFrom}</p>
          <p class={styles.meta}>
            Example <code>{doc.example}</code>
            {doc.profiles && <> · only in {doc.profiles.join(', ')}</>}
            {' · '}
            <a href={doc.spec} target="_blank" rel="noreferrer">
              Specification
            </a>
          </p>
        </>
      ) : (
        <p class={styles.meta}>No entry in the key reference for this key.</p>
      )}
    </aside>
  )
}
