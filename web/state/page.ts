/**
 * @module
 * Which page of the inspector is showing, kept in the URL hash so a page can be linked
 * and the browser's back button works: `#/` (Inspect), `#/live`, `#/proxy`, `#/lab`, `#/keys`.
 *
 * A hash may carry parameters after a `?` (`#/keys?key=PATH_INFO`, a shared request's
 * `#/?r=…`): `hashParams` holds them. A link with a request is opened by shared-link.ts,
 * loaded only when a hash asks for it, so the first load does not carry the link codec.
 */
import { effect, signal } from '@preact/signals'

export const PAGES = [
  { id: 'inspect', label: 'Inspect', hash: '#/' },
  { id: 'live', label: 'Live', hash: '#/live' },
  { id: 'proxy', label: 'Proxy', hash: '#/proxy' },
  { id: 'lab', label: 'Lab', hash: '#/lab' },
  { id: 'keys', label: 'Keys', hash: '#/keys' },
] as const

export type PageId = (typeof PAGES)[number]['id']

/** Return the page a hash names (`#/live`, `#/live?x=1`); anything else is Inspect. */
export function pageFromHash(hash: string): PageId {
  const name = /^#\/?([^?]*)/.exec(hash)?.[1] ?? ''
  return PAGES.find((page) => name !== '' && page.hash === `#/${name}`)?.id ?? 'inspect'
}

/** Return what follows the `?` of a hash (`''` when nothing does). */
export function paramsOf(hash: string): string {
  const at = hash.indexOf('?')
  return at < 0 ? '' : hash.slice(at + 1)
}

const initialHash = globalThis.location?.hash ?? ''

export const page = signal<PageId>(pageFromHash(initialHash))
/** The hash's parameters, as written: `key=PATH_INFO`. */
export const hashParams = signal(paramsOf(initialHash))

/** Show `id` and record it in the URL (one history entry per change). */
export function showPage(id: PageId): void {
  page.value = id
}

/**
 * Set the current page's parameters in the URL without a new history entry (the Keys page
 * records the key it shows, so the address bar is always a link to it).
 */
export function setHashParams(params: string): void {
  hashParams.value = params
  const base = PAGES.find((entry) => entry.id === page.value)?.hash ?? '#/'
  history.replaceState(history.state, '', params === '' ? base : `${base}?${params}`)
}

/** Open a shared link (`r=`: a request), loading the code that reads it. */
function openIfShared(hash: string): void {
  if (!/[?&]r=/.test(hash)) return
  void import('./shared-link.ts').then((module) => module.openSharedLink(hash))
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    page.value = pageFromHash(window.location.hash)
    hashParams.value = paramsOf(window.location.hash)
    openIfShared(window.location.hash)
  })
  effect(() => {
    const hash = PAGES.find((entry) => entry.id === page.value)?.hash ?? '#/'
    if (pageFromHash(window.location.hash) !== page.value) {
      hashParams.value = ''
      window.location.hash = hash
    }
  })
  openIfShared(initialHash)
}
