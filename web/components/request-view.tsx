import type { ComponentChildren } from 'preact'
import { cx } from '../lib/cx.ts'
import type { SentHeader } from '../logic/sent.ts'
import { type RequestPart, samePart } from '../logic/trace.ts'
import { current, highlightedParts, sent, togglePart } from '../state/inspector.ts'
import { ExactRequestView } from './lazy-views.tsx'
import styles from './request-view.module.css'
import { VisibleText } from './visible-text.tsx'

const ORIGIN_LABEL = { you: 'you', browser: 'browser', blocked: 'not sent' }

/**
 * The request as it went out. Browser mode: request line, headers (yours, the browser's,
 * refused), body. Exact mode: the bytes themselves.
 */
export function RequestView() {
  const result = current.value
  if (result?.mode === 'exact')
    return result.answer ? <ExactRequestView answer={result.answer} /> : null
  const view = sent.value
  if (!view) return null
  const lit = highlightedParts.value
  const isLit = (part: RequestPart) => lit.some((p) => samePart(p, part))
  const [path = '', ...rest] = view.target.split('?')
  const hasQuery = view.target.includes('?')
  return (
    <section class={styles.panel} aria-labelledby="sent-title">
      <div class={styles.head}>
        <h2 id="sent-title" class={styles.title}>
          Request as sent
        </h2>
        <span class={styles.legend}>
          <span class={cx(styles.origin, styles.you)}>you</span>
          <span class={cx(styles.origin, styles.browser)}>browser</span>
          <span class={cx(styles.origin, styles.blocked)}>not sent</span>
        </span>
      </div>
      <div class={styles.wire}>
        <p class={styles.line}>
          <Part part={{ kind: 'method' }} lit={isLit({ kind: 'method' })} label="Method">
            {view.method}
          </Part>{' '}
          <Part part={{ kind: 'path' }} lit={isLit({ kind: 'path' })} label="Path">
            {path}
          </Part>
          {hasQuery && (
            <Part part={{ kind: 'query' }} lit={isLit({ kind: 'query' })} label="Query">
              ?{rest.join('?')}
            </Part>
          )}{' '}
          <Part part={{ kind: 'protocol' }} lit={isLit({ kind: 'protocol' })} label="Protocol">
            {view.protocol}
          </Part>
        </p>
        <ul class={styles.headers} aria-label="Headers">
          {view.headers.map((header, index) => (
            <HeaderLine
              key={`${header.origin}-${header.name}-${index}`}
              header={header}
              lit={header.origin !== 'blocked' && isLit({ kind: 'header', name: header.name })}
            />
          ))}
        </ul>
        {view.body !== undefined ? (
          <div class={cx(styles.body, isLit({ kind: 'body' }) && styles.lit)}>
            <button
              type="button"
              class={styles.bodyLabel}
              onClick={() => togglePart({ kind: 'body' })}
            >
              Body · {view.bodyBytes} bytes
            </button>
            <pre class={styles.bodyText}>
              {typeof view.body === 'string' ? (
                <VisibleText value={view.body} hint={false} />
              ) : (
                bytesAsHex(view.body)
              )}
            </pre>
          </div>
        ) : (
          <p class={styles.noBody}>(no body)</p>
        )}
      </div>
      <p class={styles.footnote}>
        Select a part to highlight the keys it produced. Browser headers are read back from the
        environ, so their spelling is reconstructed and their order on the wire is unknown.
      </p>
    </section>
  )
}

/** Bytes that are not text, as hex (the first 512; the rest counted). */
function bytesAsHex(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, 512), (b) => b.toString(16).padStart(2, '0'))
  const more = bytes.length > 512 ? ` … ${bytes.length - 512} more bytes` : ''
  return `${shown.join(' ')}${more}`
}

function Part({
  part,
  lit,
  label,
  children,
}: {
  part: RequestPart
  lit: boolean
  label: string
  children: ComponentChildren
}) {
  return (
    <button
      type="button"
      class={cx(styles.part, lit && styles.lit)}
      aria-pressed={lit}
      title={`${label}: show the keys it produced`}
      onClick={() => togglePart(part)}
    >
      {children}
    </button>
  )
}

function HeaderLine({ header, lit }: { header: SentHeader; lit: boolean }) {
  const blocked = header.origin === 'blocked'
  return (
    <li class={cx(styles.header, blocked && styles.isBlocked, lit && styles.lit)}>
      <button
        type="button"
        class={styles.headerButton}
        disabled={blocked}
        aria-pressed={lit}
        onClick={() => togglePart({ kind: 'header', name: header.name })}
      >
        <span class={styles.name}>{header.name}:</span>{' '}
        <VisibleText value={header.value} hint={false} />
      </button>
      <span class={cx(styles.origin, styles[header.origin])}>{ORIGIN_LABEL[header.origin]}</span>
      {header.note && <span class={styles.note}>{header.note}</span>}
    </li>
  )
}
