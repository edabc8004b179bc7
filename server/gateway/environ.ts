/**
 * @module
 * Build a PEP 3333 environ from a raw request, as the chosen server profile would.
 *
 * Three layers, as in wsgiref: per-server constants are computed once by
 * `prepareEnvironBuilder` (SERVER_NAME, the copied OS environment, stream objects); each
 * request adds its CGI keys and headers; the `wsgi.*` keys come last or first, wherever the
 * profile's key order puts them. Everything is read from the raw request (Node's
 * `rawHeaders`, the raw target) and never from a framework's normalised view.
 */

import { latin1Text } from '../contract/http.ts'
import { boundedMemo } from '../contract/memo.ts'
import type { ProfileId } from '../contract/profiles.ts'
import type { Environ } from '../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../contract/request.ts'
import { RequestRejected } from './errors.ts'
import { headerRules, type MappedHeaders, mapHeaders } from './headers.ts'
import { isAsgiProfile, PROFILES, type ServerProfile, type WsgiProfile } from './profiles/index.ts'
import { SHARED_KEYS } from './profiles/key-rules.ts'
import type { KeyRule, ParsedRequest, RequestView, Slot } from './profiles/types.ts'
import { prepareScopeBuilder } from './scope.ts'
import {
  collapseLeadingSlashes,
  splitAtQuestionMark,
  splitGunicorn,
  unquoteLatin1,
  unquoteWerkzeug,
  urlsplit,
} from './target.ts'

/** A function from a request to its environ, with the server's constants baked in. */
export type EnvironBuilder = (request: RequestFacts) => Environ

// wsgiref's read_environ() re-encodes these OS variables to latin-1 "bytes as text".
const TRANSCODED_OS_KEYS = new Set([
  'SCRIPT_NAME',
  'PATH_INFO',
  'QUERY_STRING',
  'REQUEST_METHOD',
  'AUTH_TYPE',
  'CONTENT_TYPE',
  'CONTENT_LENGTH',
  'HTTPS',
  'REMOTE_USER',
  'REMOTE_IDENT',
])

/** How a builder differs from the profile's plain one. */
export interface BuilderOptions {
  /** Underscore header names a trusted proxy may send (gunicorn `forwarder_headers`), upper-case. */
  readonly keepUnderscore?: readonly string[]
}

/** Build one request's environ. Prefer `prepareEnvironBuilder` when serving many. */
export function buildEnviron(
  request: RequestFacts,
  server: ServerFacts,
  profile: ProfileId | ServerProfile = 'wsgiref'
): Environ {
  return prepareEnvironBuilder(server, profile)(request)
}

/**
 * Compute everything that does not depend on the request once, and return the per-request
 * builder. Throws `RequestRejected` from the builder when the profile's server would refuse
 * the request (a 4xx/5xx it would send instead of calling the app).
 */
export function prepareEnvironBuilder(
  server: ServerFacts,
  profileOrId: ProfileId | ServerProfile = 'wsgiref',
  options: BuilderOptions = {}
): EnvironBuilder {
  const profile = typeof profileOrId === 'string' ? PROFILES[profileOrId] : profileOrId
  // an ASGI server's echo is its scope (gateway/scope.ts)
  if (isAsgiProfile(profile)) return prepareScopeBuilder(server, profile)
  const slots = profile.order.map((key) => compileSlot(key, profile, server))
  const rules = headerRules(profile, options.keepUnderscore)
  const parseTarget = prepareTargetParser(profile, server.scriptName)

  return function buildProfileEnviron(request) {
    const headers = mapHeaders(request.rawHeaders, rules)
    refuseAsTheServerWould(profile, request, headers)
    const parts = parseTarget(request, headers)
    const environ: Environ = {}
    for (const slot of slots) slot(environ, parts)
    // Werkzeug: "Per RFC 2616, if the URL is absolute, use that as the host" (§3.6)
    if (parts.hostFromTarget) environ.HTTP_HOST = parts.hostFromTarget
    return environ
  }
}

/** A request's parts as the slots read them, plus the host an absolute-form target names. */
export interface TargetParts extends ParsedRequest {
  /** Set when the profile makes an absolute-form target's authority the HTTP_HOST (Werkzeug). */
  readonly hostFromTarget: string
}

/**
 * Return the function that splits and decodes a request's target as the profile does and
 * applies the mount point (a 404 outside it): the builder's step 3, shared with the echo's
 * fast path (gateway/echo-fast-path.ts) so that both read a target the same way.
 */
export function prepareTargetParser(
  profile: WsgiProfile,
  mount: string
): (request: RequestFacts, headers: MappedHeaders) => TargetParts {
  const { collapseLeadingSlashes: collapse, unquote, absoluteFormSetsHost } = profile.target
  return function parseTarget(request, headers) {
    const target = collapse ? collapseLeadingSlashes(request.target) : request.target
    const split = splitTarget(target, profile)
    let pathInfo = unquote === 'werkzeug' ? unquoteWerkzeug(split.path) : unquoteLatin1(split.path)
    let scriptName = ''
    if (mount) {
      if (pathInfo !== mount && !pathInfo.startsWith(`${mount}/`)) {
        throw new RequestRejected(404, `${pathInfo || target} is outside the mount point ${mount}`)
      }
      scriptName = mount
      pathInfo = pathInfo.slice(mount.length)
    }
    const hostFromTarget = absoluteFormSetsHost && split.scheme ? split.netloc : ''
    return { request, target, query: split.query, pathInfo, scriptName, headers, hostFromTarget }
  }
}

/** Return the function that sets `key` for this profile: the profile's own rule, or the shared one. */
export function compileSlot(key: string, profile: WsgiProfile, server: ServerFacts): Slot {
  if (key === '@os') {
    if (!server.osEnviron) return () => {}
    const osEnviron = transcodeOsEnviron(server.osEnviron)
    return (environ) => Object.assign(environ, osEnviron)
  }
  if (key === '@headers') {
    return (environ, { headers: { keys, values } }) => {
      for (let i = 0; i < keys.length; i++) environ[keys[i] as string] = values[i] as string
    }
  }
  return keyRule(key, profile).compile(key, profile, server)
}

/** The rule that sets `key` under this profile: its own, or the shared one. */
export function keyRule(key: string, profile: WsgiProfile): KeyRule {
  const rule = profile.keys?.[key] ?? SHARED_KEYS[key]
  if (!rule) throw new Error(`profile ${profile.name}: no rule for environ key ${key}`)
  return rule
}

/** A request version as Node reports it (`1.1`), as major*10+minor; memoised. */
const versionNumber = boundedMemo((version: string) => {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major * 10 + minor
}, 64)

/** Refuse what the profile's server refuses before it would call the app (spec §3.1). */
export function refuseAsTheServerWould(
  profile: WsgiProfile,
  request: RequestFacts,
  headers: MappedHeaders
): void {
  const view: RequestView = { request, headers, version: versionNumber(request.httpVersion) }
  for (const rule of profile.refusals) {
    const refusal = rule(view)
    if (refusal) throw new RequestRejected(refusal.status, refusal.reason)
  }
}

function splitTarget(
  target: string,
  profile: WsgiProfile
): { scheme: string; netloc: string; path: string; query: string } {
  switch (profile.target.split) {
    case 'question-mark':
      return { scheme: '', netloc: '', ...splitAtQuestionMark(target) }
    case 'urlsplit':
      return urlsplit(target)
    case 'urlsplit-gunicorn':
      return splitGunicorn(target)
  }
}

/** Copy the OS environment as wsgiref's read_environ() does (spec §3.23). */
function transcodeOsEnviron(os: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(os)) {
    const transcode =
      key.startsWith('HTTP_') ||
      key.startsWith('SSL_') ||
      key.startsWith('REDIRECT_') ||
      TRANSCODED_OS_KEYS.has(key)
    out[key] = transcode ? latin1Text(new TextEncoder().encode(value)) : value
  }
  return out
}
