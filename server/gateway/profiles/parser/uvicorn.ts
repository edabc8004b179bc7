/**
 * @module
 * uvicorn 0.51 with h11 (the `uvicorn` profile): h11's verdicts, each refusal answered by
 * uvicorn's handler for every `h11.RemoteProtocolError`.
 */

import type { ParserVerdicts } from '../../../contract/parser-verdicts.ts'
import { h11Verdicts } from './h11.ts'

/** uvicorn's answer to any h11 error: 400, text/plain (h11's 501/431 hints are not used). */
export const UVICORN_H11_ERROR = {
  status: 400,
  reason: 'Invalid HTTP request received.',
  source: 'uvicorn/protocols/http/h11_impl.py:180-186 (handle_events → send_400_response)',
} as const

export const UVICORN_PARSER: ParserVerdicts = h11Verdicts(UVICORN_H11_ERROR)
