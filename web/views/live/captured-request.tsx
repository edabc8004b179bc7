import { VisibleText } from '../../components/visible-text.tsx'
import { cx } from '../../lib/cx.ts'
import {
  bodyPreview,
  type CapturedRecord,
  formatBytes,
  isRedacted,
} from '../../logic/live-record.ts'
import styles from './captured-request.module.css'

/**
 * The request as the server parsed it: request line, headers in wire order (redacted values
 * marked), and the kept part of the body with its full size and SHA-256.
 *
 * Everything is rendered as text: captured requests come from anyone who can reach the port.
 */
export function CapturedRequest({ record }: { record: CapturedRecord }) {
  return (
    <section class={styles.panel} aria-labelledby="captured-request-title">
      <div class={styles.head}>
        <h4 id="captured-request-title" class={styles.title}>
          Request
        </h4>
        <span class={styles.note}>HTTP/{record.httpVersion}</span>
      </div>
      <div class={styles.wire}>
        <p class={styles.line}>
          <VisibleText value={record.requestLine} hint={false} />
        </p>
        <ul class={styles.headers} aria-label="Captured headers">
          {record.headers.map((header, index) => {
            const redacted = isRedacted(record, header)
            return (
              // headers repeat; their position is their identity
              <li key={index} class={cx(styles.header, redacted && styles.redacted)}>
                <span class={styles.name}>{header[0]}:</span>{' '}
                {redacted ? (
                  <span class={styles.badge} title="Replaced by the server's --redact option">
                    redacted
                  </span>
                ) : (
                  <VisibleText value={header[1]} hint={false} />
                )}
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
