import { useSignal } from '@preact/signals'
import { bodyBytes, bodyText, bytesBody } from '../logic/body.ts'
import { BODY_PRESETS, type BodyKind } from '../logic/body-presets.ts'
import { bodyPreview } from '../logic/live-record.ts'
import { applyBodyPreset } from '../state/body-tab.ts'
import { draft, outgoing, setBody } from '../state/composer.ts'
import { Button } from './button.tsx'
import { BytesFile, BytesInput, type BytesNotation } from './bytes-input.tsx'
import styles from './editor.module.css'

const KINDS = Object.keys(BODY_PRESETS) as BodyKind[]

type Notation = 'text' | BytesNotation
const NOTATIONS: ReadonlyArray<readonly [Notation, string]> = [
  ['text', 'Text'],
  ['hex', 'Hex'],
  ['base64', 'Base64'],
]

/** The request body, with content-type presets and the byte count that goes out. */
export function BodyEditor() {
  const current = draft.value
  const out = outgoing.value
  const type = out.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1]
  const noBody = current.method.toUpperCase() === 'GET' || current.method.toUpperCase() === 'HEAD'
  const text = bodyText(current.body)
  const isBytes = typeof current.body !== 'string'
  // how the body is edited: as text, or as bytes written in hex or base64
  const notation = useSignal<Notation>('text')
  return (
    <div class={styles.editor}>
      <div class={styles.toolbar}>
        <fieldset class={styles.segmented}>
          <legend class="visually-hidden">Body presets</legend>
          {KINDS.map((kind) => (
            <Button
              key={kind}
              small
              aria-pressed={type === BODY_PRESETS[kind].type}
              onClick={() => applyBodyPreset(kind)}
            >
              {BODY_PRESETS[kind].label}
            </Button>
          ))}
        </fieldset>
        <span class={styles.hint}>
          Content-Type:{' '}
          <code>
            {type ??
              (typeof current.body === 'string'
                ? current.body
                  ? 'text/plain;charset=UTF-8 (fetch default)'
                  : 'none'
                : 'none (fetch adds none to bytes)')}
          </code>
        </span>
      </div>
      <div class={styles.toolbar}>
        <fieldset class={styles.segmented}>
          <legend class="visually-hidden">Edit the body as</legend>
          {NOTATIONS.map(([id, label]) => (
            <Button
              key={id}
              small
              aria-pressed={notation.value === id}
              onClick={() => {
                notation.value = id
              }}
            >
              {label}
            </Button>
          ))}
        </fieldset>
        <BytesFile
          onBytes={(bytes) => {
            setBody(bytesBody(bytes))
            if (notation.value === 'text' && bodyText(bytesBody(bytes)) === undefined)
              notation.value = 'hex'
          }}
        />
      </div>
      {notation.value === 'text' && isBytes && <BytesNote text={text} />}
      {notation.value !== 'text' ? (
        <BytesInput
          bytes={bodyBytes(current.body)}
          notation={notation.value}
          onBytes={(bytes) => setBody(bytesBody(bytes))}
        />
      ) : text === undefined ? (
        <BinaryBody />
      ) : (
        <label class={styles.rawField}>
          <span class={styles.fieldLabel}>Body</span>
          <textarea
            class={styles.textarea}
            value={text}
            placeholder={
              noBody
                ? 'GET and HEAD requests cannot carry a body from the browser.'
                : 'Request body'
            }
            spellcheck={false}
            onInput={(event) => setBody(event.currentTarget.value)}
          />
        </label>
      )}
      <p class={styles.result}>
        <span class={styles.resultLabel}>CONTENT_LENGTH</span>
        <code>{out.body === undefined ? '(no body)' : out.bodyBytes}</code>
        <span class={styles.hint}>
          {out.body === undefined
            ? noBody && current.body
              ? `${current.method.toUpperCase()} cannot send a body; switch the method to send it.`
              : ''
            : isBytes
              ? `${out.bodyBytes} bytes, exactly as they arrived.`
              : `${out.bodyBytes} bytes as UTF-8${/^multipart\//i.test(type ?? '') ? ', line endings sent as CRLF' : ''}.`}
        </span>
      </p>
    </div>
  )
}

/** Says that the body is held as bytes (a replayed request), and what editing does to it. */
function BytesNote({ text }: { text: string | undefined }) {
  return (
    <p class={styles.hint}>
      {text === undefined
        ? 'These bytes are not UTF-8 text, so they are kept and sent exactly as they are.'
        : 'Kept as the exact bytes it arrived as; typing here replaces them with your text, sent as UTF-8.'}
    </p>
  )
}

/** A body that is not text: its size and its first bytes in hex, and a way to start over. */
function BinaryBody() {
  const bytes = bodyBytes(draft.value.body)
  const preview = bodyPreview(bytes)
  return (
    <div class={styles.rawField}>
      <span class={styles.fieldLabel}>Body (bytes)</span>
      {preview.kind === 'binary' && (
        <pre class={styles.hex}>
          {preview.hex}
          {bytes.length > preview.shownBytes ? `\n… ${bytes.length - preview.shownBytes} more` : ''}
        </pre>
      )}
      <Button small onClick={() => setBody('')}>
        Replace with text
      </Button>
    </div>
  )
}
