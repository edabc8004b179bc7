/**
 * @module
 * The scope Starlette and FastAPI read: the one the chosen ASGI profile built
 * (gateway/scope.ts; the route picks the server, gateway/profiles/counterparts.ts), as JSON,
 * with the proxy policy's decisions applied the way uvicorn's `ProxyHeadersMiddleware`
 * applies them.
 */
import type { AsgiScopeJson } from '../contract/api/frameworks.ts'
import type { Environ, EnvironValue } from '../contract/python.ts'
import { scopeBytes, scopeHeaderPairs, scopeItems, scopeText } from '../contract/scope-values.ts'

/** What the proxy policy decided for the client and the scheme. */
export interface Forwarded {
  readonly client?: string
  readonly scheme?: string
}

/** The scope a server built, as the Starlette model reads it, after the proxy policy. */
export function starletteScope(scope: Environ, forwarded: Forwarded): AsgiScopeJson {
  return applyForwarded(scopeJson(scope), forwarded)
}

/**
 * uvicorn's `--proxy-headers` from a trusted peer: `client` becomes `(address, 0)` and
 * `scheme` the forwarded one if it is http, https, ws or wss; Host never changes
 * (`middleware/proxy_headers.py`).
 */
function applyForwarded(scope: AsgiScopeJson, forwarded: Forwarded): AsgiScopeJson {
  const { client, scheme } = forwarded
  return {
    ...scope,
    ...(client === undefined ? {} : { client: [client, 0] as const }),
    ...(scheme && ['http', 'https', 'ws', 'wss'].includes(scheme) ? { scheme } : {}),
  }
}

/** A Python scope (gateway/scope.ts values) as the frameworks API's JSON. */
export function scopeJson(scope: Environ): AsgiScopeJson {
  const asgi = pairs(scope.asgi)
  return {
    type: 'http',
    asgi: {
      version: String(asgi.get('version') ?? '3.0'),
      spec_version: String(asgi.get('spec_version') ?? '2.0'),
    },
    http_version: scopeText(scope.http_version),
    server: address(scope.server),
    client: peer(scope.client),
    scheme: scopeText(scope.scheme),
    method: scopeText(scope.method),
    root_path: scopeText(scope.root_path),
    path: scopeText(scope.path),
    raw_path: scopeBytes(scope.raw_path),
    query_string: scopeBytes(scope.query_string),
    headers: scopeHeaderPairs(scope.headers),
  }
}

function address(value: EnvironValue | undefined): readonly [string, number | null] | null {
  // a tuple (uvicorn) or a list (daphne); None for a server without one
  const [host, port] = scopeItems(value)
  if (host === undefined) return null
  // an int, granian's str, or uvicorn's None on a unix socket (never Number('None'): NaN)
  if (port === null || port === undefined) return [scopeText(host), null]
  return [scopeText(host), typeof port === 'number' ? port : Number(scopeText(port))]
}

/** `client`: a peer always has a port (an address without one is no peer to show). */
function peer(value: EnvironValue | undefined): readonly [string, number] | null {
  const found = address(value)
  return found && found[1] !== null ? [found[0], found[1]] : null
}

function pairs(value: EnvironValue | undefined): Map<string, EnvironValue> {
  if (!value || typeof value !== 'object' || !('pyDict' in value)) return new Map()
  return new Map(value.pyDict)
}
