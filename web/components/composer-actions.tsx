import { openDialog } from '../state/dialogs.ts'
import { Button } from './button.tsx'
import styles from './composer-actions.module.css'
import { ExportDialog, ImportDialog, ShareDialog } from './lazy-views.tsx'

/** Import into the composer, export what it will send, share a link to it. */
export function ComposerActions() {
  return (
    <fieldset class={styles.actions}>
      <legend class="visually-hidden">Request actions</legend>
      <Button
        small
        aria-haspopup="dialog"
        onMouseEnter={ImportDialog.preload}
        onFocus={ImportDialog.preload}
        onClick={() => {
          openDialog.value = { kind: 'import' }
        }}
      >
        Import…
      </Button>
      <Button
        small
        aria-haspopup="dialog"
        onMouseEnter={ExportDialog.preload}
        onFocus={ExportDialog.preload}
        onClick={() => {
          openDialog.value = { kind: 'export', from: 'composer' }
        }}
      >
        Export…
      </Button>
      <Button
        small
        aria-haspopup="dialog"
        onMouseEnter={ShareDialog.preload}
        onFocus={ShareDialog.preload}
        onClick={() => {
          openDialog.value = { kind: 'share' }
        }}
      >
        Share link…
      </Button>
    </fieldset>
  )
}
