/**
 * @module
 * The registry of server profiles: one module per Python server, keyed by the contract's id.
 *
 * To add a server: write `profiles/<name>.ts` (its data and hooks, see types.ts), add its id
 * to `PROFILE_IDS` in contract/profiles.ts and its entry here; the type below refuses an id
 * without a profile and a profile without an id. The README's architecture section has the
 * whole checklist.
 */
import type { ProfileId } from '../../contract/profiles.ts'
import { CHEROOT } from './cheroot.ts'
import { DAPHNE } from './daphne.ts'
import { DJANGO } from './django.ts'
import { GRANIAN } from './granian.ts'
import { GUNICORN } from './gunicorn.ts'
import { HYPERCORN } from './hypercorn.ts'
import type { ServerProfile, WsgiProfile } from './types.ts'
import { UVICORN } from './uvicorn.ts'
import { UWSGI } from './uwsgi.ts'
import { WAITRESS } from './waitress.ts'
import { WERKZEUG } from './werkzeug.ts'
import { WSGIREF } from './wsgiref.ts'

export type { AsgiProfile, ServerProfile, WsgiProfile } from './types.ts'
export { isAsgiProfile } from './types.ts'

export const PROFILES: Readonly<Record<ProfileId, ServerProfile>> = {
  wsgiref: WSGIREF,
  gunicorn: GUNICORN,
  werkzeug: WERKZEUG,
  waitress: WAITRESS,
  cheroot: CHEROOT,
  uwsgi: UWSGI,
  django: DJANGO,
  // ASGI servers
  uvicorn: UVICORN,
  hypercorn: HYPERCORN,
  daphne: DAPHNE,
  granian: GRANIAN,
}

/**
 * The keys a profile sets before the request headers (skipped under `skipExistingKeys`):
 * wsgiref's get_environ() sets these before it loops over the headers, and
 * `if k in env: continue` skips a header that maps to one (spec §3.14).
 */
export function keysBeforeHeaders(profile: WsgiProfile): ReadonlySet<string> {
  const end = profile.order.indexOf('@headers')
  return new Set(profile.order.slice(0, end === -1 ? 0 : end).filter((key) => !key.startsWith('@')))
}
