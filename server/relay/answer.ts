/**
 * @module
 * Assemble the answer of `POST /_inspector/api/send` from what the relay sent and saw:
 * who answered, the parsed environ and its provenance, and the profiles side by side.
 */

import type { AddedHeader, HandledBy, RequestHead, SendAnswer } from '../contract/api/send.ts'
import { latin1Text } from '../contract/http.ts'
import type { ProfileId } from '../contract/profiles.ts'
import type { ServerFacts } from '../contract/request.ts'
import { classifyRequest } from '../gateway/malformations.ts'
import { parserOutcomes } from '../gateway/parser-outcome.ts'
import type { RelayResult } from './client.ts'
import type { SendInput } from './input.ts'
import { traceProvenance } from './provenance.ts'
import { compareProfiles, diffProfiles } from './side-by-side.ts'

/** Everything one send produced. */
export interface RelayOutcome {
  readonly input: SendInput
  readonly bytes: Uint8Array
  /** `bytes` tokenized, once per send. */
  readonly head: RequestHead
  readonly added: readonly AddedHeader[]
  readonly result: RelayResult
  readonly method: string
  /** The target is under `/_inspector/`. */
  readonly inspector: boolean
}

export interface AnswerContext {
  readonly facts: ServerFacts
  readonly serverProfile: ProfileId
}

type JsonObject = Record<string, unknown>

function parseJsonObject(body: Uint8Array): JsonObject | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(body))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : null
  } catch {
    return null
  }
}

/** Whether a response body is the gateway host's answer to a parser error (code HPE_*). */
export function isParserAnswer(body: Uint8Array): boolean {
  const code = parseJsonObject(body)?.code
  return typeof code === 'string' && code.startsWith('HPE_')
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** The echo's environ: a JSON object of strings from the gateway's 200, else `null`. */
function echoedEnviron(
  outcome: RelayOutcome,
  body: JsonObject | null
): Record<string, string> | null {
  const response = outcome.result.response
  if (!body || response?.status !== 200 || outcome.inspector) return null
  if (!Object.values(body).every((value) => typeof value === 'string')) return null
  return body as Record<string, string>
}

/**
 * Return the echo's environ as a server mounted at `scriptName` builds it: the mount moves
 * from the start of PATH_INFO to SCRIPT_NAME (`''` moves it all back). Null when the path is
 * outside the mount point, which such a server answers with 404.
 */
export function remount(
  environ: Readonly<Record<string, string>>,
  scriptName: string
): Record<string, string> | null {
  const path = (environ.SCRIPT_NAME ?? '') + (environ.PATH_INFO ?? '')
  if (scriptName && path !== scriptName && !path.startsWith(`${scriptName}/`)) return null
  return { ...environ, SCRIPT_NAME: scriptName, PATH_INFO: path.slice(scriptName.length) }
}

function handledBy(outcome: RelayOutcome, body: JsonObject | null): HandledBy {
  if (outcome.result.exchange) return 'gateway'
  const response = outcome.result.response
  if (!response?.statusLine) return 'unknown'
  if (outcome.inspector) return 'inspector'
  if (response && isParserAnswer(response.body)) return 'parser'
  // CONNECT and an oversized body are answered by the gateway without an exchange report
  if (outcome.method === 'CONNECT' || body?.maxBody !== undefined) return 'gateway'
  return 'unknown'
}

function summarize(
  outcome: RelayOutcome,
  by: HandledBy,
  body: JsonObject | null,
  profile: ProfileId
): string {
  const { response, error } = outcome.result
  const status = response?.status ?? null
  switch (by) {
    case 'gateway':
      if (outcome.result.exchange?.refusal) {
        return `the ${profile} profile refused it with ${status}: ${outcome.result.exchange.refusal}`
      }
      return status === 200
        ? `the echo answered 200 (${profile} profile)`
        : `the gateway answered ${status}`
    case 'parser':
      return `Node's HTTP parser refused the bytes with ${status}: ${String(body?.error)} (${String(body?.code)})`
    case 'inspector':
      return `the target is under /_inspector/: the inspector answered ${status}, not the echo`
    case 'unknown':
      return error ?? (status ? `answered ${status}` : 'no response')
  }
}

/** Why profiles cannot be compared when the gateway made no report. */
function profilesReason(by: HandledBy, outcome: RelayOutcome, summary: string): string {
  if (by === 'parser')
    return `Node's HTTP parser refused the bytes before any profile saw them: ${summary}`
  if (by === 'inspector') return 'the target is under /_inspector/, which no profile serves'
  if (outcome.method === 'CONNECT')
    return 'CONNECT is answered outside the exchange reports, so there is nothing to compare'
  if (by === 'gateway')
    return `the gateway refused the request before building an environ: ${summary}`
  return `the gateway never reported this request: ${summary}`
}

/** Build the JSON answer of one send. */
export function buildAnswer(outcome: RelayOutcome, context: AnswerContext): SendAnswer {
  const { bytes, head, result } = outcome
  const { exchange } = result
  const response = result.response
  const body = response ? parseJsonObject(response.body) : null
  const by = handledBy(outcome, body)
  const summary = summarize(outcome, by, body, context.serverProfile)
  const perRequest = outcome.input.scriptName !== undefined
  const scriptName = outcome.input.scriptName ?? context.facts.scriptName
  const echoed = echoedEnviron(outcome, body)
  const environ = echoed && perRequest ? remount(echoed, scriptName) : echoed
  const outside = echoed !== null && environ === null
  const traced = environ
    ? traceProvenance(bytes, environ, context.serverProfile, { scriptName, head })
    : null
  const answer: SendAnswer = {
    mode: outcome.input.mode,
    sent: { text: latin1Text(bytes), base64: base64(bytes), length: bytes.length },
    added: outcome.added,
    head,
    response: response && {
      status: response.status,
      statusLine: response.statusLine,
      headers: response.headers,
      body: {
        text: new TextDecoder().decode(response.body),
        base64: base64(response.body),
        length: response.body.length,
      },
      informational: response.informational,
      complete: response.complete,
    },
    error: result.error,
    handledBy: by,
    summary: outside
      ? `${(echoed.SCRIPT_NAME ?? '') + (echoed.PATH_INFO ?? '')} is outside the mount point ${scriptName}: a server started with --script-name ${scriptName} answers 404 Not Found`
      : summary,
    timing: result.timing,
    serverProfile: context.serverProfile,
    mount: { scriptName, perRequest },
    environ,
    provenance: traced?.keys ?? null,
    ignored: traced?.ignored ?? [],
  }
  const profiles = outcome.input.profiles
  if (!profiles) return answer
  if (!exchange) {
    const reason = profilesReason(by, outcome, summary)
    if (by !== 'parser') return { ...answer, profiles: null, profilesReason: reason }
    const malformations = classifyRequest(bytes, head)
    return {
      ...answer,
      profiles: null,
      profilesReason: reason,
      malformations,
      parserOutcomes: parserOutcomes(profiles, malformations),
    }
  }
  const facts = perRequest ? { ...context.facts, scriptName } : context.facts
  const outcomes = compareProfiles(exchange.request, facts, profiles, bytes, head)
  return { ...answer, profiles: outcomes, differences: diffProfiles(outcomes) }
}
