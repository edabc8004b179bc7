/**
 * @module
 * hypercorn 0.18.0 over HTTP/1 (the `hypercorn` profile): h11's verdicts, each refusal
 * answered as hypercorn's `protocol/h11.py` does: h11's hinted status with an empty body.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'
import { h11Verdicts } from './h11.ts'

/**
 * hypercorn's answer to any h11 error: `_send_error_response(error.error_status_hint)`, no
 * body, `connection: close` (0.16.0, commit 2b0aad3 "Send the hinted error from h11").
 */
export const HYPERCORN_H11_ERROR = {
  status: 400,
  // hypercorn's own 400 has an empty body; ours says why, as every refusal of the echo does
  reason: 'h11 refused the request (hypercorn answers this 400 with an empty body)',
  source: 'hypercorn/protocol/h11.py:162-167, 257-268 (error_status_hint, empty body)',
  hinted: true,
} as const

const H11 = h11Verdicts(HYPERCORN_H11_ERROR)

export const HYPERCORN_PARSER: ParserVerdicts = {
  ...H11,
  'lowercase-method': {
    kind: 'accepts',
    does: "h11 takes any token; hypercorn upper-cases it: scope method 'GET'",
    source: 'h11/_abnf.py:17, 82; hypercorn/protocol/h11.py:240 (.upper())',
  },
}
