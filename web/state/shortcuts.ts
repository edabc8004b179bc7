/**
 * @module
 * Whether the keyboard shortcuts help (`?`) is open. The dialog itself loads when first shown.
 */
import { signal } from '@preact/signals'

export const shortcutsOpen = signal(false)
