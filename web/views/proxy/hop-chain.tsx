import type { HopJson } from '../../../server/proxy/api-types.ts'
import { VisibleText } from '../../components/visible-text.tsx'
import { cx } from '../../lib/cx.ts'
import { chainOf } from '../../logic/proxy-answer.ts'
import styles from './hop-chain.module.css'

/**
 * The path from the client to the app: every address the headers name, then the socket
 * peer, then the app with the REMOTE_ADDR it ends up with.
 */
export function HopChain({ hops, remoteAddr }: { hops: readonly HopJson[]; remoteAddr: string }) {
  const steps = chainOf(hops)
  return (
    <section class={styles.section} aria-labelledby="proxy-chain-title">
      <h3 id="proxy-chain-title" class={styles.title}>
        Hop chain <span class={styles.sub}>client side first, the app last</span>
      </h3>
      <ol class={styles.chain} aria-label="Hop chain">
        {steps.map((step, index) => (
          <li
            // hops are positional: the same address can appear twice
            key={index}
            class={cx(styles.step, styles[step.role])}
          >
            <span class={styles.role}>{step.roleLabel}</span>
            <span class={styles.address}>
              {step.address === '' ? '(empty)' : <VisibleText value={step.address} hint={false} />}
            </span>
            <span class={styles.namedBy}>
              {step.isPeer ? 'from ' : 'named by '}
              {step.namedBy}
            </span>
            <span class={styles.reason}>{step.reason}</span>
          </li>
        ))}
        <li class={cx(styles.step, styles.app)}>
          <span class={styles.role}>app</span>
          <span class={styles.address}>WSGI application</span>
          <span class={styles.namedBy}>
            sees REMOTE_ADDR <code>{remoteAddr}</code>
          </span>
        </li>
      </ol>
    </section>
  )
}
