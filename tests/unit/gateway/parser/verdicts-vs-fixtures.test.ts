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
import type { ParserVerdicts } from '../../../../server/contract/parser-verdicts.ts'
import type { ProfileId } from '../../../../server/contract/profiles.ts'
import { classifyRequest } from '../../../../server/gateway/malformations.ts'
import { parserOutcome } from '../../../../server/gateway/parser-outcome.ts'
import { PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { CHEROOT_PARSER } from '../../../../server/gateway/profiles/parser/cheroot.ts'
import { WAITRESS_PARSER } from '../../../../server/gateway/profiles/parser/waitress.ts'
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
const WAITRESS_21 =
  'Debian ships waitress 2.1.2, whose start-line regex was loose; 3.0 matches METHOD SP URI [SP HTTP/d.d] exactly (PR #423, CHANGES 3.0.0)'
const CHEROOT_9 =
  'Debian ships cheroot 9.0, which refused continuation lines as illegal header lines; 11.x accepts them (server.py:233-259, commit 541018ba)'
const UWSGI_STATUS_LINE =
  'uWSGI accepts it, but echoes the version text as sent in its status line, which the observer could not read as one, so the fixture records a close'
const TWISTED_22 =
  'Debian runs daphne on Twisted 22.4, which split the request line on any whitespace and took any version text; Twisted 24.7+ takes exactly three words, HTTP/1.0 or HTTP/1.1 and target bytes 33-176 (_parseRequestLine, commit 68fcb5a745)'
const HTTP09_WAITS =
  'http.server reads header lines after an HTTP/0.9 request line until an empty line: these bytes end before one, so it waits; with the empty line (T03) it runs the app'

/** Servers whose verdicts are still partial: a case not modelled is shown as such, not tested. */
const INCOMPLETE: ReadonlySet<string> = new Set(['cheroot'])

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
  'waitress T40': WAITRESS_21,
  'waitress T101': WAITRESS_21,
  'waitress T112': WAITRESS_21,
  'waitress P13': WAITRESS_21,
  'waitress T160':
    "the raw bytes follow '//', which urlsplit reads as a netloc, so the 'Bad URI' path check never sees them; the verdict is for non-ASCII in a path",
  'waitress P05': HTTP09_WAITS.replace('http.server reads header lines', 'waitress reads the head'),
  'cheroot T75': CHEROOT_9,
  'cheroot ui:obs-fold': CHEROOT_9,
  'cheroot T101': `${CHEROOT_9}; 11.x checks the protocol word after the second space (server.py:803-809)`,
  'uwsgi T101': UWSGI_STATUS_LINE,
  'uwsgi T112': UWSGI_STATUS_LINE,
  'uwsgi P13': UWSGI_STATUS_LINE,
  'uwsgi P05': 'uWSGI waits for the CRLF CRLF that ends a head; these bytes end before it',
  'django T97':
    "runserver accepts the head, then waits reading a body of int('-1') bytes (django/core/handlers/wsgi.py LimitedStream)",
  'django P05': HTTP09_WAITS,
  'wsgiref P05': HTTP09_WAITS,
  'werkzeug P05': HTTP09_WAITS,
  'daphne T38': TWISTED_22,
  'daphne T40': TWISTED_22,
  'daphne T101': TWISTED_22,
  'daphne T112': `${TWISTED_22}; 22.4 echoed 'http/1.1' in its status line, which the observer could not read`,
  'daphne P14': `${TWISTED_22}; a target byte <= 32 (NUL) is refused`,
  'daphne T93':
    "Twisted 24.7+ refuses a header name that is not a token (_NameEncoder, commit 1bbdb0087e) and daphne 4.1.0 does too (HEADER_NAME_RE, commit ef24796, #500); Debian's daphne 4.0.0 on Twisted 22.4 took it",
  'hypercorn P22':
    "hypercorn 0.16.0 sends h11's error_status_hint (commit 2b0aad3), 501 for a Transfer-Encoding h11 does not support (h11/_headers.py:185-203); Debian's 0.13.2 always sent 400",
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

/** Each server's verdicts: the profiles' `parser`, and those written before their profile landed. */
const VERDICTS: Readonly<Record<string, ParserVerdicts>> = {
  waitress: WAITRESS_PARSER,
  cheroot: CHEROOT_PARSER,
  ...Object.fromEntries(
    (Object.keys(PROFILES) as ProfileId[]).flatMap((id) => {
      const parser = PROFILES[id].parser
      return parser ? [[id, parser]] : []
    })
  ),
}
const modelledProfiles = Object.keys(VERDICTS)

/** Not packaged by Debian, so no fixture: tests/unit/gateway/parser/granian.test.ts instead. */
const FROM_SOURCE_ONLY: ReadonlySet<string> = new Set(['granian'])

describe.each(modelledProfiles.filter((p) => !FROM_SOURCE_ONLY.has(p)))(
  '%s parser verdicts vs Debian',
  (profile) => {
    const fixture = JSON.parse(
      readFileSync(join(import.meta.dirname, `../../../corpus/servers/${profile}.json`), 'utf8')
    ) as { answers: Record<string, FixtureAnswer> }
    const ids = NODE_REFUSES.filter((id) => fixture.answers[id] !== undefined)

    test.each(ids)('%s', (id) => {
      const bytes = Uint8Array.from(byId.get(id)?.request ?? '', (c) => c.charCodeAt(0))
      const cases = classifyRequest(bytes, tokenizeHead(bytes))
      const ours = modelled(parserOutcome(profile, VERDICTS[profile] ?? {}, cases))
      const debian = observed(fixture.answers[id] as FixtureAnswer)
      if (ours === 'unknown' && INCOMPLETE.has(profile)) return
      const declared = DEBIAN_DIFFERS[`${profile} ${id}`]
      if (declared) expect(ours, `declared: ${declared}`).not.toBe(debian)
      else expect(ours, cases.join(', ')).toBe(debian)
    })
  }
)

describe('parser verdicts', () => {
  test('every declared difference names a modelled profile and a request Node refuses', () => {
    for (const key of Object.keys(DEBIAN_DIFFERS)) {
      const [profile, id] = key.split(' ') as [string, string]
      expect(modelledProfiles, key).toContain(profile)
      expect(NODE_REFUSES, key).toContain(id)
    }
  })

  test.each(modelledProfiles)('%s cites a source file for every verdict', (profile) => {
    for (const [c, verdict] of Object.entries(VERDICTS[profile] ?? {})) {
      expect(verdict?.source, c).toMatch(/\.(py|c|rs)\b/)
    }
  })
})
