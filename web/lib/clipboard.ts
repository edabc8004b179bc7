/**
 * @module
 * Copy text to the clipboard, with a fallback for browsers or contexts without the
 * async Clipboard API.
 */

/** Copy `text`; resolve to false when the browser refused both ways. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.append(area)
    area.select()
    // execCommand is deprecated but is the only fallback where the Clipboard API is blocked
    const ok = document.execCommand('copy')
    area.remove()
    return ok
  }
}
