/**
 * @module
 * The proxy debugger's two endpoints, typed. Like the rest of web/api/, nothing here
 * throws: every failure comes back as a value with a message a user can act on.
 */

import type {
  ProxyApiError,
  ProxyApiRequest,
  ProxyApiResponse,
  ProxyPresetsResponse,
} from '../../server/proxy/api-types.ts'
import { unreachableMessage } from './json.ts'

const API = '/_inspector/api/proxy'

export type ProxyOutcome =
  | { readonly kind: 'ok'; readonly answer: ProxyApiResponse }
  /** A 400: the message names the field and says why. */
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }
  /** A newer query replaced this one. */
  | { readonly kind: 'aborted' }

function isAnswer(json: unknown): json is ProxyApiResponse {
  return (
    typeof json === 'object' &&
    json !== null &&
    'rawEnviron' in json &&
    'effectiveEnviron' in json &&
    'trace' in json &&
    'changed' in json
  )
}

function isApiError(json: unknown): json is ProxyApiError {
  return typeof json === 'object' && json !== null && 'message' in json
}

/** `POST /_inspector/api/proxy`. */
export async function postProxy(body: ProxyApiRequest, signal: AbortSignal): Promise<ProxyOutcome> {
  try {
    const response = await fetch(API, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    })
    const json: unknown = await response.json().catch(() => undefined)
    if (response.ok && isAnswer(json)) return { kind: 'ok', answer: json }
    if (response.status === 400 && isApiError(json)) {
      return { kind: 'invalid', message: String(json.message) }
    }
    const detail = isApiError(json) ? `: ${String(json.message)}` : ''
    return { kind: 'failed', message: `The proxy API answered ${response.status}${detail}` }
  } catch (error) {
    if (signal.aborted) return { kind: 'aborted' }
    return { kind: 'failed', message: unreachableMessage(error) }
  }
}

/** `GET /_inspector/api/proxy/presets`: the presets and the server's own policy. */
export async function fetchProxyPresets(): Promise<ProxyPresetsResponse | { message: string }> {
  try {
    const response = await fetch(`${API}/presets`, { headers: { accept: 'application/json' } })
    const json: unknown = await response.json().catch(() => undefined)
    if (response.ok && typeof json === 'object' && json !== null && 'presets' in json) {
      return json as ProxyPresetsResponse
    }
    return { message: `The proxy presets could not be loaded (${response.status}).` }
  } catch (error) {
    return { message: unreachableMessage(error) }
  }
}
