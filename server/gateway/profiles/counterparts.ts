/**
 * @module
 * Which server a framework runs under when the chosen profile speaks the other interface:
 * Starlette is an ASGI app, so under a WSGI profile it gets uvicorn's scope; Flask and Django
 * are WSGI apps, so under an ASGI profile they get gunicorn's environ (the usual production
 * server for both). `why` says which one and why, for the frameworks API's answers.
 */
import type { ProfileId } from '../../contract/profiles.ts'
import { PROFILES } from './index.ts'
import { type AsgiProfile, isAsgiProfile, type WsgiProfile } from './types.ts'

/** Starlette's server when the chosen profile is a WSGI one. */
export const DEFAULT_ASGI_PROFILE = 'uvicorn' satisfies ProfileId
/** Flask's and Django's server when the chosen profile is an ASGI one. */
export const DEFAULT_WSGI_PROFILE = 'gunicorn' satisfies ProfileId

export interface ServerChoice<P> {
  readonly id: ProfileId
  readonly profile: P
  readonly why: string
}

/** The ASGI server whose scope an ASGI app reads when the request names `id`. */
export function asgiServerFor(id: ProfileId): ServerChoice<AsgiProfile> {
  const asked = PROFILES[id]
  if (isAsgiProfile(asked)) {
    return { id, profile: asked, why: `the scope is the one ${asked.summary} builds` }
  }
  const fallback = PROFILES[DEFAULT_ASGI_PROFILE]
  if (!isAsgiProfile(fallback)) throw new Error(`${DEFAULT_ASGI_PROFILE} is not an ASGI profile`)
  return {
    id: DEFAULT_ASGI_PROFILE,
    profile: fallback,
    why: `${id} is a WSGI server and Starlette is an ASGI app: the scope is the one ${fallback.summary} builds`,
  }
}

/** The WSGI server whose environ a WSGI app reads when the request names `id`. */
export function wsgiServerFor(id: ProfileId): ServerChoice<WsgiProfile> {
  const asked = PROFILES[id]
  if (!isAsgiProfile(asked)) {
    return { id, profile: asked, why: `the environ is the one ${asked.summary} builds` }
  }
  const fallback = PROFILES[DEFAULT_WSGI_PROFILE]
  if (isAsgiProfile(fallback)) throw new Error(`${DEFAULT_WSGI_PROFILE} is not a WSGI profile`)
  return {
    id: DEFAULT_WSGI_PROFILE,
    profile: fallback,
    why: `${id} is an ASGI server and Flask and Django are WSGI apps: the environ is the one ${fallback.summary} builds`,
  }
}
