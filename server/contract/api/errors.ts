/**
 * @module
 * The one error body of everything under `/_inspector/api`, and the registry of its codes.
 * Codes are never reused (fastify's FST_ERR_* habit); each has its HTTP status here, so a
 * route names the code and the status follows.
 */

/** Every code the API answers an error with, and its HTTP status. */
export const API_ERRORS = {
  /** The request failed a route's schema (a query, a body field of the wrong type). */
  EI_ERR_API_INPUT: 400,
  /** No API route answers this method and path. */
  EI_ERR_API_NOT_FOUND: 404,
  /** The body is larger than the route takes. */
  EI_ERR_API_TOO_LARGE: 413,
  /** The body is not of a media type the route takes. */
  EI_ERR_API_MEDIA_TYPE: 415,
  /** The inspector failed; the message says how. */
  EI_ERR_API_INTERNAL: 500,
  /** Live capture is off (`--history 0`). */
  EI_ERR_CAPTURE_OFF: 404,
  /** No request with this id in the history. */
  EI_ERR_CAPTURE_NOT_FOUND: 404,
  /** A query of the capture API is wrong (an unknown profile); `field` names it. */
  EI_ERR_CAPTURE_INPUT: 400,
  /** As many event streams are open as `--max-subscribers` allows. */
  EI_ERR_CAPTURE_BUSY: 503,
  /** The Host header names no name this server answers to (`--allowed-hosts`). */
  EI_ERR_HOST_NOT_ALLOWED: 403,
  /** A request that changes state came from another site's page (`Origin`). */
  EI_ERR_ORIGIN_NOT_ALLOWED: 403,
  /** A field of `POST /send` is wrong; `field` names it. */
  EI_ERR_RELAY_INPUT: 400,
  /** The JSON body of `POST /send` is larger than its limit. */
  EI_ERR_RELAY_TOO_LARGE: 413,
  /** `POST /send` takes only `application/json`. */
  EI_ERR_RELAY_MEDIA_TYPE: 415,
  /** The relay failed; the message says how. */
  EI_ERR_RELAY: 500,
  /** The server is not listening yet. */
  EI_ERR_RELAY_UNAVAILABLE: 503,
  /** Too many sends in flight. */
  EI_ERR_RELAY_BUSY: 503,
  /** A send arrived over the relay's own connection. */
  EI_ERR_RELAY_LOOP: 508,
  /** A field of `POST /proxy` is wrong; the message names it. */
  EI_ERR_PROXY_INPUT: 400,
  /** A field of `POST /frameworks` is wrong (a setting included); the message names it. */
  EI_ERR_FRAMEWORKS_INPUT: 400,
} as const

export type ApiErrorCode = keyof typeof API_ERRORS

/**
 * The error answer of every route under `/_inspector/api`. `error` and `message` carry the
 * same sentence: `message` as Fastify's own errors name it, `error` as the echo's error
 * bodies do, so a client may read either.
 */
export interface ApiError {
  /** The HTTP status, repeated. */
  readonly statusCode: number
  readonly code: ApiErrorCode
  /** What went wrong, in words a person can act on. */
  readonly message: string
  /** The same sentence. */
  readonly error: string
  /** The field at fault, as a path: `headers[2][0]`, `body`, `raw`. */
  readonly field?: string
}

/** Return the error body for `code`, with its registered status. */
export function apiError(code: ApiErrorCode, message: string, field?: string): ApiError {
  return {
    statusCode: API_ERRORS[code],
    code,
    error: message,
    message,
    ...(field !== undefined && { field }),
  }
}
