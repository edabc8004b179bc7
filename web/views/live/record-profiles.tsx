import { useSignal } from '@preact/signals'
import type { RequestProfilesJson } from '../../../server/contract/api/requests.ts'
import { fetchRecordProfiles } from '../../api/capture.ts'
import { Button } from '../../components/button.tsx'
import { ProfilesGrid } from '../../components/profiles-table.tsx'
import type { CapturedRecord } from '../../logic/live-record.ts'
import { diffPicked, pickOutcomes } from '../../logic/profile-notes.ts'
import styles from './request-detail.module.css'

/** How many profiles are picked at first: the server's own and the next ones in list order. */
const FIRST_PICK = 3

/** The first pick: the server's own profile, then the others in order, `FIRST_PICK` in all. */
export function firstPick(all: readonly string[], own: string): string[] {
  const others = all.filter((name) => name !== own)
  const picked = new Set([own, ...others].slice(0, FIRST_PICK))
  return all.filter((name) => picked.has(name))
}

/**
 * The captured request as any server profile would build its environ (rebuilt by the server
 * from the record), with a picker over every profile the server knows.
 */
export function RecordProfiles({ record }: { record: CapturedRecord }) {
  const state = useSignal<
    | { readonly id: number; readonly kind: 'loading' }
    | { readonly id: number; readonly kind: 'error'; readonly message: string }
    | { readonly id: number; readonly kind: 'ready'; readonly json: RequestProfilesJson }
    | undefined
  >(undefined)
  const picked = useSignal<readonly string[] | undefined>(undefined)
  const shown = state.value?.id === record.id ? state.value : undefined
  if (!shown) {
    return (
      <p class={styles.meta}>
        <Button
          small
          onClick={async () => {
            state.value = { id: record.id, kind: 'loading' }
            const result = await fetchRecordProfiles(record.id)
            state.value = result.ok
              ? { id: record.id, kind: 'ready', json: result.value }
              : { id: record.id, kind: 'error', message: result.message }
          }}
        >
          Show under other profiles
        </Button>
      </p>
    )
  }
  if (shown.kind === 'loading') return <p class={styles.hint}>Rebuilding #{record.id}…</p>
  if (shown.kind === 'error') {
    return (
      <p class={styles.hint} role="alert">
        {shown.message}
      </p>
    )
  }
  const { json } = shown
  const all = Object.keys(json.profiles)
  const chosen = (picked.value ?? firstPick(all, json.serverProfile)).filter((name) =>
    all.includes(name)
  )
  return (
    <div>
      <fieldset class={styles.picker}>
        <legend>Profiles to compare</legend>
        {all.map((name) => (
          <label key={name}>
            <input
              type="checkbox"
              checked={chosen.includes(name)}
              onChange={(event) => {
                const on = event.currentTarget.checked
                picked.value = all.filter((n) => (n === name ? on : chosen.includes(n)))
              }}
            />
            {name}
          </label>
        ))}
      </fieldset>
      <ProfilesGrid
        heading="h3"
        profiles={pickOutcomes(json.profiles, chosen)}
        differences={diffPicked(json.profiles, chosen)}
        lead={
          <p class={styles.meta}>
            Request #{json.id} rebuilt from what the history kept, as each server would build its
            environ. This server runs <strong>{json.serverProfile}</strong>.
            {json.redacted.length > 0 &&
              ` Redacted headers (${json.redacted.join(', ')}) hold their replacement here too.`}
          </p>
        }
      />
    </div>
  )
}
