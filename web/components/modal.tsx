import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import styles from './modal.module.css'

export interface ModalProps {
  readonly id: string
  readonly title: string
  /** Called when the dialog closes (Esc, a close button, a `method="dialog"` form). */
  readonly onClose: () => void
  readonly wide?: boolean
  readonly children: ComponentChildren
}

/**
 * A modal dialog: opened with `showModal()`, so focus stays inside and Esc closes it, and
 * focus returns to what opened it when it closes.
 */
export function Modal({ id, title, onClose, wide, children }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const opener = document.activeElement
    const element = dialog.current
    if (element && !element.open) element.showModal()
    return () => {
      if (opener instanceof HTMLElement) opener.focus()
    }
  }, [])
  return (
    <dialog
      ref={dialog}
      class={wide ? styles.wide : styles.dialog}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
    >
      <h2 id={`${id}-title`} class={styles.title}>
        {title}
      </h2>
      {children}
    </dialog>
  )
}
