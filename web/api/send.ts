/**
 * @module
 * `POST /_inspector/api/send`: have the server send a request byte for byte. Only exact
 * mode calls it, so it loads with exact mode's code (state/exact-mode.ts), not with the page.
 */
import type { SendAnswer, SendError, SendRequest } from '../../server/relay/types.ts'
import { parseJson, unreachableMessage } from './json.ts'

/** What `POST /_inspector/api/send` answered: the relay's report, or why there is none. */
export type ExactReply =
  | { readonly ok: true; readonly answer: SendAnswer; readonly timeMs: number }
  | {
      readonly ok: false
      readonly kind: 'unreachable' | 'refused'
      readonly status: number
      readonly timeMs: number
      readonly message: string
      /** The field the API refused (`headers[2][0]`), when it named one. */
      readonly field?: string
    }

function isSendAnswer(value: unknown): value is SendAnswer {
  if (typeof value !== 'object' || value === null) return false
  const answer = value as Partial<SendAnswer>
  return (
    typeof answer.sent?.text === 'string' &&
    Array.isArray(answer.added) &&
    typeof answer.summary === 'string' &&
    typeof answer.timing?.totalMs === 'number'
  )
}

/** Have the server send `request` byte for byte to its own echo, and read its report. */
export async function sendExact(request: SendRequest): Promise<ExactReply> {
  const started = performance.now()
  let response: Response
  try {
    response = await fetch('/_inspector/api/send', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
    })
  } catch (error) {
    return {
      ok: false,
      kind: 'unreachable',
      status: 0,
      timeMs: performance.now() - started,
      message: unreachableMessage(error),
    }
  }
  const json = parseJson(await response.text().catch(() => ''))
  const timeMs = performance.now() - started
  if (response.ok && isSendAnswer(json)) return { ok: true, answer: json, timeMs }
  const error = (typeof json === 'object' && json !== null ? json : {}) as Partial<SendError>
  return {
    ok: false,
    kind: 'refused',
    status: response.status,
    timeMs,
    message: `The relay refused the request (${response.status}): ${error.message ?? 'no reason given'}`,
    ...(typeof error.field === 'string' && { field: error.field }),
  }
}
