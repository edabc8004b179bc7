/**
 * @module
 * Share: a link to the composer's request (and the selected key and tab). Opening it shows
 * the request ready to send, or sends it when "send as soon as opened" is ticked. The link
 * carries only what was composed, never what the server answered.
 */
import { useSignal } from '@preact/signals'
import { useEffect } from 'preact/hooks'
import { copyText } from '../lib/clipboard.ts'
import { closeDialog } from '../state/dialogs.ts'
import { notice } from '../state/inspector.ts'
import { linkToComposer } from '../state/shared-link.ts'
import { Button } from './button.tsx'
import styles from './modal.module.css'
import { Modal } from './modal.tsx'

export function ShareDialog() {
  const sendOnOpen = useSignal(false)
  const link = useSignal<Awaited<ReturnType<typeof linkToComposer>> | undefined>(undefined)
  const send = sendOnOpen.value
  useEffect(() => {
    void linkToComposer(send).then((made) => {
      link.value = made
    })
  }, [send])
  const made = link.value
  return (
    <Modal id="share" title="Share a link to this request" onClose={closeDialog}>
      <p class={styles.hint}>
        The link holds the request as you composed it (and the selected key), so anyone who opens it
        sees it ready to send. Nothing the server answered goes in it.
      </p>
      {made && !made.ok && <p class={styles.error}>{made.error}</p>}
      {made?.ok && (
        <>
          <label class={styles.field}>
            Link
            <input type="url" readOnly value={made.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p class={styles.hint}>{made.url.length} characters</p>
        </>
      )}
      <label class={styles.check}>
        <input
          type="checkbox"
          checked={send}
          onChange={(event) => {
            sendOnOpen.value = event.currentTarget.checked
          }}
        />
        Send the request as soon as the link is opened
      </label>
      <div class={styles.actions}>
        <Button onClick={closeDialog}>Close</Button>
        <Button
          variant="primary"
          disabled={!made?.ok}
          onClick={async () => {
            if (!made?.ok) return
            notice.value = (await copyText(made.url))
              ? 'Copied the link.'
              : 'Could not copy the link: the browser refused.'
          }}
        >
          Copy link
        </Button>
      </div>
    </Modal>
  )
}
