/**
 * @module
 * Which page of the inspector is showing, kept in the URL hash so a page can be linked
 * and the browser's back button works: `#/` (Inspect), `#/live`, `#/proxy`.
 */
import { effect, signal } from '@preact/signals'

export const PAGES = [
  { id: 'inspect', label: 'Inspect', hash: '#/' },
  { id: 'live', label: 'Live', hash: '#/live' },
  { id: 'proxy', label: 'Proxy', hash: '#/proxy' },
] as const

export type PageId = (typeof PAGES)[number]['id']

function pageFromHash(hash: string): PageId {
  return PAGES.find((page) => page.hash === hash && hash !== '#/')?.id ?? 'inspect'
}

export const page = signal<PageId>(pageFromHash(globalThis.location?.hash ?? ''))

/** Show `id` and record it in the URL (one history entry per change). */
export function showPage(id: PageId): void {
  page.value = id
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    page.value = pageFromHash(window.location.hash)
  })
  effect(() => {
    const hash = PAGES.find((entry) => entry.id === page.value)?.hash ?? '#/'
    if (pageFromHash(window.location.hash) !== page.value) window.location.hash = hash
  })
}
