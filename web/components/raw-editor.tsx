import { splitLines } from '../logic/byte-lines.ts'
import { RAW_PRESETS } from '../logic/raw-presets.ts'
import { bytesToLatin1, rawBytes } from '../logic/raw-text.ts'
import { draft, setRaw, setSendRaw } from '../state/composer.ts'
import { applyRawPreset, exactPlan, rawFromForm } from '../state/exact-mode.ts'
import { Button } from './button.tsx'
import { LineEnding, LineText } from './byte-text.tsx'
import editor from './editor.module.css'
import styles from './raw-editor.module.css'

/** Exact mode's Raw tab: the request as bytes, malformed presets, and what will go out. */
export function RawEditor() {
  const current = draft.value
  const text = current.raw ?? ''
  const sendingRaw = current.sendRaw === true
  const bytes = bytesToLatin1(rawBytes(text))
  const preset = RAW_PRESETS.find((p) => p.text === text)
  return (
    <div class={editor.editor}>
      <div class={editor.toolbar}>
        <fieldset class={editor.segmented}>
          <legend class="visually-hidden">What to send</legend>
          <Button small aria-pressed={!sendingRaw} onClick={() => setSendRaw(false)}>
            The form
          </Button>
          <Button small aria-pressed={sendingRaw} onClick={() => setSendRaw(true)}>
            These bytes
          </Button>
        </fieldset>
        <span class={editor.hint}>
          {sendingRaw
            ? 'Send sends these bytes, exactly.'
            : 'Send sends the form; edit here to switch.'}
        </span>
      </div>
      <fieldset class={styles.presets}>
        <legend class="visually-hidden">Raw presets</legend>
        <Button
          small
          onClick={rawFromForm}
          title="The bytes the form would send, to edit from there"
        >
          From the form
        </Button>
        {RAW_PRESETS.map((p) => (
          <Button
            small
            key={p.id}
            aria-pressed={preset?.id === p.id}
            title={p.lesson}
            onClick={() => applyRawPreset(p.id)}
          >
            {p.title}
          </Button>
        ))}
      </fieldset>
      {preset && <p class={styles.lesson}>{preset.lesson}</p>}
      <label class={editor.rawField}>
        <span class={editor.fieldLabel}>Raw request</span>
        <textarea
          class={editor.textarea}
          value={text}
          spellcheck={false}
          autocomplete="off"
          placeholder={'GET / HTTP/1.1\nHost: example.test\n\n'}
          aria-describedby="raw-help"
          onInput={(event) => setRaw(event.currentTarget.value)}
        />
      </label>
      <p id="raw-help" class={editor.hint}>
        Each line break is sent as <code>\r\n</code> (CRLF). Escapes write other bytes:{' '}
        <code>\r</code> <code>\n</code> <code>\t</code> <code>\0</code> <code>\xNN</code>{' '}
        <code>\\</code>. End a line with <code>\n</code> to send a bare LF there instead of CRLF.
      </p>
      <section class={styles.preview} aria-label="Bytes to send">
        <p class={editor.resultLabel}>
          {exactPlan.value.raw ? 'will send' : 'would send'} · {bytes.length} bytes
        </p>
        <div class={styles.bytes}>
          {splitLines(bytes).map((line) => (
            <div key={line.start}>
              <LineText text={bytes} line={line} ranges={[]} />
              <LineEnding ending={line.ending} />
            </div>
          ))}
        </div>
      </section>
    </div>
  )
}
