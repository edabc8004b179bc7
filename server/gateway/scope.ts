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
import { unquoteUtf8, wsgiEncodingDance } from './target.ts'

/** A function from a request to its scope, with the server's constants baked in. */
export type ScopeBuilder = (request: RequestFacts) => Environ

/** What one request contributes to its scope. */
interface ScopeParts {
  readonly request: RequestFacts
  readonly rawPath: string
  readonly query: string
}

type ScopeRule = (parts: ScopeParts) => EnvironValue

/** Compute the per-server values once and return the per-request scope builder. */
export function prepareScopeBuilder(server: ServerFacts, profile: AsgiProfile): ScopeBuilder {
  const rootPath = server.scriptName
  const rules = scopeRules(profile, rootPath)
  const order = profile.order.map((key) => [key, rules[key]] as const)
  return function buildScope(request) {
    refuse(profile, request)
    const [path, query] = partition(request.target)
    const parts: ScopeParts = { request, rawPath: path, query }
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

// the ASGI refusals read the request line only
const NO_HEADERS = { keys: [], values: [], chunked: false, count: 0 }

function refuse(profile: AsgiProfile, request: RequestFacts): void {
  const version = Number(request.httpVersion) * 10
  for (const rule of profile.refusals) {
    const refusal = rule({ request, headers: NO_HEADERS, version })
    if (refusal) throw new RequestRejected(refusal.status, refusal.reason)
  }
}

function scopeRules(profile: AsgiProfile, rootPath: string): Record<AsgiScopeKey, ScopeRule> {
  const prefix = profile.rootPathInPath ? rootPath : ''
  // root_path.encode(): UTF-8 bytes, held as latin-1 text like every bytes value here
  const rawPrefix = wsgiEncodingDance(prefix)
  const asgi: EnvironValue = {
    pyDict: [
      ['version', profile.asgi.version],
      ['spec_version', profile.asgi.specVersion],
    ],
  }
  return {
    type: () => 'http',
    asgi: () => asgi,
    http_version: ({ request }) => request.httpVersion,
    server: ({ request }) => ({ pyTuple: [request.localAddress, request.localPort] }),
    client: ({ request }) => ({ pyTuple: [request.remoteAddress, request.remotePort] }),
    scheme: () => 'http',
    method: ({ request }) => request.method,
    root_path: () => rootPath,
    // unquote(raw_path.decode('ascii')): percent-escapes decode as UTF-8, errors='replace'
    path: ({ rawPath }) => prefix + unquoteUtf8(rawPath),
    raw_path: ({ rawPath }) => ({ pyBytes: rawPrefix + rawPath }),
    query_string: ({ query }) => ({ pyBytes: query }),
    headers: ({ request }) => ({ pyList: headerTuples(request.rawHeaders) }),
    state: () => ({ pyDict: [] }),
    extensions: () => ({ pyDict: [] }),
  }
}

/** `[(name.lower(), value), …]` in wire order, repeats kept as separate tuples. */
function headerTuples(rawHeaders: readonly string[]): EnvironValue[] {
  const tuples: EnvironValue[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).replace(/[A-Z]/g, (c) => c.toLowerCase())
    tuples.push({ pyTuple: [{ pyBytes: name }, { pyBytes: rawHeaders[i + 1] as string }] })
  }
  return tuples
}
