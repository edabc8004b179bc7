/**
 * @module
 * TO BE REPLACED by the uvicorn profile of the ASGI profiles (issue 14). Until those exist,
 * this one function builds the HTTP scope the way uvicorn 0.51 does, so the Starlette model
 * has a scope to read. Keep it small and alone: when the profile lands, the frameworks API
 * calls the profile instead and this file goes.
 *
 * From uvicorn's `protocols/http/h11_impl.py` (`handle_events`): `path` is the target's
 * path percent-decoded as UTF-8, with the server's `root_path` in front (uvicorn ≥ 0.26);
 * `raw_path` is `root_path` + the raw bytes; header names are lower-cased; `server` and
 * `client` are the socket's addresses. A proxy policy is applied the way uvicorn's
 * `middleware/proxy_headers.py` applies `--proxy-headers`: only `client` (port 0) and
 * `scheme` (http, https, ws or wss) change; the Host header never does.
 */
import type { AsgiScopeJson } from '../contract/api/frameworks.ts'
import { unquote } from './py/urllib.ts'

/** A request uvicorn's parser (h11) would refuse before the app runs. */
export class ScopeRefused extends Error {}

export interface UvicornRequest {
  readonly method: string
  readonly target: string
  readonly httpVersion: string
  /** Flat name/value pairs in wire order, latin-1 text. */
  readonly rawHeaders: readonly string[]
  readonly client: readonly [string, number]
  readonly server: readonly [string, number]
  /** `--root-path`. */
  readonly rootPath: string
  /** What a trusted proxy policy decided, if one did: the client's address and the scheme. */
  readonly forwarded?: { readonly client?: string; readonly scheme?: string }
}

/** Build the scope uvicorn gives the app for this request. */
export function uvicornScope(request: UvicornRequest): AsgiScopeJson {
  if (request.httpVersion !== '1.0' && request.httpVersion !== '1.1') {
    throw new ScopeRefused(`uvicorn (h11) speaks HTTP/1.0 and 1.1, not ${request.httpVersion}`)
  }
  if (!/^[\x21-\x7e]+$/.test(request.target)) {
    throw new ScopeRefused(
      'uvicorn (h11) refuses a request-target with bytes outside visible ASCII'
    )
  }
  const question = request.target.indexOf('?')
  const rawPath = question === -1 ? request.target : request.target.slice(0, question)
  const query = question === -1 ? '' : request.target.slice(question + 1)
  const headers: Array<readonly [string, string]> = []
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    headers.push([
      (request.rawHeaders[i] as string).toLowerCase(),
      request.rawHeaders[i + 1] as string,
    ])
  }
  const scheme = request.forwarded?.scheme
  const client = request.forwarded?.client
  return {
    type: 'http',
    asgi: { version: '3.0', spec_version: '2.3' },
    http_version: request.httpVersion,
    server: request.server,
    client: client === undefined ? request.client : [client, 0],
    scheme: scheme && ['http', 'https', 'ws', 'wss'].includes(scheme) ? scheme : 'http',
    method: request.method,
    root_path: request.rootPath,
    path: request.rootPath + unquote(rawPath),
    raw_path: request.rootPath + rawPath,
    query_string: query,
    headers,
  }
}
