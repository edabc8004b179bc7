/**
 * @module
 * The Proxy page: a request and a trust policy in, the raw and effective environ and the
 * hop-by-hop trace out. Every edit re-asks the server, so the answer is always live.
 */
import { useEffect } from 'preact/hooks'
import { startProxyPage } from '../../state/proxy.ts'
import { AnswerPane } from './answer-pane.tsx'
import { PolicyEditor } from './policy-editor.tsx'
import { PresetPicker } from './preset-picker.tsx'
import styles from './proxy-view.module.css'
import { RequestEditor } from './request-editor.tsx'

export function ProxyView() {
  useEffect(() => startProxyPage(), [])
  return (
    <section class={styles.view} aria-labelledby="proxy-title">
      <header class={styles.intro}>
        <h2 id="proxy-title" class={styles.title}>
          Proxy headers
        </h2>
        <p class={styles.lead}>
          What is the real client address, scheme and host behind your proxy? Describe the request
          as your app receives it and how far you trust the forwarding headers; the answer updates
          as you type.
        </p>
      </header>
      <div class={styles.columns}>
        <div class={styles.inputs}>
          <PresetPicker />
          <RequestEditor />
          <PolicyEditor />
        </div>
        <div class={styles.output}>
          <AnswerPane />
        </div>
      </div>
    </section>
  )
}
