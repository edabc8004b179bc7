/**
 * @module
 * Edit bytes as hex or base64, or load them from a file: the Body tab's editor for a body
 * that is not text. What is typed is decoded as it is typed; text that does not decode says
 * where it went wrong and leaves the bytes as they were.
 */
import { useSignal } from '@preact/signals'
import { formatBytes } from '../lib/bytes.ts'
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  type Decoded,
  hexToBytes,
  sameBytes,
} from '../logic/byte-codecs.ts'
import editor from './editor.module.css'

export type BytesNotation = 'hex' | 'base64'

const NOTATIONS: Readonly<
  Record<
    BytesNotation,
    { label: string; write: (b: Uint8Array) => string; read: (t: string) => Decoded<Uint8Array> }
  >
> = {
  hex: { label: 'hex', write: (bytes) => bytesToHex(bytes), read: hexToBytes },
  base64: {
    label: 'base64',
    write: (bytes) => bytesToBase64(bytes).replace(/(.{76})/g, '$1\n'),
    read: base64ToBytes,
  },
}

export interface BytesInputProps {
  readonly bytes: Uint8Array
  readonly notation: BytesNotation
  readonly onBytes: (bytes: Uint8Array) => void
}

export function BytesInput({ bytes, notation, onBytes }: BytesInputProps) {
  const { label, write, read } = NOTATIONS[notation]
  // what was typed, with the bytes the body held then and why it did not decode (if so)
  const typed = useSignal<{ text: string; bytes: Uint8Array; error: string } | undefined>(undefined)
  const own = typed.value && sameBytes(typed.value.bytes, bytes) ? typed.value : undefined
  const error = own?.error ?? ''
  const errorId = `body-${notation}-error`
  return (
    <div class={editor.rawField}>
      <label class={editor.rawField}>
        <span class={editor.fieldLabel}>Body as {label}</span>
        <textarea
          class={editor.textarea}
          value={own?.text ?? write(bytes)}
          spellcheck={false}
          aria-invalid={error !== ''}
          aria-describedby={error ? errorId : undefined}
          onInput={(event) => {
            const text = event.currentTarget.value
            const decoded = read(text)
            typed.value = decoded.ok
              ? { text, bytes: decoded.value, error: '' }
              : { text, bytes, error: decoded.error }
            if (decoded.ok) onBytes(decoded.value)
          }}
        />
      </label>
      <p id={errorId} class={editor.hint} aria-live="polite">
        {error ? `Not sent as typed: ${error} The body stays ${formatBytes(bytes.length)}.` : ''}
      </p>
    </div>
  )
}

/** A file input that hands over the chosen file's bytes. */
export function BytesFile({ onBytes }: { onBytes: (bytes: Uint8Array, name: string) => void }) {
  return (
    <label class={editor.hint}>
      Load the body from a file:{' '}
      <input
        type="file"
        onChange={async (event) => {
          const file = event.currentTarget.files?.[0]
          if (file) onBytes(new Uint8Array(await file.arrayBuffer()), file.name)
        }}
      />
    </label>
  )
}
