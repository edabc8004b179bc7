/**
 * Each profile's parser verdicts against what Debian's server answered for the same bytes
 * (tests/corpus/servers/<server>.json), for every request Node refuses. Debian ships older
 * releases than the ones we model: every case where the modelled release answers otherwise
 * is listed below with the reason, and a listed difference that no longer differs fails.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { ParserOutcome } from '../../../../server/contract/api/send.ts'
import type { ProfileId } from '../../../../server/contract/profiles.ts'
import { classifyRequest } from '../../../../server/gateway/malformations.ts'
import { parserOutcomes } from '../../../../server/gateway/parser-outcome.ts'
import { PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { tokenizeHead } from '../../../../server/relay/head.ts'
import { NODE_REFUSES } from '../../../corpus/servers/node-refuses.ts'
import { SERVER_REQUESTS } from '../../../corpus/servers/requests.ts'

interface FixtureAnswer {
  readonly status?: number | null
  readonly timedOut?: boolean
  readonly closedByServer?: boolean
}

const GUNICORN_20 =
  'Debian ships gunicorn 20.1, which took this; gunicorn 22+ parses strictly (the verdict cites message.py of the 26.x release we model)'
const HTTP09_WAITS =
  'http.server reads header lines after an HTTP/0.9 request line until an empty line: these bytes end before one, so it waits; with the empty line (T03) it runs the app'

/** `profile request-id` → why the modelled release answers otherwise than Debian's. */
const DEBIAN_DIFFERS: Readonly<Record<string, string>> = {
  'gunicorn T34': GUNICORN_20,
  'gunicorn T35': GUNICORN_20,
  'gunicorn T36': `${GUNICORN_20}; 20.1 upper-cased the method`,
  'gunicorn T40': `${GUNICORN_20}; 20.1's version regex took HTTP/(\\d+)\\.(\\d+)`,
  'gunicorn T51': `${GUNICORN_20}; 20.1 took int('+5')`,
  'gunicorn T75': `${GUNICORN_20}; obs-fold is refused since 23.0 unless permit_obsolete_folding`,
  'gunicorn ui:obs-fold': `${GUNICORN_20}; obs-fold is refused since 23.0 unless permit_obsolete_folding`,
  'gunicorn T79': `${GUNICORN_20}; control characters in values are refused since 22.0`,
  'gunicorn P01': `${GUNICORN_20}; 20.1 let the LF through inside the Host value`,
  'gunicorn P14':
    'not modelled: whether gunicorn 26 refuses a NUL in the target is not confirmed from its source yet',
  'wsgiref P05': HTTP09_WAITS,
  'werkzeug P05': HTTP09_WAITS,
}

function observed(answer: FixtureAnswer): string {
  if (answer.timedOut) return 'waits'
  if (answer.status === undefined || answer.status === null) return 'closes'
  return answer.status === 200 ? 'accepts' : `refuses ${answer.status}`
}

function modelled(outcome: ParserOutcome | undefined): string {
  if (!outcome) return 'missing'
  return outcome.verdict === 'refuses' ? `refuses ${outcome.status}` : outcome.verdict
}

const byId = new Map(SERVER_REQUESTS.map((r) => [r.id, r]))
const modelledProfiles = (Object.keys(PROFILES) as ProfileId[]).filter(
  (id) => PROFILES[id].parser !== undefined
)

describe.each(modelledProfiles)('%s parser verdicts vs Debian', (profile) => {
  const fixture = JSON.parse(
    readFileSync(join(import.meta.dirname, `../../../corpus/servers/${profile}.json`), 'utf8')
  ) as { answers: Record<string, FixtureAnswer> }
  const ids = NODE_REFUSES.filter((id) => fixture.answers[id] !== undefined)

  test.each(ids)('%s', (id) => {
    const bytes = Uint8Array.from(byId.get(id)?.request ?? '', (c) => c.charCodeAt(0))
    const cases = classifyRequest(bytes, tokenizeHead(bytes))
    const ours = modelled(parserOutcomes([profile], cases)[profile])
    const debian = observed(fixture.answers[id] as FixtureAnswer)
    const declared = DEBIAN_DIFFERS[`${profile} ${id}`]
    if (declared) expect(ours, `declared: ${declared}`).not.toBe(debian)
    else expect(ours, cases.join(', ')).toBe(debian)
  })
})

describe('parser verdicts', () => {
  test('every declared difference names a modelled profile and a request Node refuses', () => {
    for (const key of Object.keys(DEBIAN_DIFFERS)) {
      const [profile, id] = key.split(' ') as [ProfileId, string]
      expect(modelledProfiles, key).toContain(profile)
      expect(NODE_REFUSES, key).toContain(id)
    }
  })

  test.each(modelledProfiles)('%s cites a source file for every verdict', (profile) => {
    for (const [c, verdict] of Object.entries(PROFILES[profile].parser ?? {})) {
      expect(verdict?.source, c).toMatch(/\.py\b/)
    }
  })
})
