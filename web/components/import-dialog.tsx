/**
 * @module
 * Import: paste a curl command, a URL, a raw request or a HAR file (or choose a file), see what
 * it reads as and what had to be dropped, then open it in the composer.
 */
import { useComputed, useSignal } from '@preact/signals'
import { formatBytes } from '../lib/bytes.ts'
import { type Imported, requestTarget } from '../logic/http-request.ts'
import { importRequest } from '../logic/import-request.ts'
import { draftFromImport, refusedByBrowser } from '../logic/link-draft.ts'
import { loadDraft } from '../state/composer.ts'
import { closeDialog } from '../state/dialogs.ts'
import { showMessage } from '../state/message.ts'
import { showPage } from '../state/page.ts'
import { Button } from './button.tsx'
import styles from './modal.module.css'
import { Modal } from './modal.tsx'

const FORMAT_NAMES = { curl: 'curl command', url: 'URL', raw: 'raw request', har: 'HAR file' }

/** What to tell about an import beyond the request itself: mode, destination, drops, notes. */
function remarks(imported: Imported): string[] {
  const refused = refusedByBrowser(imported.request)
  return [
    ...(refused.length > 0
      ? [`Opens in Exact mode: the browser would refuse ${refused.join(', ')}.`]
      : imported.request.httpVersion === '1.0'
        ? ['Opens in Exact mode, which sends HTTP/1.0.']
        : []),
    ...(imported.origin && imported.origin !== location.origin
      ? [`It was sent to ${imported.origin}; here it goes to this inspector's echo.`]
      : []),
    ...imported.notes,
  ]
}

function open(imported: Imported): void {
  loadDraft(draftFromImport(imported.request))
  showPage('inspect')
  closeDialog()
  const { request } = imported
  showMessage({
    tone: 'info',
    title: `Imported a ${FORMAT_NAMES[imported.format]}: ${request.method} ${requestTarget(request)}`,
    items: [...imported.dropped.map((d) => `Dropped ${d.what}: ${d.why}`), ...remarks(imported)],
  })
}

export function ImportDialog() {
  const text = useSignal('')
  const result = useComputed(() =>
    text.value.trim() === '' ? undefined : importRequest(text.value)
  )
  const outcome = result.value
  return (
    <Modal id="import" title="Import a request" onClose={closeDialog} wide>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (outcome?.ok) open(outcome.value)
        }}
      >
        <label class={styles.field}>
          Paste a curl command (as “Copy as cURL” gives it), a URL, a raw HTTP request or a HAR file
          <textarea
            value={text.value}
            spellcheck={false}
            autocomplete="off"
            onInput={(event) => {
              text.value = event.currentTarget.value
            }}
          />
        </label>
        <label class={styles.hint}>
          or read a file (.har, .http, .txt):{' '}
          <input
            type="file"
            accept=".har,.http,.txt,.json,.sh"
            onChange={async (event) => {
              const file = event.currentTarget.files?.[0]
              if (file) text.value = await file.text()
            }}
          />
        </label>
        <div aria-live="polite">
          {outcome && !outcome.ok && <p class={styles.error}>{outcome.error}</p>}
          {outcome?.ok && <Preview imported={outcome.value} />}
        </div>
        <div class={styles.actions}>
          <Button onClick={closeDialog}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!outcome?.ok}>
            Open in the composer
          </Button>
        </div>
      </form>
    </Modal>
  )
}

/** What the paste reads as: the request line, its size, and what was dropped and why. */
function Preview({ imported }: { imported: Imported }) {
  const { request, dropped } = imported
  const notes = remarks(imported)
  return (
    <section aria-label="Import preview">
      <p class={styles.hint}>
        Read as a {FORMAT_NAMES[imported.format]}:{' '}
        <code>
          {request.method} {requestTarget(request)}
        </code>{' '}
        · {request.headers.length} headers ·{' '}
        {request.body.length > 0 ? formatBytes(request.body.length) : 'no'} body
      </p>
      {dropped.length > 0 && (
        <>
          <h3 class={styles.subtitle}>Left out ({dropped.length})</h3>
          <ul class={styles.list} aria-label="Left out">
            {dropped.map((d) => (
              <li key={d.what}>
                <code>{d.what}</code>: {d.why}
              </li>
            ))}
          </ul>
        </>
      )}
      {notes.length > 0 && (
        <ul class={styles.list} aria-label="Notes">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
