/**
 * @module
 * The Python servers the gateway can imitate, by id: the one list the CLI, the APIs and the
 * UI share. Each id has its rules in server/gateway/profiles/ (the registry's types check
 * that every id here has a profile and every profile an id). Part of the contract: no imports.
 */

/** Every server profile, in the order the CLI and the UI list them; `wsgiref` is the default. */
export const PROFILE_IDS = [
  'wsgiref',
  'gunicorn',
  'werkzeug',
  'waitress',
  'cheroot',
  'uwsgi',
  'django',
  // ASGI servers: they build a scope, not an environ (ASGI_PROFILE_IDS below)
  'uvicorn',
  'hypercorn',
  'daphne',
  'granian',
] as const

export type ProfileId = (typeof PROFILE_IDS)[number]

/** Narrow a user-supplied name to a profile id. */
export function isProfileId(name: unknown): name is ProfileId {
  return (PROFILE_IDS as readonly unknown[]).includes(name)
}

/**
 * What a server hands the app: a WSGI server a PEP 3333 `environ`, an ASGI server an
 * ASGI `scope`. Both are echoed as `{k: str(v)}`; they have no keys in common.
 */
export type ProfileInterface = 'wsgi' | 'asgi'

/** The ASGI servers among the profiles; every other profile is a WSGI server. */
export const ASGI_PROFILE_IDS: readonly ProfileId[] = ['uvicorn', 'hypercorn', 'daphne', 'granian']

/** Whether `id`'s server builds an environ (`wsgi`) or a scope (`asgi`). */
export function profileInterface(id: ProfileId): ProfileInterface {
  return ASGI_PROFILE_IDS.includes(id) ? 'asgi' : 'wsgi'
}
