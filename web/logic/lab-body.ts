/**
 * @module
 * The body the deployment lab posts to `POST /_inspector/api/frameworks` for a set-up and the
 * request the chain delivers, or why it cannot (the settings are not a JSON object).
 */
import type { FrameworksApiRequest } from '../../server/contract/api/frameworks.ts'
import type { LabChain, WireRequest } from './lab-chains.ts'
import type { LabSetup } from './lab-link.ts'

/** The API body, or a message naming what is wrong. */
export function labRequestBody(
  setup: LabSetup,
  chain: LabChain,
  delivered: WireRequest
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
    policy: setup.trust === 'last-proxy' ? { mode: 'trusted', proxies: [last] } : { mode: 'none' },
    settings: { [setup.framework]: settings },
  }
}
