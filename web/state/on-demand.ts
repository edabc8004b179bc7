/**
 * @module
 * State code the Inspect page fetches on demand, and what brings each in (the components
 * that load on demand are in components/on-demand.tsx).
 */
import { lazy } from '../lib/lazy.ts'

/** What each key means (the table's tooltips): fetched when a key is first hovered or focused. */
export const keyDocs = lazy(() => import('./key-docs.ts'))
