/**
 * @module
 * Apply a server's own proxy trust around the environ builder: the rule (profiles/trust/)
 * decides from the raw headers and the peer, this module rewrites the request the way the
 * server would before it builds the environ (peer address, Host, dropped or rewritten
 * headers), then sets what the server sets after (scheme, SERVER_NAME/PORT, SCRIPT_NAME).
 * A refusal answers instead of the app, as the server's own 400 would.
 */
import type { Environ } from '../contract/python.ts'
import type { RequestFacts } from '../contract/request.ts'
import type { BuilderOptions, EnvironBuilder } from './environ.ts'
import { RequestRejected } from './errors.ts'
import type { BoundTrust } from './profiles/trust/index.ts'
import type { TrustEffect, WireHeader } from './profiles/trust.ts'

/** A request's headers as the trust rules read them: name as sent, wire order. */
export function wireHeaders(rawHeaders: readonly string[]): WireHeader[] {
  const out: WireHeader[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    out.push([rawHeaders[i] as string, rawHeaders[i + 1] as string])
  }
  return out
}

/** The request as the server sees it once its trust rule ran: header and peer changes. */
export function trustedRequest(request: RequestFacts, effect: TrustEffect): RequestFacts {
  const drop = new Set(effect.dropHeaders.map((name) => name.toLowerCase()))
  const set = new Map(Object.entries(effect.setHeaders ?? {}))
  if (effect.host !== undefined && !effect.hostLast) set.set('host', effect.host)
  if (effect.hostLast) drop.add('host')
  const written = new Set<string>()
  const raw: string[] = []
  for (const [name, value] of wireHeaders(request.rawHeaders)) {
    const lower = name.toLowerCase()
    if (drop.has(lower) && !set.has(lower)) continue
    const replacement = set.get(lower)
    if (replacement === undefined) raw.push(name, value)
    else if (!written.has(lower)) {
      // the server keeps one value for a header it rewrites, where the first one was
      raw.push(name, replacement)
      written.add(lower)
    }
  }
  for (const [lower, value] of set) if (!written.has(lower)) raw.push(lower, value)
  if (effect.hostLast && effect.host !== undefined) raw.push('host', effect.host)
  return {
    ...request,
    // a body kept in pieces is a getter on the facts' prototype, which a spread does not copy
    body: request.body,
    rawHeaders: raw,
    ...(effect.client && !request.socketPeer
      ? { socketPeer: { address: request.remoteAddress, port: request.remotePort } }
      : {}),
    remoteAddress: effect.client?.host ?? request.remoteAddress,
    remotePort: effect.client?.port ?? request.remotePort,
  }
}

/** Set the keys the server sets from trusted headers after it built the environ. */
export function applyEffectToEnviron(environ: Environ, effect: TrustEffect): void {
  if (effect.scheme !== undefined && 'wsgi.url_scheme' in environ) {
    environ['wsgi.url_scheme'] = effect.scheme
  }
  // an ASGI scope (type 'http') has `scheme` where an environ has wsgi.url_scheme
  if (effect.scheme !== undefined && environ.type === 'http' && 'scheme' in environ) {
    environ.scheme = effect.scheme
  }
  if (effect.client !== undefined && 'REMOTE_HOST' in environ) {
    environ.REMOTE_HOST = effect.client.host // waitress: REMOTE_HOST follows the client
  }
  if (effect.serverName !== undefined && 'SERVER_NAME' in environ) {
    environ.SERVER_NAME = effect.serverName
  }
  if (effect.serverPort !== undefined && 'SERVER_PORT' in environ) {
    environ.SERVER_PORT = effect.serverPort
  }
  if (effect.scriptName !== undefined) {
    const path = typeof environ.PATH_INFO === 'string' ? environ.PATH_INFO : ''
    if (path.startsWith(effect.scriptName)) {
      environ.PATH_INFO = path.slice(effect.scriptName.length)
    }
    environ.SCRIPT_NAME = effect.scriptName
  }
}

/** What the last request's trust decided, for provenance and the exchange record. */
export type TrustObserver = (request: RequestFacts, effect: TrustEffect) => void

/** The profile's builder with some options: `prepareEnvironBuilder` with the server bound. */
export type BuilderFactory = (options: BuilderOptions) => EnvironBuilder

/**
 * Wrap the profile's builder so that every request first goes through `trust`: the echo
 * trusts its peer only as far as the server would with these settings. A trusted peer's
 * underscore headers (`keepUnderscore`) need a builder of their own, made once per list.
 */
export function trustingBuilder(
  builderFor: BuilderFactory,
  trust: BoundTrust,
  observe?: TrustObserver
): EnvironBuilder {
  const plain = builderFor({})
  const withUnderscore = new Map<string, EnvironBuilder>()
  const builderOf = (keep: readonly string[] | undefined): EnvironBuilder => {
    if (!keep || keep.length === 0) return plain
    const key = keep.join(',')
    let build = withUnderscore.get(key)
    if (!build) {
      build = builderFor({ keepUnderscore: keep })
      withUnderscore.set(key, build)
    }
    return build
  }
  return function buildTrusted(request) {
    const effect = trust.apply({
      headers: wireHeaders(request.rawHeaders),
      peer: { host: request.remoteAddress, port: request.remotePort },
      tls: false,
    })
    observe?.(request, effect)
    if (effect.refusal) throw new RequestRejected(effect.refusal.status, effect.refusal.reason)
    const environ = builderOf(effect.keepUnderscore)(trustedRequest(request, effect))
    applyEffectToEnviron(environ, effect)
    return environ
  }
}
