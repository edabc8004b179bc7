/**
 * @module
 * A captured request under any server profile: the environ each profile builds from what the
 * record keeps, and where they differ (`GET /requests/:id/profiles`).
 *
 * The environ depends on the request line, the headers and the connection's addresses, all of
 * which a record keeps; never on the body's bytes, so a body cut to `--history-body` changes
 * nothing. The headers are the record's: with `--redact`, the replacement values. The bytes the
 * provenance ranges index are the record's reconstructed head (views.ts) and its kept body.
 */
import type { RequestProfilesJson } from '../contract/api/requests.ts'
import { latin1Bytes } from '../contract/http.ts'
import { isProfileId, PROFILE_IDS, type ProfileId } from '../contract/profiles.ts'
import type { ServerFacts } from '../contract/request.ts'
import { compareProfiles, diffProfiles } from '../relay/side-by-side.ts'
import { type CapturedRequest, recordFacts } from './record.ts'
import { reconstructHead } from './views.ts'

/** Why a `profiles` query cannot be read. */
export class ProfileListError extends Error {}

/**
 * Read `?profiles=a,b`: the named profiles in the order given, or every profile when the
 * query is left out. Unknown and repeated names are errors that name the known ones.
 */
export function readProfileList(query: string | undefined): ProfileId[] {
  if (query === undefined) return [...PROFILE_IDS]
  const names = query.split(',').map((name) => name.trim())
  const profiles: ProfileId[] = []
  for (const name of names) {
    if (!isProfileId(name)) {
      throw new ProfileListError(
        `${JSON.stringify(name)} is not a server profile; known: ${PROFILE_IDS.join(', ')}`
      )
    }
    if (profiles.includes(name)) throw new ProfileListError(`${name} is listed twice`)
    profiles.push(name)
  }
  return profiles
}

/** Build the environ of `record` under each of `profiles`, as a server with `server`'s facts. */
export function recordUnderProfiles(
  record: CapturedRequest,
  server: ServerFacts,
  serverProfile: ProfileId,
  profiles: readonly ProfileId[]
): RequestProfilesJson {
  const request = recordFacts(record)
  const head = latin1Bytes(reconstructHead(record))
  const bytes = new Uint8Array(head.length + record.body.length)
  bytes.set(head)
  bytes.set(record.body, head.length)
  const outcomes = compareProfiles(request, server, profiles, bytes)
  return {
    id: String(record.id),
    serverProfile,
    scriptName: server.scriptName,
    profiles: outcomes,
    differences: diffProfiles(outcomes),
    redacted: [...record.redacted],
  }
}
