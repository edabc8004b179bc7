/**
 * The spec's observed corpus (T01–T112) over real sockets, for every profile.
 *
 * Each request's raw bytes go to a listening server; the echoed JSON must hold the values
 * the real Python server produced. Where we cannot or will not match, the case is listed
 * below with the reason, and the test asserts what we do instead, so every row can fail.
 * Every environ also goes through the validator, whose verdict must match the spec's §4.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildServer } from '../../server/app.ts'
import { PROFILE_IDS, type ProfileId } from '../../server/contract/profiles.ts'
import type { Middleware } from '../../server/gateway/types.ts'
import { checkEnviron, type ValidationProblem } from '../../server/gateway/validate.ts'
import { type CorpusCase, corpus, DEVIATIONS, PARSER_REFUSES } from '../corpus/divergences.ts'
import { jsonBody, type RawResponse, sendRaw } from '../helpers/raw-http.ts'

/** Values that are genuinely process-specific: compared with the number or address masked. */
function mask(value: string | null): string | null {
  if (value === null) return value
  return value.replace(/ at 0x[0-9a-f]+>/, ' at 0x…>').replace(/name=\d+>/, 'name=…>')
}

/** check_environ errors the spec's §4 says each profile's environ has (besides none). */
function expectedErrors(profile: ProfileId, environ: Record<string, string>): string[] {
  const errors: string[] = []
  if (profile === 'werkzeug')
    errors.push("Environmental variable REMOTE_PORT is not a string: <class 'int'>")
  const path = environ.PATH_INFO ?? ''
  if (path && !path.startsWith('/')) errors.push(`PATH_INFO doesn't start with /`)
  return errors
}

// requests go one at a time, so the last verdict belongs to the request just answered
const last: { problems?: ValidationProblem[] } = {}
const lastProblems = (): ValidationProblem[] | undefined => last.problems
const recordProblems: Middleware = (app) =>
  function recordingApp(environ, startResponse) {
    last.problems = checkEnviron(environ)
    return app(environ, startResponse)
  }

// only the profiles the spec's corpus has a column for; the others are checked against their
// own server's observed answers (tests/corpus/servers/)
const SPEC_PROFILES = PROFILE_IDS.filter((id) => corpus[0]?.status[id] !== undefined)

describe.each(SPEC_PROFILES)('spec corpus over a socket, %s profile', (profile) => {
  let port = 0
  let close: () => Promise<void> = async () => {}
  beforeAll(async () => {
    const server = await buildServer({
      host: '127.0.0.1',
      profile,
      app: 'echo',
      scriptName: '',
      maxBody: 1 << 20,
      maxHeaderSize: 16 * 1024,
      debug: false,
      middleware: [recordProblems],
    })
    await server.listen({ host: '127.0.0.1', port: 0 })
    port = (server.server.address() as { port: number }).port
    close = () => server.close()
  })
  afterAll(() => close())

  const send = (c: CorpusCase): Promise<RawResponse> =>
    sendRaw({ host: '127.0.0.1', port }, Buffer.from(c.request, 'base64'), { timeoutMs: 2000 })

  test.each(corpus)('$id $name', async (c) => {
    last.problems = undefined
    const res = await send(c)
    const refused = PARSER_REFUSES[c.id]
    if (refused) {
      expect(res.status, `llhttp refuses ${refused}`).toBe(400)
      const body = jsonBody<{ error: string; code: string }>(res)
      expect(body.code).toMatch(/^HPE_/)
      expect(body.error.length).toBeGreaterThan(0)
      expect(res.closedByServer).toBe(true)
      return
    }
    const deviation = DEVIATIONS[c.id]
    if (deviation?.profiles.includes(profile)) {
      expect(res.status, deviation.reason).toBe(deviation.status)
      if (deviation.values) {
        const environ = jsonBody<Record<string, string>>(res)
        for (const [key, value] of Object.entries(deviation.values))
          expect(environ[key], key).toBe(value)
      }
      return
    }
    const wantStatus = Number.parseInt(c.status[profile] ?? '', 10)
    expect(res.status, `spec says: ${c.status[profile]}`).toBe(wantStatus)
    if (wantStatus !== 200) return
    const environ = jsonBody<Record<string, string>>(res)
    for (const [key, value] of Object.entries(c.expect[profile] ?? {})) {
      if (key === 'SERVER_PORT' || key === 'REMOTE_PORT') continue // the port is this run's
      expect(mask(environ[key] ?? null), key).toBe(mask(value))
    }
    const problems = lastProblems()
    expect(problems, 'the validator saw this environ').toBeDefined()
    const errors = (problems ?? []).filter((p) => p.level === 'error').map((p) => p.message)
    const want = expectedErrors(profile, environ)
    expect(errors.length, errors.join('; ')).toBe(want.length)
    for (const [i, message] of want.entries()) expect(errors[i]).toContain(message)
  })
})
