/**
 * granian's parser verdicts (hyper 1.11 + httparse 1.10.1, see
 * server/gateway/profiles/parser/granian.ts). granian is not packaged by Debian, so there is
 * no fixture: each request Node refuses has here the answer read from the source lines the
 * verdicts cite, and the verdicts must give it.
 */
import { describe, expect, test } from 'vitest'
import { MALFORMATIONS } from '../../../../server/contract/parser-verdicts.ts'
import { classifyRequest } from '../../../../server/gateway/malformations.ts'
import { parserOutcome } from '../../../../server/gateway/parser-outcome.ts'
import { PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { GRANIAN_PARSER } from '../../../../server/gateway/profiles/parser/granian.ts'
import { tokenizeHead } from '../../../../server/relay/head.ts'
import { NODE_REFUSES } from '../../../corpus/servers/node-refuses.ts'
import { SERVER_REQUESTS } from '../../../corpus/servers/requests.ts'

const ACCEPTS = 'accepts'
const R400 = 'refuses 400'

/** What granian 2.8.1 answers, read from hyper/httparse/http (ids of tests/corpus/servers). */
const FROM_SOURCE: Readonly<Record<string, string>> = {
  T09: ACCEPTS, // UTF-8 in the path (http path.rs:457-460)
  T10: R400, // a lone 0xE9 is not UTF-8: parse_uri's from_utf8 fails (lib.rs:921-926)
  T18: ACCEPTS,
  T34: R400, // "foo/bar" is no scheme and no authority (uri/mod.rs:852)
  T35: R400,
  T36: ACCEPTS,
  T38: R400,
  T40: R400,
  T42: R400,
  T43: ACCEPTS,
  T49: ACCEPTS,
  T50: R400,
  T51: R400,
  T54: R400, // empty: from_digits refuses it (headers.rs:75-77)
  T57: ACCEPTS,
  T75: R400,
  T76: R400,
  T77: R400,
  T79: R400,
  T93: R400,
  T94: R400,
  T95: R400,
  T96: R400,
  T97: R400,
  T101: R400,
  T112: R400,
  T160: ACCEPTS,
  T161: ACCEPTS,
  P01: ACCEPTS,
  P02: R400,
  P03: ACCEPTS,
  P04: R400, // "3, 3" in one header is not digits (headers.rs:70-95)
  P05: R400,
  P11: ACCEPTS,
  P13: R400,
  P14: R400,
  P22: R400,
  'ui:cl-te': ACCEPTS,
  'ui:two-lengths': R400,
  'ui:obs-fold': R400,
  'ui:bare-lf': ACCEPTS,
  'ui:no-colon': R400,
}

/**
 * One verdict per case cannot tell these apart from their case's other requests; the
 * verdict's `does` names the exception. A listed one that agrees fails: drop it then.
 */
const CASE_TOO_COARSE: Readonly<Record<string, string>> = {
  T10: "'non-ascii-target' holds UTF-8 (taken) and bytes that are not UTF-8 (refused)",
  P04: "'two-content-lengths-equal' holds repeated headers (taken) and a '3, 3' list (refused)",
}

const byId = new Map(SERVER_REQUESTS.map((r) => [r.id, r]))

function modelled(id: string): string {
  const bytes = Uint8Array.from(byId.get(id)?.request ?? '', (c) => c.charCodeAt(0))
  const outcome = parserOutcome(
    'granian',
    GRANIAN_PARSER,
    classifyRequest(bytes, tokenizeHead(bytes))
  )
  return outcome.verdict === 'refuses' ? `refuses ${outcome.status}` : outcome.verdict
}

describe('granian parser verdicts (from source)', () => {
  test('the profile shows them, and every case has one', () => {
    expect(PROFILES.granian.parser).toBe(GRANIAN_PARSER)
    expect(Object.keys(GRANIAN_PARSER).sort()).toEqual([...MALFORMATIONS].sort())
  })

  test('every request Node refuses has an answer read from source', () => {
    expect(Object.keys(FROM_SOURCE).sort()).toEqual([...NODE_REFUSES].sort())
  })

  test.each(Object.entries(FROM_SOURCE))('%s: %s', (id, answer) => {
    const coarse = CASE_TOO_COARSE[id]
    if (coarse) expect(modelled(id), coarse).not.toBe(answer)
    else expect(modelled(id)).toBe(answer)
  })

  test('each verdict cites the Rust source that decides it', () => {
    for (const [c, verdict] of Object.entries(GRANIAN_PARSER)) {
      expect(verdict?.source, c).toMatch(/\.rs:\d/)
    }
  })

  test("refusals carry hyper's status and a reason the echo sends too", () => {
    const refusals = Object.values(GRANIAN_PARSER).filter((v) => v?.kind === 'refuses')
    expect(new Set(refusals.map((v) => (v?.kind === 'refuses' ? v.status : 0)))).toEqual(
      new Set([400, 431])
    )
    for (const v of refusals) expect(v?.kind === 'refuses' && v.reason).toMatch(/^hyper refused/)
  })
})
