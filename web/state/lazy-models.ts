/**
 * @module
 * The models and data the Inspect page loads on first use, and what brings each in. The
 * views that load on first use are in components/lazy-views.tsx; lib/lazy.ts is how.
 */
import { effect } from '@preact/signals'
import { lazy } from '../lib/lazy.ts'
import { draftMode } from '../logic/request.ts'
import { draft } from './composer.ts'

/** What each key means (the table's tooltips): fetched when a key is first hovered or focused. */
export const keyDocs = lazy(() => import('../logic/key-docs.ts'))

/**
 * Exact mode's plan and Raw-tab actions: fetched as soon as the draft is in exact mode (the
 * Exact button, a history entry, or a reload of an exact draft).
 */
export const exactMode = lazy(() => import('./exact-mode.ts'))

/** Why exact mode cannot send, while its code is missing. */
export const EXACT_MISSING = 'Exact mode could not be loaded; reload to try again.'

effect(() => {
  if (draftMode(draft.value) === 'exact') void exactMode.load()
})
