import type { ByteRange } from '../../server/relay/types.ts'
import { type ByteLine, litRuns } from '../logic/byte-lines.ts'
import styles from './byte-text.module.css'

const NAMED: Readonly<Record<number, string>> = { 0: '\\0', 9: '\\t', 10: '\\n', 13: '\\r' }

/** Show control bytes as the Raw tab's escapes (`\r`, `\x01`); everything else as is. */
function Bytes({ text }: { text: string }) {
  const parts = text.split(/([\x00-\x1f\x7f])/)
  return (
    <>
      {parts.map((part, index) => {
        if (index % 2 === 0) return part
        const code = part.charCodeAt(0)
        const hex = code.toString(16).toUpperCase().padStart(2, '0')
        const glyph = NAMED[code] ?? `\\x${hex}`
        return (
          // split() alternates text and control bytes; the index is the identity
          <abbr key={index} class={styles.control} title={`byte 0x${hex}`}>
            {glyph}
          </abbr>
        )
      })}
    </>
  )
}

/** The bytes of one line as text, highlighted runs in `<mark>`; never HTML. */
export function LineText({
  text,
  line,
  ranges,
}: {
  text: string
  line: Pick<ByteLine, 'start' | 'end'>
  ranges: readonly ByteRange[]
}) {
  return (
    <>
      {litRuns(line.start, line.end, ranges).map((run) => {
        const part = text.slice(run.start, run.end)
        if (part === '') return null
        const shown = <Bytes text={part} />
        return run.lit ? (
          <mark key={run.start} class={styles.lit}>
            {shown}
          </mark>
        ) : (
          <span key={run.start}>{shown}</span>
        )
      })}
    </>
  )
}

const ENDINGS = {
  crlf: { glyph: '\\r\\n', label: 'CRLF' },
  lf: { glyph: '\\n', label: 'bare LF, no CR' },
  none: { glyph: '', label: '' },
}

/** How a line ends on the wire: CRLF quietly, a bare LF loudly. */
export function LineEnding({ ending }: { ending: ByteLine['ending'] }) {
  const { glyph, label } = ENDINGS[ending]
  if (!glyph) return null
  return (
    <abbr class={ending === 'lf' ? styles.bareLf : styles.crlf} title={label} aria-label={label}>
      {glyph}
    </abbr>
  )
}
