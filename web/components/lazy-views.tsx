/**
 * @module
 * The views that load on first use, each with what brings it in (the models that do are
 * in state/lazy-models.ts). The first load is
 * what the page shows before anything is sent: the header, the composer in Browser mode,
 * the empty result (the build checks its size, see vite.config.ts). The rest waits for the
 * action that needs it; a result's views come with the first send, fetched alongside the
 * request itself. Each part's CSS Module travels in its chunk.
 */
import { effect } from '@preact/signals'
import { sending } from '../state/inspector.ts'
import { lazyComponent } from './lazy-component.tsx'

/** A result: its bar, the environ table, the errors. Preloaded by Send (see below). */
export const ResultView = lazyComponent('result', () =>
  import('./result-view.tsx').then((module) => module.ResultView)
)

/** The request as it went out (Browser mode), beside the result. Preloaded by Send. */
export const RequestView = lazyComponent('request as sent', () =>
  import('./request-view.tsx').then((module) => module.RequestView)
)

/** Start fetching what a result shows: on hover or focus of Send, and when a send starts. */
export function preloadResultViews(): void {
  ResultView.preload()
  RequestView.preload()
}

effect(() => {
  if (sending.value) preloadResultViews()
})

/** The Live page: opened from the header. */
export const LiveView = lazyComponent('Live page', () =>
  import('../views/live/live-view.tsx').then((module) => module.LiveView)
)

/** The deployment lab: opened from the header. */
export const LabView = lazyComponent('Lab page', () =>
  import('../views/lab/lab-view.tsx').then((module) => module.LabView)
)

/** The Proxy page: opened from the header. */
export const ProxyView = lazyComponent('Proxy page', () =>
  import('../views/proxy/proxy-view.tsx').then((module) => module.ProxyView)
)

/**
 * The examples and history drawer's lists: loaded when the drawer opens (preloaded when its
 * button is hovered or focused), or right after the first render where the drawer is a
 * column (1440 px and wider).
 */
export const SideLists = lazyComponent('examples and history', () =>
  import('./side-lists.tsx').then((module) => module.SideLists)
)

/** The explanation of a selected key or request part: preloaded when a key is hovered or focused. */
export const KeyExplanation = lazyComponent('explanation', () =>
  import('./key-explanation.tsx').then((module) => module.KeyExplanation)
)

/** Compare A ↔ B: preloaded when a result is pinned as A. */
export const CompareTable = lazyComponent('comparison', () =>
  import('./compare-table.tsx').then((module) => module.CompareTable)
)

/** The composer's Headers tab: preloaded when the tab is hovered or focused. */
export const HeaderEditor = lazyComponent('Headers tab', () =>
  import('./header-editor.tsx').then((module) => module.HeaderEditor)
)

/** The composer's Body tab: preloaded when the tab is hovered or focused. */
export const BodyEditor = lazyComponent('Body tab', () =>
  import('./body-editor.tsx').then((module) => module.BodyEditor)
)

/** An exact send's Profiles tab. */
export const ProfilesTable = lazyComponent('profiles', () =>
  import('./profiles-table.tsx').then((module) => module.ProfilesTable)
)

/** An exact send's bytes as sent, in place of the browser-mode request view. */
export const ExactRequestView = lazyComponent('request as sent', () =>
  import('./exact-request-view.tsx').then((module) => module.ExactRequestView)
)

/** Exact mode's Raw tab. */
export const RawEditor = lazyComponent('Raw tab', () =>
  import('./raw-editor.tsx').then((module) => module.RawEditor)
)

/** The Keys page: opened from the header or a link to a key. */
export const KeysView = lazyComponent('Keys page', () =>
  import('../views/keys/keys-view.tsx').then((module) => module.KeysView)
)

/** The guided tour's panel: loaded when the tour starts (on the Keys page). */
export const TourPanel = lazyComponent('guided tour', () =>
  import('../views/tour/tour-panel.tsx').then((module) => module.TourPanel)
)

/** The keyboard shortcuts help: loaded when `?` is first pressed. */
export const ShortcutsDialog = lazyComponent('keyboard shortcuts', () =>
  import('./shortcuts-dialog.tsx').then((module) => module.ShortcutsDialog)
)

/** The page's standing message (a link opened, an import): loaded with the first one. */
export const PageMessage = lazyComponent('message', () =>
  import('./page-message.tsx').then((module) => module.PageMessage)
)

/** Import (curl, URL, raw request, HAR): loaded when its button is hovered, focused or used. */
export const ImportDialog = lazyComponent('import', () =>
  import('./import-dialog.tsx').then((module) => module.ImportDialog)
)

/** Export (curl, .http, HAR, pytest, requests, httpx): loaded like Import. */
export const ExportDialog = lazyComponent('export', () =>
  import('./export-dialog.tsx').then((module) => module.ExportDialog)
)

/** Share a link to the composed request: loaded like Import. */
export const ShareDialog = lazyComponent('share', () =>
  import('./share-dialog.tsx').then((module) => module.ShareDialog)
)
