/**
 * @module
 * What each server's own parser would do with bytes Node's parser refused: its verdicts on
 * the malformations found, the first that stops the request deciding (profile `parser`).
 */

import type { ParserOutcome } from '../contract/api/send.ts'
import {
  MALFORMATION_TITLES,
  type Malformation,
  type ParserVerdicts,
} from '../contract/parser-verdicts.ts'
import type { ProfileId } from '../contract/profiles.ts'
import { PROFILES } from './profiles/index.ts'

/** Decide one server's answer from its verdicts on `cases` (in parse order). */
export function parserOutcome(
  name: string,
  verdicts: ParserVerdicts,
  cases: readonly Malformation[]
): ParserOutcome {
  const found = cases.map((c) => ({ case: c, verdict: verdicts[c] ?? null }))
  for (const { case: c, verdict } of found) {
    if (!verdict) {
      return {
        verdict: 'unknown',
        decidedBy: c,
        summary: `${name}'s answer to ${MALFORMATION_TITLES[c]} is not modelled yet`,
        cases: found,
      }
    }
    if (verdict.kind === 'refuses') {
      return {
        verdict: 'refuses',
        status: verdict.status,
        reason: verdict.reason,
        decidedBy: c,
        summary: `${name} refuses ${MALFORMATION_TITLES[c]} with ${verdict.status} ${verdict.reason}`,
        cases: found,
      }
    }
    if (verdict.kind !== 'accepts') {
      return {
        verdict: verdict.kind,
        decidedBy: c,
        summary: `${name} ${verdict.kind === 'waits' ? 'waits' : 'closes the connection'} on ${MALFORMATION_TITLES[c]}: ${verdict.does}`,
        cases: found,
      }
    }
  }
  return {
    verdict: 'accepts',
    summary:
      found.length === 0
        ? `nothing in the bytes is one of the cases ${name}'s rules are written for`
        : `${name} accepts them (${found.map((f) => (f.verdict?.kind === 'accepts' ? f.verdict.does : '')).join('; ')}), but the environ cannot be shown: Node's parser refused the bytes`,
    cases: found,
  }
}

/** Each profile's outcome for bytes with these malformations. */
export function parserOutcomes(
  profiles: readonly ProfileId[],
  cases: readonly Malformation[]
): Record<string, ParserOutcome> {
  const out: Record<string, ParserOutcome> = {}
  for (const id of profiles) out[id] = parserOutcome(id, PROFILES[id].parser ?? {}, cases)
  return out
}
