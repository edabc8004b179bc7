/**
 * @module
 * Exact mode's side of the composer: what the draft will send byte for byte, and the Raw
 * tab's actions, the call that sends it, and the reading of the relay's report (its outcome
 * and byte ranges). Loaded the first time the draft is in exact mode (see `exactMode`), so
 * Browser mode does not pay for it; an exact result exists only once it has loaded.
 */
import { computed } from '@preact/signals'
import { buildExact, type ExactPlan, formAsRawText } from '../logic/exact.ts'
import { isUrl, splitPathInput } from '../logic/path-input.ts'
import { RAW_PRESETS } from '../logic/raw-presets.ts'
import { type Draft, draftQuery } from '../logic/request.ts'
import { makeRow, updateRow } from '../logic/rows.ts'
import { draft, setRaw } from './composer.ts'

export { sendExact } from '../api/send.ts'
export { exactOutcome, keysForRange, rangesForKey } from '../logic/exact-result.ts'

/** The address the relay connects to, which it also writes as Host when a request has none. */
function relayHost(): string {
  return globalThis.location?.host ?? 'localhost'
}

/** Return what exact mode sends for `snapshot`. */
export function planExact(snapshot: Draft): ExactPlan {
  return buildExact(snapshot, relayHost())
}

/** What exact mode will send for the current draft. */
export const exactPlan = computed(() => planExact(draft.value))

/** Load a malformed-request preset into the Raw tab. */
export function applyRawPreset(id: string): void {
  const preset = RAW_PRESETS.find((p) => p.id === id)
  if (preset) setRaw(preset.text)
}

/** Fill the Raw tab with the bytes the form would send, to edit from there. */
export function rawFromForm(): void {
  setRaw(formAsRawText(draft.value, relayHost()))
}

/** Whether the Path field holds a whole URL, which exact mode sends as an absolute-form target. */
export const targetIsUrl = computed(() => isUrl(splitPathInput(draft.value.path)))

/** Turn a whole-URL target into its path and query, and its host into the Host row. */
export function splitUrlTarget(): void {
  const current = draft.value
  const input = splitPathInput(current.path)
  if (input.host === undefined) return
  const host = current.headers.find((row) => row.name.toLowerCase() === 'host')
  const headers = host
    ? updateRow(current.headers, host.id, { value: input.host, enabled: true })
    : [makeRow('Host', input.host), ...current.headers]
  draft.value = {
    ...current,
    path: input.path,
    queryMode: 'raw',
    // a "?" in the field was already moved to the query when the field was left
    rawQuery: input.query ?? draftQuery(current),
    headers,
  }
}
