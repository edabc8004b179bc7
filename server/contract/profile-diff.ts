/**
 * @module
 * Where server profiles disagree about the same request: the one comparison the send and
 * capture APIs answer with and the UI recomputes for a picked set of profiles.
 */

import type { KeyDifference, ProfileOutcome } from './api/send.ts'
import { isProfileId, type ProfileInterface, profileInterface } from './profiles.ts'

/** Whether `name`'s server builds an environ or a scope (unknown names count as WSGI). */
export function interfaceOf(name: string): ProfileInterface {
  return isProfileId(name) ? profileInterface(name) : 'wsgi'
}

/**
 * List the keys whose values are not the same in every profile that built an environ
 * (refusals take no part). WSGI environs are compared with WSGI environs and ASGI scopes with
 * scopes: an environ and a scope share no key, so across the two every key would say "absent".
 */
export function diffProfiles(outcomes: Readonly<Record<string, ProfileOutcome>>): KeyDifference[] {
  const groups = new Map<ProfileInterface, [string, Readonly<Record<string, string>>][]>()
  for (const [profile, outcome] of Object.entries(outcomes)) {
    if (!('environ' in outcome)) continue
    const kind = interfaceOf(profile)
    const group = groups.get(kind) ?? []
    group.push([profile, outcome.environ])
    groups.set(kind, group)
  }
  return [...groups.values()].flatMap(diffGroup)
}

function diffGroup(
  environs: readonly [string, Readonly<Record<string, string>>][]
): KeyDifference[] {
  if (environs.length < 2) return []
  const keys = new Set(environs.flatMap(([, environ]) => Object.keys(environ)))
  const differences: KeyDifference[] = []
  for (const key of keys) {
    const values: Record<string, string | null> = {}
    for (const [profile, environ] of environs) {
      values[profile] = Object.hasOwn(environ, key) ? (environ[key] ?? null) : null
    }
    const seen = Object.values(values)
    if (seen.includes(null)) differences.push({ key, kind: 'absent', values })
    else if (new Set(seen).size > 1) differences.push({ key, kind: 'differs', values })
  }
  return differences
}
