/**
 * @module
 * `POST /_inspector/api/frameworks`, typed: what Flask, Django and Starlette compute from a
 * request, a profile and a proxy policy. Nothing here throws: a failure is a value with a
 * message a user can act on.
 */
import type {
  FrameworksApiRequest,
  FrameworksApiResponse,
} from '../../server/contract/api/frameworks.ts'
import { unreachableMessage } from './json.ts'

const API = '/_inspector/api/frameworks'

export type FrameworksOutcome =
  | { readonly kind: 'ok'; readonly answer: FrameworksApiResponse }
  /** A 400: the message names the field (a setting, usually) and says why. */
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }
  /** A newer query replaced this one. */
  | { readonly kind: 'aborted' }

function isAnswer(json: unknown): json is FrameworksApiResponse {
  return (
    typeof json === 'object' &&
    json !== null &&
    'flask' in json &&
    'django' in json &&
    'starlette' in json
  )
}

function messageOf(json: unknown): string | undefined {
  return typeof json === 'object' && json !== null && 'message' in json
    ? String(json.message)
    : undefined
}

/** `POST /_inspector/api/frameworks`. */
export async function postFrameworks(
  body: FrameworksApiRequest,
  signal: AbortSignal
): Promise<FrameworksOutcome> {
  try {
    const response = await fetch(API, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal,
    })
    const json: unknown = await response.json().catch(() => undefined)
    if (response.ok && isAnswer(json)) return { kind: 'ok', answer: json }
    const message = messageOf(json)
    if (response.status === 400 && message) return { kind: 'invalid', message }
    return {
      kind: 'failed',
      message: `The frameworks API answered ${response.status}${message ? `: ${message}` : ''}`,
    }
  } catch (error) {
    if (signal.aborted) return { kind: 'aborted' }
    return { kind: 'failed', message: unreachableMessage(error) }
  }
}
