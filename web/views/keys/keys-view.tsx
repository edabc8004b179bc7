/**
 * @module
 * The Keys page (`#/keys`): every environ key, grouped, with what it means, how each server
 * sets it, and its value in the last request sent from Inspect. For teaching: each key has a
 * link of its own (`#/keys?key=PATH_INFO`, which the address bar follows), the page prints
 * whole, and the guided tour starts here.
 */
import { useSignal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import { Button } from '../../components/button.tsx'
import { entryId, keyReference } from '../../logic/key-reference.ts'
import { current, environ, profile, send, sending } from '../../state/inspector.ts'
import { hashParams, setHashParams } from '../../state/page.ts'
import { startTour } from '../../state/tour.ts'
import { KeyEntry } from './key-entry.tsx'
import styles from './keys.module.css'

const GROUP_ABOUT: Readonly<Record<string, string>> = {
  cgi: 'CGI variables (RFC 3875): the request line, the body’s type and length, the server and the client connection.',
  http: 'Every request header, renamed: upper case, "-" as "_", prefixed HTTP_.',
  wsgi: 'What PEP 3333 adds: the body stream, the error stream, the URL scheme, and how the server runs the app.',
  extension: 'Keys some servers and middleware add beyond the standard.',
}

export function KeysView() {
  const filter = useSignal('')
  const selected = new URLSearchParams(hashParams.value).get('key') ?? ''
  const groups = keyReference(filter.value)
  const env = environ.value
  const profileName = current.value?.profile ?? profile.value
  useEffect(() => {
    if (!selected) return
    // the entry scrolls (its scroll margin clears the sticky header), its heading takes focus
    document.getElementById(entryId(selected))?.scrollIntoView({ block: 'start' })
    document.getElementById(`${entryId(selected)}-name`)?.focus({ preventScroll: true })
  }, [selected])
  const select = (key: string) => setHashParams(`key=${encodeURIComponent(key)}`)
  return (
    <section class={styles.view} aria-labelledby="keys-title">
      <div class={styles.intro}>
        <h2 id="keys-title" class={styles.title}>
          Environ keys
        </h2>
        <p class={styles.about}>
          Every key a WSGI server puts in <code>environ</code>, what it means, how each server sets
          it, and its value in your last request. Each key has its own link to share.
        </p>
      </div>
      <div class={styles.toolbar} data-print="hide">
        <label class={styles.filter}>
          <span class={styles.filterLabel}>Filter keys</span>
          <input
            type="search"
            value={filter.value}
            placeholder="PATH_INFO, proxy, latin-1…"
            aria-keyshortcuts="/"
            onInput={(event) => {
              filter.value = event.currentTarget.value
            }}
          />
        </label>
        <Button small disabled={sending.value} onClick={() => void send()}>
          {env ? 'Send the composed request again' : 'Send the composed request'}
        </Button>
        <Button small onClick={() => print()}>
          Print
        </Button>
        <Button small variant="primary" onClick={startTour}>
          Start the guided tour
        </Button>
      </div>
      {groups.length === 0 && <p role="status">No key matches “{filter.value}”.</p>}
      {groups.map((group) => (
        <section key={group.id} class={styles.group} aria-labelledby={`keys-group-${group.id}`}>
          <h3 id={`keys-group-${group.id}`} class={styles.groupTitle}>
            {group.title}
          </h3>
          <p class={styles.groupAbout}>{GROUP_ABOUT[group.id]}</p>
          {group.entries.map((doc) => (
            <KeyEntry
              key={doc.key}
              doc={doc}
              selected={doc.key === selected}
              environ={env}
              profile={profileName}
              onSelect={select}
            />
          ))}
        </section>
      ))}
    </section>
  )
}
