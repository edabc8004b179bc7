import { VisibleText } from '../../components/visible-text.tsx'
import { cx } from '../../lib/cx.ts'
import {
  bodyPreview,
  type CapturedRecord,
  formatBytes,
  isRedacted,
} from '../../logic/live-record.ts'
import { partsForKey, type RequestPart, samePart } from '../../logic/trace.ts'
import { detailSelection, toggleDetailPart } from '../../state/live.ts'
import styles from './captured-request.module.css'

/**
 * The request as the server parsed it: request line, headers in wire order (redacted values
 * marked), and the kept part of the body with its full size and SHA-256.
 *
 * Everything is rendered as text: captured requests come from anyone who can reach the port.
 */
export function CapturedRequest({ record }: { record: CapturedRecord }) {
  const lit = litParts(record)
  const isLit = (part: RequestPart) => lit.some((p) => samePart(p, part))
  const lineLit = LINE_PARTS.some((kind) => isLit({ kind }))
  return (
    <section class={styles.panel} aria-labelledby="captured-request-title">
      <div class={styles.head}>
        <h4 id="captured-request-title" class={styles.title}>
          Request
        </h4>
        <span class={styles.note}>HTTP/{record.httpVersion}</span>
      </div>
      <div class={styles.wire}>
        <p class={cx(styles.line, lineLit && styles.lit)}>
          <button
            type="button"
            role="switch"
            class={styles.lineButton}
            aria-checked={lineLit}
            title="The request line: show the keys it produced"
            onClick={() => toggleDetailPart({ kind: 'path' })}
          >
            <VisibleText value={record.requestLine} hint={false} />
          </button>
        </p>
        <ul class={styles.headers} aria-label="Captured headers">
          {record.headers.map((header, index) => {
            const redacted = isRedacted(record, header)
            return (
              // headers repeat; their position is their identity
              <li
                key={index}
                class={cx(
                  styles.header,
                  redacted && styles.redacted,
                  isLit({ kind: 'header', name: header[0] }) && styles.lit
                )}
              >
                <button
                  type="button"
                  role="switch"
                  class={styles.lineButton}
                  aria-checked={isLit({ kind: 'header', name: header[0] })}
                  onClick={() => toggleDetailPart({ kind: 'header', name: header[0] })}
                >
                  <span class={styles.name}>{header[0]}:</span>{' '}
                  {redacted ? (
                    <span class={styles.badge} title="Replaced by the server's --redact option">
                      redacted
                    </span>
                  ) : (
                    <VisibleText value={header[1]} hint={false} />
                  )}
                </button>
              </li>
            )
          })}
        </ul>
        <Body record={record} />
      </div>
      <p class={styles.footnote}>
        Rebuilt from the parsed request: separators are shown as “: ” and line ends as CRLF,
        whatever the client sent.
      </p>
    </section>
  )
}

/*
 * Lines are switches ("light the keys this line produced"), not plain buttons: their names
 * are whatever the client sent, and must not pass for the page's own buttons (Replay).
 */

/** Request-line parts: a key from any of them lights the whole line. */
const LINE_PARTS = ['method', 'path', 'query', 'protocol'] as const

/** The parts of the request to light: the selected one, or those the selected key came from. */
function litParts(record: CapturedRecord): readonly RequestPart[] {
  const sel = detailSelection.value
  if (sel.kind === 'part') return [sel.part]
  if (sel.kind !== 'key' || !record.environ) return []
  return partsForKey(
    sel.key,
    record.headers.map(([name]) => name)
  )
}

function Body({ record }: { record: CapturedRecord }) {
  const { body } = record
  if (body.size === 0) return <p class={styles.noBody}>(no body)</p>
  const preview = bodyPreview(body.bytes)
  return (
    <div class={styles.body}>
      <p class={styles.bodyMeta}>
        Body · {formatBytes(body.size)} · SHA-256 <code class={styles.sha}>{body.sha256}</code>
      </p>
      {body.truncated && (
        <p class={styles.truncated}>
          truncated: the server kept the first {formatBytes(body.bytes.length)} (
          <code>--history-body</code>)
        </p>
      )}
      {preview.kind === 'text' && (
        <pre class={styles.bodyText}>
          <VisibleText value={preview.text} hint={false} />
        </pre>
      )}
      {preview.kind === 'binary' && (
        <>
          <p class={styles.bodyMeta}>
            Not UTF-8 text; the first {formatBytes(preview.shownBytes)} in hex:
          </p>
          <pre class={styles.bodyText}>{preview.hex}</pre>
        </>
      )}
    </div>
  )
}
