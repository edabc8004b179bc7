/**
 * @module
 * The Keys page's reading of the key reference: every documented key in its group, found by
 * a filter, with which server profiles set it and its value in a real environ.
 *
 * Nothing about a key is written here: names, groups and texts all come from the gateway's
 * reference (environ-key-groups.ts, environ-keys.ts), the same one the server, the table's
 * tooltips and the README use.
 */

import { PROFILE_IDS, type ProfileId } from '../../server/contract/profiles.ts'
import { findDocumentedKey } from '../../server/gateway/environ-key-groups.ts'
import {
  ENVIRON_KEYS,
  type EnvironKeyDoc,
  OS_ENVIRON_KEY,
} from '../../server/gateway/environ-keys.ts'
import { GROUPS, isOsEnvironKey } from './groups.ts'

/** The server profiles, in the order the reference names them. */
export const ALL_PROFILES: readonly ProfileId[] = PROFILE_IDS

export interface ReferenceGroup {
  readonly id: EnvironKeyDoc['group']
  readonly title: string
  readonly entries: readonly EnvironKeyDoc[]
}

/** Return true when `doc` mentions every word of `filter` (key, summary or derivation; any case). */
export function matchesFilter(doc: EnvironKeyDoc, filter: string): boolean {
  const text = `${doc.key} ${doc.summary} ${doc.derivedFrom}`.toLowerCase()
  return filter
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word))
}

/** Return the reference in group order, only the entries that match `filter`; empty groups go. */
export function keyReference(filter = ''): ReferenceGroup[] {
  return GROUPS.map((group) => ({
    id: group.id,
    title: group.title,
    entries: ENVIRON_KEYS.filter((doc) => doc.group === group.id && matchesFilter(doc, filter)),
  })).filter((group) => group.entries.length > 0)
}

/** Return the profiles that set the key (all of them unless the reference names some). */
export function settingProfiles(doc: EnvironKeyDoc): readonly ProfileId[] {
  return doc.profiles ?? ALL_PROFILES
}

/**
 * Return the keys of `environ` that this entry documents, with their values: the key itself,
 * or for a family (`HTTP_*`) every key it covers that has no entry of its own, or for
 * `(os.environ)` the copies of the server's OS variables.
 */
export function liveValues(
  doc: EnvironKeyDoc,
  environ: Readonly<Record<string, string>>,
  profile: string
): Array<readonly [key: string, value: string]> {
  const keys = Object.keys(environ)
  return keys
    .filter((key) =>
      doc.key === OS_ENVIRON_KEY
        ? isOsEnvironKey(key, keys, profile)
        : !isOsEnvironKey(key, keys, profile) && findDocumentedKey(key) === doc.key
    )
    .map((key) => [key, environ[key] ?? ''] as const)
}

/** Return the element id of a key's entry on the Keys page (`key-PATH_INFO`). */
export function entryId(key: string): string {
  return `key-${key}`
}
