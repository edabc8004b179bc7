/**
 * @module
 * Build an ASGI HTTP connection scope from a raw request, as the chosen ASGI profile would:
 * the echo of an ASGI server is `{k: str(v)}` of this mapping (bytes, tuples, lists and
 * dicts are Python values, see contract/python.ts).
 *
 * The server's mount point (`--script-name`) is the server's `--root-path`: the scope's
 * `root_path`, and (uvicorn ≥0.26) the prefix of `path` and `raw_path`. As with uvicorn's
 * `--root-path`, the request is not required to carry it: a proxy in front strips it.
 */
import type { Environ, EnvironValue } from '../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../contract/request.ts'
import { RequestRejected } from './errors.ts'
import type { AsgiProfile, AsgiScopeKey } from './profiles/types.ts'
import { type ScopeHeaders, scopeHeaders } from './scope-headers.ts'
import { unquoteUtf8, wsgiEncodingDance } from './target.ts'

/** A function from a request to its scope, with the server's constants baked in. */
export type ScopeBuilder = (request: RequestFacts) => Environ

/** What one request contributes to its scope. */
interface ScopeParts {
  readonly request: RequestFacts
  readonly rawPath: string
  readonly query: string
  readonly headers: ScopeHeaders
}

type ScopeRule = (parts: ScopeParts) => EnvironValue

/** Compute the per-server values once and return the per-request scope builder. */
export function prepareScopeBuilder(server: ServerFacts, profile: AsgiProfile): ScopeBuilder {
  const rules = scopeRules(profile, server)
  const order = profile.order.map((key) => [key, rules[key]] as const)
  const split = profile.target === 'uri' ? uriParts : partition
  return function buildScope(request) {
    refuse(profile, request)
    const [path, query] = split(request.target)
    const authority = profile.hostWhenMissing ? authorityOf(request.target) : ''
    const headers = scopeHeaders(request.rawHeaders, profile, authority)
    const parts: ScopeParts = { request, rawPath: path, query, headers }
    const scope: Environ = {}
    for (const [key, rule] of order) scope[key] = rule(parts)
    return scope
  }
}

/** `target.partition(b'?')`: the fragment, if sent, stays where it falls (h11 keeps it). */
function partition(target: string): [string, string] {
  const at = target.indexOf('?')
  return at === -1 ? [target, ''] : [target.slice(0, at), target.slice(at + 1)]
}

/**
 * hyper's `Uri::path()` and `query()`: the `http` crate drops a fragment, and an
 * absolute-form target keeps only its path (`/` when it has none).
 */
function uriParts(target: string): [string, string] {
  const hash = target.indexOf('#')
  let rest = hash === -1 ? target : target.slice(0, hash)
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/.exec(rest)
  if (scheme) rest = rest.slice(scheme[0].length)
  const [path, query] = partition(rest)
  return [path === '' ? '/' : path, query]
}

/** The host an absolute-form target names (`http://h:1/p` → `h:1`), else `''`. */
function authorityOf(target: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(target)?.[1] ?? ''
}

// the ASGI refusals read the request line only
const NO_HEADERS = { keys: [], values: [], chunked: false, count: 0 }

function refuse(profile: AsgiProfile, request: RequestFacts): void {
  const version = Number(request.httpVersion) * 10
  for (const rule of profile.refusals) {
    const refusal = rule({ request, headers: NO_HEADERS, version })
    if (refusal) throw new RequestRejected(refusal.status, refusal.reason)
  }
}

/** `client`/`server` as the profile's server makes them: tuple or list, int or str port. */
function addressOf(profile: AsgiProfile): (host: string, port: number) => EnvironValue {
  switch (profile.address ?? 'tuple') {
    case 'list':
      return (host, port) => ({ pyList: [host, port] })
    case 'tuple-str-port':
      return (host, port) => ({ pyTuple: [host, String(port)] })
    default:
      return (host, port) => ({ pyTuple: [host, port] })
  }
}

/** `server`: the local address, or what the profile's server says for a unix socket. */
function serverRule(
  profile: AsgiProfile,
  server: ServerFacts,
  address: (host: string, port: number) => EnvironValue
): ScopeRule {
  const path = server.socketPath
  if (path === undefined) return ({ request }) => address(request.localAddress, request.localPort)
  const unix: EnvironValue =
    profile.unixServer === 'path-none'
      ? { pyTuple: [path, null] }
      : profile.unixServer === 'path-zero'
        ? { pyTuple: [path, '0'] }
        : null
  return () => unix
}

/** `client`: the peer, or what the profile's server says for a unix socket's unnamed peer. */
function clientRule(
  profile: AsgiProfile,
  server: ServerFacts,
  address: (host: string, port: number) => EnvironValue
): ScopeRule {
  const peer: ScopeRule = ({ request }) => address(request.remoteAddress, request.remotePort)
  if (server.socketPath === undefined) return peer
  const unnamed = profile.unixServer === 'path-zero' ? address('', 0) : null
  // a modelled request (the APIs) names an IP peer even then; only a real unix peer has none
  return (parts) => (parts.request.remoteAddress === '' ? unnamed : peer(parts))
}

function scopeRules(profile: AsgiProfile, server: ServerFacts): Record<AsgiScopeKey, ScopeRule> {
  const mount = server.scriptName
  const prefix = profile.rootPathInPath ? mount : ''
  // root_path.encode(): UTF-8 bytes, held as latin-1 text like every bytes value here
  const rawPrefix = wsgiEncodingDance(prefix)
  const { version, specVersion } = profile.asgi
  const keys =
    profile.asgiKeys ?? (specVersion === undefined ? ['version'] : ['version', 'spec_version'])
  const asgi: EnvironValue = {
    pyDict: keys.map((k) => [k, k === 'version' ? version : (specVersion ?? '')] as const),
  }
  const extensions: EnvironValue = {
    pyDict: (profile.extensions ?? []).map((name) => [name, { pyDict: [] }] as const),
  }
  const address = addressOf(profile)
  const upper = profile.method === 'upper'
  const spellings = profile.httpVersions ?? {}
  return {
    type: () => 'http',
    asgi: () => asgi,
    http_version: ({ request }) => spellings[request.httpVersion] ?? request.httpVersion,
    server: serverRule(profile, server, address),
    client: clientRule(profile, server, address),
    scheme: () => 'http',
    method: ({ request }) => (upper ? request.method.toUpperCase() : request.method),
    root_path: ({ headers }) => headers.rootPath ?? mount,
    // unquote(raw_path.decode('ascii')): percent-escapes decode as UTF-8, errors='replace'
    path: ({ rawPath }) => prefix + unquoteUtf8(rawPath),
    raw_path: ({ rawPath }) => ({ pyBytes: rawPrefix + rawPath }),
    query_string: ({ query }) => ({ pyBytes: query }),
    headers: ({ headers }) => ({ pyList: headers.tuples }),
    state: () => ({ pyDict: [] }),
    extensions: () => extensions,
  }
}
