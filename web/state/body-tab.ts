/**
 * @module
 * The Body tab's action on the draft. Loaded with the tab, so the templates stay out of the
 * first load.
 */
import { type BodyKind, withBodyPreset } from '../logic/body-presets.ts'
import { draft } from './composer.ts'

/** Apply a body preset to the draft (see {@link withBodyPreset}). */
export function applyBodyPreset(kind: BodyKind): void {
  draft.value = withBodyPreset(draft.value, kind)
}
