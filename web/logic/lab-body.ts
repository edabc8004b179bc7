/**
 * @module
 * The body the deployment lab posts to `POST /_inspector/api/frameworks` for a set-up and the
 * request the chain delivers, or why it cannot (the settings are not a JSON object).
 */
import type { FrameworksApiRequest } from '../../server/contract/api/frameworks.ts'
import type { LabChain, WireRequest } from './lab-chains.ts'
import type { LabSetup } from './lab-link.ts'
import { serverFlags } from './lab-server-flags.ts'

/** The server's trust as a proxy policy: none, `--trusted-proxies`, or its own flags. */
function labPolicy(
  setup: LabSetup,
  last: string,
  serverProfile: string
): FrameworksApiRequest['policy'] {
  if (setup.trust === 'last-proxy') return { mode: 'trusted', proxies: [last] }
  const profile = setup.profile || serverProfile
  const own = setup.trust === 'own-flags' ? serverFlags(profile, last) : undefined
  return own ? { mode: 'server', settings: own.settings } : { mode: 'none' }
}

/**
 * The API body, or a message naming what is wrong. `serverProfile` is the server's own
 * profile, the one a set-up without a profile runs under.
 */
export function labRequestBody(
  setup: LabSetup,
  chain: LabChain,
  delivered: WireRequest,
  serverProfile = ''
): FrameworksApiRequest | string {
  let settings: unknown
  try {
    settings = JSON.parse(setup.settings)
  } catch {
    return 'Settings: not valid JSON'
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    return 'Settings: a JSON object of setting names'
  }
  const last = chain.hops.at(-1)?.address ?? '127.0.0.1'
  return {
    request: {
      method: delivered.method,
      target: delivered.target,
      httpVersion: delivered.httpVersion,
      headers: delivered.headers,
      peer: { address: delivered.peer, port: 40512 },
    },
    ...(setup.profile ? { profile: setup.profile as FrameworksApiRequest['profile'] } : {}),
    policy: labPolicy(setup, last, serverProfile),
    settings: { [setup.framework]: settings },
  }
}
