/**
 * @module
 * Export: the composer's request (as it will be sent) or a captured one, as curl, a `.http`
 * file, HAR, a Werkzeug pytest fixture, or Python requests / httpx code; shown, copied or
 * downloaded.
 */
import { useSignal } from '@preact/signals'
import { copyText } from '../lib/clipboard.ts'
import { toCurlCommand } from '../logic/export-curl.ts'
import { toHar } from '../logic/export-har.ts'
import { toHttpFile } from '../logic/export-http.ts'
import { toHttpx, toRequests, toWerkzeugFixture } from '../logic/export-python.ts'
import { type ExportSource, requestFromDraft, requestFromRecord } from '../logic/export-source.ts'
import type { HttpRequest } from '../logic/http-request.ts'
import { draft } from '../state/composer.ts'
import { closeDialog, type ExportFrom } from '../state/dialogs.ts'
import { notice, serverInfo } from '../state/inspector.ts'
import { Button } from './button.tsx'
import styles from './modal.module.css'
import { Modal } from './modal.tsx'

interface Format {
  readonly id: string
  readonly label: string
  /** How the copy notice names it. */
  readonly what: string
  readonly file: string
  readonly type: string
  readonly write: (request: HttpRequest, origin: string) => string
}

const FORMATS: readonly Format[] = [
  {
    id: 'curl',
    label: 'curl',
    what: 'curl command',
    file: 'request.sh',
    type: 'text/x-shellscript',
    write: (r, origin) => `${toCurlCommand(r, { origin })}\n`,
  },
  {
    id: 'http',
    label: '.http file',
    what: '.http file',
    file: 'request.http',
    type: 'text/plain',
    write: (r, origin) => toHttpFile(r, { origin }),
  },
  {
    id: 'har',
    label: 'HAR',
    what: 'HAR file',
    file: 'request.har',
    type: 'application/json',
    write: (r, origin) =>
      toHar(r, { origin, ...(serverInfo.value ? { version: serverInfo.value.version } : {}) }),
  },
  {
    id: 'pytest',
    label: 'pytest fixture (Werkzeug)',
    what: 'pytest fixture',
    file: 'test_request.py',
    type: 'text/x-python',
    write: (r, origin) => toWerkzeugFixture(r, { origin }),
  },
  {
    id: 'requests',
    label: 'Python requests',
    what: 'requests code',
    file: 'send_with_requests.py',
    type: 'text/x-python',
    write: (r, origin) => toRequests(r, { origin }),
  },
  {
    id: 'httpx',
    label: 'Python httpx',
    what: 'httpx code',
    file: 'send_with_httpx.py',
    type: 'text/x-python',
    write: (r, origin) => toHttpx(r, { origin }),
  },
]

function sourceOf(from: ExportFrom): ExportSource {
  return from.from === 'record'
    ? requestFromRecord(from.record)
    : requestFromDraft(draft.value, location.origin)
}

function download(text: string, format: Format): void {
  const url = URL.createObjectURL(new Blob([text], { type: format.type }))
  const link = document.createElement('a')
  link.href = url
  link.download = format.file
  link.click()
  URL.revokeObjectURL(url)
}

export function ExportDialog({ from }: { from: ExportFrom }) {
  const chosen = useSignal('curl')
  const format = FORMATS.find((f) => f.id === chosen.value) ?? (FORMATS[0] as Format)
  const source = sourceOf(from)
  const text = format.write(source.request, location.origin)
  const title = from.from === 'record' ? `Export request #${from.record.id}` : 'Export the request'
  return (
    <Modal id="export" title={title} onClose={closeDialog} wide>
      <fieldset class={styles.formats}>
        <legend class={styles.subtitle}>Format</legend>
        {FORMATS.map((f) => (
          <label key={f.id}>
            <input
              type="radio"
              name="export-format"
              value={f.id}
              checked={f.id === format.id}
              onChange={() => {
                chosen.value = f.id
              }}
            />{' '}
            {f.label}
          </label>
        ))}
      </fieldset>
      <label class={styles.field}>
        <span class="visually-hidden">Exported {format.what}</span>
        <textarea class={styles.output} readOnly rows={14} value={text} spellcheck={false} />
      </label>
      {source.notes.length > 0 && (
        <ul class={styles.list} aria-label="About this export">
          {source.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <div class={styles.actions}>
        <Button onClick={closeDialog}>Close</Button>
        <Button onClick={() => download(text, format)}>Download {format.file}</Button>
        <Button
          variant="primary"
          onClick={async () => {
            notice.value = (await copyText(text))
              ? `Copied the ${format.what}.`
              : `Could not copy the ${format.what}: the browser refused.`
          }}
        >
          Copy
        </Button>
      </div>
    </Modal>
  )
}
