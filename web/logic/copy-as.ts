/**
 * @module
 * The text behind the result bar's copy buttons: a command that sends the request again
 * (curl, or printf | nc where curl cannot), the environ as a Python dict. They load with
 * the result bar, whose chunk comes with the first send, so the first load does not carry
 * the encoders.
 */

import { toCurl } from './curl.ts'
import { exactCommand, type ServerAddress } from './exact-curl.ts'
import { toPythonDict } from './python.ts'
import { latin1Bytes, rawBytes } from './raw-text.ts'
import type { SentResult } from './result.ts'
import { curlRequestFor } from './sent.ts'

/** Text to copy, and how the notice names it. */
export interface CopyText {
  readonly text: string
  readonly what: string
}

/** Return a command that sends the result's request again: curl, or printf | nc where curl cannot. */
export function commandFor(result: SentResult, server: ServerAddress): CopyText {
  if (result.mode === 'browser')
    return { text: toCurl(curlRequestFor(result.outgoing)), what: 'curl command' }
  const bytes = result.answer
    ? latin1Bytes(result.answer.sent.text)
    : rawBytes(result.draft.raw ?? '')
  const { kind, command, why } = exactCommand(result.plan, bytes, server)
  return kind === 'curl'
    ? { text: command, what: 'curl command' }
    : { text: command, what: `printf | nc command instead: ${why}` }
}

/** Return the environ as a Python dict literal. */
export function environAsPython(environ: Readonly<Record<string, string>>): CopyText {
  return { text: toPythonDict(environ), what: 'environ as a Python dict' }
}
