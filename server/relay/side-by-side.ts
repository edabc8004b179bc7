/**
 * @module
 * The environ each server profile builds for the same request, and where they differ.
 *
 * The input is what the gateway itself received (Node's view of the relayed bytes, the
 * `RequestFacts` of the exchange), so every profile sees exactly the request the echo saw.
 * A profile that would refuse it reports its status and reason instead of an environ.
 */

import type { ProfileOutcome, RequestHead } from '../contract/api/send.ts'
import type { ProfileId } from '../contract/profiles.ts'
import { strEnviron } from '../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../contract/request.ts'
import { type EnvironBuilder, prepareEnvironBuilder } from '../gateway/environ.ts'
import { RequestRejected } from '../gateway/errors.ts'
import { traceProvenance } from './provenance.ts'

// builders hold per-server constants; one set per server's facts
const BUILDERS = new WeakMap<ServerFacts, Map<ProfileId, EnvironBuilder>>()

function builderFor(server: ServerFacts, profile: ProfileId): EnvironBuilder {
  let builders = BUILDERS.get(server)
  if (!builders) {
    builders = new Map()
    BUILDERS.set(server, builders)
  }
  let builder = builders.get(profile)
  if (!builder) {
    builder = prepareEnvironBuilder(server, profile)
    builders.set(profile, builder)
  }
  return builder
}

/**
 * Build the environ of `request` under each profile; `bytes` are the bytes sent (and `head`
 * them tokenized, when the caller has it), for provenance.
 */
export function compareProfiles(
  request: RequestFacts,
  server: ServerFacts,
  profiles: readonly ProfileId[],
  bytes: Uint8Array,
  head?: RequestHead
): Record<string, ProfileOutcome> {
  const outcomes: Record<string, ProfileOutcome> = {}
  for (const profile of profiles) {
    let environ: Record<string, string>
    try {
      environ = strEnviron(builderFor(server, profile)(request))
    } catch (error) {
      if (!(error instanceof RequestRejected)) throw error
      outcomes[profile] = { rejected: { status: error.status, reason: error.message } }
      continue
    }
    const { keys, ignored } = traceProvenance(bytes, environ, profile, {
      scriptName: server.scriptName,
      head,
    })
    outcomes[profile] = { environ, provenance: keys, ignored }
  }
  return outcomes
}

export { diffProfiles } from '../contract/profile-diff.ts'
