/**
 * @module
 * Coded errors of the gateway. Codes are never reused (fastify's FST_ERR_* habit).
 */

export type GatewayErrorCode =
  | 'EI_ERR_STATUS_INVALID'
  | 'EI_ERR_HEADER_INVALID'
  | 'EI_ERR_HOP_BY_HOP_HEADER'
  | 'EI_ERR_HEADERS_ALREADY_SET'
  | 'EI_ERR_WRITE_BEFORE_START'
  | 'EI_ERR_APP_RETURNED_NON_BYTES'
  | 'EI_ERR_VALIDATION'

/** Protocol misuse by an app or a server: what wsgiref raises as an AssertionError. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode
  constructor(code: GatewayErrorCode, message: string) {
    super(message)
    this.name = 'GatewayError'
    this.code = code
  }
}

/** A request the chosen server profile would refuse, with the status and reason it sends. */
export class RequestRejected extends Error {
  readonly status: number
  constructor(status: number, reason: string) {
    super(reason)
    this.name = 'RequestRejected'
    this.status = status
  }
}
