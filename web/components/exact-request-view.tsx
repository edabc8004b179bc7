import type { ByteRange, SendAnswer } from '../../server/relay/types.ts'
import { cx } from '../lib/cx.ts'
import { type ByteLine, splitLines } from '../logic/byte-lines.ts'
import { litRanges, selection, toggleBytes } from '../state/inspector.ts'
import { LineEnding, LineText } from './byte-text.tsx'
import own from './exact-request-view.module.css'
import styles from './request-view.module.css'

const PROBLEMS = {
  'no-colon': 'no colon: not a header line',
  'whitespace-before-colon': 'whitespace before the colon',
  'obs-fold': 'obsolete line folding',
  'empty-name': 'empty header name',
}

function isSelected(range: ByteRange): boolean {
  const sel = selection.value
  return sel.kind === 'bytes' && sel.range[0] === range[0] && sel.range[1] === range[1]
}

/** A piece of the request line (method, target, version) that selects its bytes. */
function LinePart({
  text,
  range,
  label,
}: {
  text: string
  range: ByteRange | undefined
  label: string
}) {
  if (!range) return null
  const pressed = isSelected(range)
  return (
    <button
      type="button"
      class={cx(styles.part, pressed && styles.lit)}
      aria-pressed={pressed}
      title={`${label}: show the keys it produced`}
      onClick={() => toggleBytes(range, label)}
    >
      <LineText text={text} line={{ start: range[0], end: range[1] }} ranges={litRanges.value} />
    </button>
  )
}

/**
 * The exact bytes the relay sent, line by line with their endings, what the server added
 * marked with why. Selecting a line shows the keys it produced; a selected key lights up
 * the bytes it came from.
 */
export function ExactRequestView({ answer }: { answer: SendAnswer }) {
  const text = answer.sent.text
  const head = answer.head
  const lit = litRanges.value
  const lines = splitLines(text)
  const bodyStart = head.bodyStart
  const headLines = lines.filter((line) => bodyStart === null || line.start < bodyStart)
  const requestLine = head.requestLine
  const body: ByteRange | undefined =
    bodyStart !== null && bodyStart < text.length ? [bodyStart, text.length] : undefined
  return (
    <section class={styles.panel} aria-labelledby="sent-title">
      <div class={styles.head}>
        <h2 id="sent-title" class={styles.title}>
          Request as sent
        </h2>
        <span class={styles.legend}>
          <span class={own.size}>{answer.sent.length} bytes, exactly</span>
          {answer.added.length > 0 && <span class={cx(styles.origin, own.added)}>added</span>}
        </span>
      </div>
      <div class={styles.wire}>
        <ul class={styles.headers} aria-label="Headers">
          {headLines.map((line) => {
            if (requestLine && line.start === requestLine.range[0]) {
              return (
                <li key={line.start} class={styles.line}>
                  <LinePart text={text} range={requestLine.method} label="the method" />{' '}
                  <LinePart text={text} range={requestLine.target} label="the target" />{' '}
                  <LinePart text={text} range={requestLine.version} label="the HTTP version" />
                  <LineEnding ending={line.ending} />
                </li>
              )
            }
            return <HeadLine key={line.start} answer={answer} line={line} lit={lit} />
          })}
        </ul>
        {body ? (
          <div class={cx(styles.body, isSelected(body) && styles.lit)}>
            <button
              type="button"
              class={styles.bodyLabel}
              aria-pressed={isSelected(body)}
              onClick={() => toggleBytes(body, 'the body')}
            >
              Body · {body[1] - body[0]} bytes
            </button>
            <div class={cx(styles.bodyText, own.bytes)}>
              {splitLines(text)
                .filter((line) => line.start >= body[0])
                .map((line) => (
                  <div key={line.start}>
                    <LineText text={text} line={line} ranges={lit} />
                    <LineEnding ending={line.ending} />
                  </div>
                ))}
            </div>
          </div>
        ) : (
          <p class={styles.noBody}>(no body)</p>
        )}
      </div>
      <p class={styles.footnote}>
        These are the bytes on the wire; \r\n marks a CRLF, a bare \n is flagged. Select a line to
        highlight the keys it produced, or a key to highlight the bytes it came from.
      </p>
    </section>
  )
}

/** One line of the head: a header field (selectable), the empty line, or a malformed line. */
function HeadLine({
  answer,
  line,
  lit,
}: {
  answer: SendAnswer
  line: ByteLine
  lit: readonly ByteRange[]
}) {
  const text = answer.sent.text
  const field = answer.head.headers.find((f) => f.range[0] === line.start)
  const added = answer.added.find((a) => a.range[0] === line.start)
  const ignored = answer.ignored.find((i) => i.range[0] === line.start)
  if (line.start === line.end) {
    return (
      <li class={cx(styles.line, own.blank)}>
        <LineEnding ending={line.ending} /> <span class={own.aside}>end of the head</span>
      </li>
    )
  }
  if (!field) {
    return (
      <li class={styles.line}>
        <LineText text={text} line={line} ranges={lit} />
        <LineEnding ending={line.ending} />
      </li>
    )
  }
  const pressed = isSelected(field.range)
  const nameEnd = field.problem ? line.start : field.name[1]
  const name = text.slice(field.name[0], field.name[1])
  return (
    <li class={cx(styles.header, pressed && styles.lit, added && own.isAdded)}>
      <button
        type="button"
        class={styles.headerButton}
        aria-pressed={pressed}
        onClick={() => toggleBytes(field.range, `the header line ${name || 'without a name'}`)}
      >
        <span class={styles.name}>
          <LineText text={text} line={{ start: line.start, end: nameEnd }} ranges={lit} />
        </span>
        <LineText text={text} line={{ start: nameEnd, end: line.end }} ranges={lit} />
        <LineEnding ending={line.ending} />
      </button>
      {added && <span class={cx(styles.origin, own.added)}>added</span>}
      {added && <span class={styles.note}>Added by the server: {added.reason}.</span>}
      {field.problem && <span class={styles.note}>Malformed: {PROBLEMS[field.problem]}.</span>}
      {ignored && <span class={styles.note}>Reached no key: {ignored.reason}.</span>}
    </li>
  )
}
