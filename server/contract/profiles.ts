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
  'uwsgi',
  'django',
] as const

export type ProfileId = (typeof PROFILE_IDS)[number]

/** Narrow a user-supplied name to a profile id. */
export function isProfileId(name: unknown): name is ProfileId {
  return (PROFILE_IDS as readonly unknown[]).includes(name)
}
