/**
 * @module
 * Page layout state that several components share.
 */
import { signal } from '@preact/signals'

/** Whether the examples-and-history drawer is open (it is always shown from 1440 px up). */
export const sidebarOpen = signal(false)

const WIDE = globalThis.matchMedia?.('(min-width: 1440px)')

/** True from 1440 px up, where the drawer is a column that is always shown. */
export const wideLayout = signal(WIDE?.matches ?? false)

WIDE?.addEventListener('change', (event) => {
  wideLayout.value = event.matches
})
