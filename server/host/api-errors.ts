/**
 * @module
 * How the routes under `/_inspector/api` answer errors: the contract's one body
 * (contract/api/errors.ts), for the errors they raise themselves and for the ones Fastify
 * raises for them (a failed schema, a body parser's refusal, an unknown route).
 *
 * Written against the little of Fastify's reply and error it uses, so the routes and
 * `buildServer` share it without a second copy of the mapping.
 */
import { type ApiError, type ApiErrorCode, apiError } from '../contract/api/errors.ts'

/** The part of a Fastify reply an error answer needs. */
export interface ErrorReply {
  code(status: number): { send(body: ApiError): unknown }
}

/** An error as Fastify hands it to an error handler. */
export interface RaisedError {
  readonly statusCode?: number
  readonly message: string
}

/** Answer with `code`'s registered status and the one error body. */
export function sendApiError(
  reply: ErrorReply,
  code: ApiErrorCode,
  message: string,
  field?: string
): unknown {
  const body = apiError(code, message, field)
  return reply.code(body.statusCode).send(body)
}

/** The body for an error a route did not answer itself, by the status Fastify gave it. */
export function apiErrorOf(error: RaisedError): ApiError {
  switch (error.statusCode) {
    case 404:
      return apiError('EI_ERR_API_NOT_FOUND', error.message)
    case 413:
      return apiError('EI_ERR_API_TOO_LARGE', error.message)
    case 415:
      return apiError('EI_ERR_API_MEDIA_TYPE', error.message)
  }
  if (error.statusCode !== undefined && error.statusCode < 500) {
    return apiError('EI_ERR_API_INPUT', error.message)
  }
  return apiError('EI_ERR_API_INTERNAL', `the inspector failed: ${error.message}`)
}

/** The API's error handler: every error a route raised, answered with the one body. */
export function handleApiError(error: RaisedError, _request: unknown, reply: ErrorReply): unknown {
  const body = apiErrorOf(error)
  return reply.code(body.statusCode).send(body)
}

/** The API's not-found handler: a JSON 404 naming what was asked for. */
export function handleApiNotFound(
  request: { readonly method: string; readonly url: string },
  reply: ErrorReply
): unknown {
  return sendApiError(
    reply,
    'EI_ERR_API_NOT_FOUND',
    `no API route ${request.method} ${request.url}`
  )
}
