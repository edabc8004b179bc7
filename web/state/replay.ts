/**
 * @module
 * Open a request that was not composed here (a captured one, a proxy preset) in the
 * composer. The one entry point the other pages use, so they need not know the draft's
 * shape (see logic/replay.ts for how it becomes a draft).
 */
import { batch } from '@preact/signals'
import { type ReplayRequest, replayDraft } from '../logic/replay.ts'
import { loadDraft } from './composer.ts'
import { showPage } from './page.ts'

/** Fill the composer with `request` (exact mode) and show the Inspect page. */
export function replay(request: ReplayRequest): void {
  batch(() => {
    loadDraft(replayDraft(request))
    showPage('inspect')
  })
}
