/**
 * @module
 * Single-key shortcuts (`/`, `?`) must not fire while someone types: these helpers tell a
 * typing target from the page, and find the control a shortcut names.
 */

/** Return true when keys typed at `target` are text (inputs, text areas, editable content). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  return (
    target instanceof HTMLInputElement &&
    !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(
      target.type
    )
  )
}

/**
 * Focus the first visible control whose `aria-keyshortcuts` lists `key`, and select its text.
 * Returns false when the page shows none.
 */
export function focusShortcut(key: string): boolean {
  for (const element of document.querySelectorAll<HTMLElement>('[aria-keyshortcuts]')) {
    const keys = (element.getAttribute('aria-keyshortcuts') ?? '').split(/\s+/)
    if (!keys.includes(key) || element.getClientRects().length === 0) continue
    element.focus()
    if (element instanceof HTMLInputElement) element.select()
    return true
  }
  return false
}
