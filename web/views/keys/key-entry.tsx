import type { EnvironKeyDoc } from '../../../server/gateway/environ-keys.ts'
import { VisibleText } from '../../components/visible-text.tsx'
import { cx } from '../../lib/cx.ts'
import { ALL_PROFILES, entryId, liveValues, settingProfiles } from '../../logic/key-reference.ts'
import styles from './keys.module.css'

export interface KeyEntryProps {
  readonly doc: EnvironKeyDoc
  readonly selected: boolean
  /** The last request's environ (Inspect's result), if one was sent. */
  readonly environ: Readonly<Record<string, string>> | undefined
  readonly profile: string
  readonly onSelect: (key: string) => void
}

/** One key of the reference: what it is, how it is set and by which servers, and its value now. */
export function KeyEntry({ doc, selected, environ, profile, onSelect }: KeyEntryProps) {
  const id = entryId(doc.key)
  const setBy = settingProfiles(doc)
  return (
    <article
      id={id}
      class={cx(styles.entry, selected && styles.selected)}
      aria-labelledby={`${id}-name`}
    >
      <div class={styles.entryHead}>
        <h4 id={`${id}-name`} class={styles.keyName} tabIndex={-1}>
          <a
            href={`#/keys?key=${encodeURIComponent(doc.key)}`}
            aria-current={selected ? 'true' : undefined}
            onClick={(event) => {
              event.preventDefault()
              onSelect(doc.key)
            }}
          >
            {doc.key}
          </a>
        </h4>
        {doc.required && <span class={styles.badge}>required</span>}
        {doc.rewrittenBy && (
          <span class={styles.badge}>may be rewritten by {doc.rewrittenBy.join(', ')}</span>
        )}
      </div>
      <p class={styles.summary}>{doc.summary}</p>
      <dl class={styles.facts}>
        <dt>How it is set</dt>
        <dd>{doc.derivedFrom}</dd>
        <dt>Set by</dt>
        <dd>
          <ul class={styles.profiles}>
            {ALL_PROFILES.map((name) => {
              const sets = setBy.includes(name)
              return (
                <li key={name} class={cx(styles.profile, !sets && styles.unset)}>
                  <span aria-hidden="true">{sets ? '✓' : '–'}</span> {name}
                  <span class="visually-hidden">{sets ? ' sets it' : ' does not set it'}</span>
                </li>
              )
            })}
          </ul>
        </dd>
        <dt>Example</dt>
        <dd>
          <code>{doc.example}</code>
        </dd>
        <dt>In your last request</dt>
        <dd>
          <LiveValue doc={doc} environ={environ} profile={profile} />
        </dd>
        <dt>Specification</dt>
        <dd>
          <a href={doc.spec} target="_blank" rel="noreferrer" class={styles.spec}>
            {doc.spec.replace(/^https?:\/\//, '')}
          </a>
        </dd>
      </dl>
    </article>
  )
}

/** The key's value in the last environ: each key of a family, or why there is none. */
function LiveValue({ doc, environ, profile }: Omit<KeyEntryProps, 'selected' | 'onSelect'>) {
  if (!environ) return <span class={styles.none}>No request sent yet: send one on Inspect.</span>
  const values = liveValues(doc, environ, profile)
  if (values.length === 0) return <span class={styles.none}>Not in that environ.</span>
  return (
    <ul class={styles.values}>
      {values.map(([key, value]) => (
        <li key={key}>
          {key !== doc.key && <code class={styles.valueKey}>{key}</code>}
          <code class={styles.value}>
            <VisibleText value={value} />
          </code>
        </li>
      ))}
    </ul>
  )
}
