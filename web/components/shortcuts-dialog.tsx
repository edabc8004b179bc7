import { shortcutsOpen } from '../state/shortcuts.ts'
import { Button } from './button.tsx'
import { Modal } from './modal.tsx'
import styles from './shortcuts-dialog.module.css'

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)

const SHORTCUTS: ReadonlyArray<readonly [keys: readonly string[], what: string]> = [
  [
    ['/'],
    'Focus the filter: the environ’s keys on Inspect, the requests on Live, the reference on Keys',
  ],
  [['?'], 'Show these shortcuts'],
  [[isMac ? '⌘' : 'Ctrl', 'Enter'], 'Send the composed request (Inspect)'],
  [['Esc'], 'Close the drawer or this dialog; then clear the selected key'],
]

/** The keyboard shortcuts, in a modal dialog (focus stays inside; Esc closes it). */
export function ShortcutsDialog() {
  return (
    <Modal
      id="shortcuts"
      title="Keyboard shortcuts"
      onClose={() => {
        shortcutsOpen.value = false
      }}
    >
      <table class={styles.table}>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <td>
                {keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && ' + '}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" class={styles.actions}>
        <Button type="submit" variant="primary" small>
          Close
        </Button>
      </form>
    </Modal>
  )
}
