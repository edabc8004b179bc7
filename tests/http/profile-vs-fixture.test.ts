/**
 * Every profile against its Debian server's observed answers (tests/corpus/servers/<fixture>.json).
 *
 * Our server runs with `--profile <id>` and is sent every request of
 * tests/corpus/servers/requests.ts that the Debian server answered; status and every echoed
 * key and value, key order included, must match, except the differences the profile declares
 * in tests/corpus/servers/differences/<id>.ts (each with its reason). A declared difference
 * that no longer differs fails too. Adding a profile here = adding that one file.
 *
 * Excluded by name: requests Node's parser (llhttp) refuses before any profile runs
 * (NODE_REFUSES below); the per-server verdicts for those are the `parser` field's job.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PROFILE_IDS, type ProfileId } from '../../server/contract/profiles.ts'
import {
  type Difference,
  EVERY_ECHO,
  type ProfileDifferences,
} from '../corpus/servers/differences/types.ts'
import { NODE_REFUSES, NODE_WAITS } from '../corpus/servers/node-refuses.ts'
import { SERVER_REQUESTS, serverRequest } from '../corpus/servers/requests.ts'
import { maskEcho } from '../helpers/fixture-echo.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'
import { type Listening, listen } from '../helpers/server.ts'

const DIR = new URL('../corpus/servers/', import.meta.url)

/**
 * Requests Node's parser (llhttp) refuses with a 400 before any profile sees them (raw
 * non-ASCII targets, bad versions, bare LF/CR, obs-fold, Content-Length with
 * Transfer-Encoding, ...). Excluded by name; the `parser` field covers them. The test below
 * asserts each is still refused, so the list cannot go stale. Bytes Node waits on are sent.
 */
const NODE_ANSWERS_400 = NODE_REFUSES.filter((id) => !NODE_WAITS.includes(id))

interface Answer {
  readonly status?: number | null
  readonly echo?: Record<string, string>
}

const declaredFiles = readdirSync(new URL('differences/', DIR)).filter(
  (f) => f.endsWith('.ts') && f !== 'types.ts'
)
const declared: [ProfileId, ProfileDifferences][] = []
for (const file of declaredFiles) {
  const id = file.slice(0, -3) as ProfileId
  const mod = (await import(new URL(`differences/${file}`, DIR).href)) as {
    default: ProfileDifferences
  }
  declared.push([id, mod.default])
}

test('every differences file names a known profile', () => {
  for (const [id] of declared) expect(PROFILE_IDS).toContain(id)
})

interface Found {
  readonly key: string
  readonly ours: string | null
  readonly debian: string | null
}

function compare(ours: { status: number; echo?: Record<string, string> }, theirs: Answer): Found[] {
  const found: Found[] = []
  if (ours.status !== theirs.status)
    found.push({ key: '(status)', ours: String(ours.status), debian: String(theirs.status) })
  if (ours.status !== 200 || theirs.status !== 200 || !ours.echo || !theirs.echo) return found
  const a = ours.echo
  const b = theirs.echo
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const x = Object.hasOwn(a, key) ? (a[key] ?? null) : null
    const y = Object.hasOwn(b, key) ? (b[key] ?? null) : null
    if (x !== y) found.push({ key, ours: x, debian: y })
  }
  const shared = (o: Record<string, string>, p: Record<string, string>) =>
    Object.keys(o).filter((k) => Object.hasOwn(p, k))
  const oa = shared(a, b).join(' ')
  const ob = shared(b, a).join(' ')
  if (oa !== ob) found.push({ key: '(key order)', ours: oa, debian: ob })
  return found
}

describe.each(declared)('profile %s vs its Debian fixture', (profile, spec) => {
  const fixture = JSON.parse(readFileSync(new URL(`${spec.fixture}.json`, DIR), 'utf8')) as {
    answers: Record<string, Answer>
    osEnviron?: Record<string, string>
  }
  // the Debian server's process environment (wsgiref copies os.environ) is not server behaviour
  const processKeys = Object.keys(fixture.osEnviron ?? {})
  const cases = SERVER_REQUESTS.filter(
    (r) => typeof fixture.answers[r.id]?.status === 'number' && !NODE_ANSWERS_400.includes(r.id)
  )
  let server: Listening
  let port = 0
  beforeAll(async () => {
    server = await listen({ profile }, false)
    port = server.port
  })
  afterAll(() => server.close())

  /** The differences declared for a case; EVERY_ECHO ones only where both servers echoed. */
  const expected = (id: string, bothEchoed: boolean): Difference[] =>
    spec.differences.filter((d) => (d.cases === EVERY_ECHO ? bothEchoed : d.cases.includes(id)))

  test.each(NODE_ANSWERS_400.filter((id) => typeof fixture.answers[id]?.status === 'number'))(
    '%s: refused by Node before the profile (excluded by name)',
    async (id) => {
      const res = await sendRaw(
        { host: '127.0.0.1', port },
        Buffer.from(serverRequest(id), 'latin1'),
        {
          timeoutMs: 3000,
        }
      )
      expect(res.status).toBe(400)
    }
  )

  test('every declared difference names a case the harness sends', () => {
    const ids = new Set(cases.map((c) => c.id))
    for (const d of spec.differences) {
      expect(d.why.length, `${d.key}: a reason`).toBeGreaterThan(10)
      if (d.cases === EVERY_ECHO) {
        const echoed = cases.filter((c) => fixture.answers[c.id]?.echo)
        expect(echoed.length, `${d.key}: some case the Debian server echoed`).toBeGreaterThan(0)
      } else for (const id of d.cases) expect(ids.has(id), `${d.key} ${id}`).toBe(true)
    }
  })

  test.each(cases)('$id $title', async (c) => {
    const res = await sendRaw({ host: '127.0.0.1', port }, Buffer.from(c.request, 'latin1'), {
      timeoutMs: 3000,
    })
    const given = fixture.answers[c.id] ?? {}
    const theirs = given.echo ? { ...given.echo } : undefined
    for (const key of processKeys) if (theirs) delete theirs[key]
    const input = theirs?.['wsgi.input']
    if (theirs && input) theirs['wsgi.input'] = input.replace(/name=\d+>/, 'name=<fd>>')
    for (const [key, value] of Object.entries(theirs ?? {})) {
      if (theirs && value.includes('fd=')) theirs[key] = value.replace(/fd=\d+/, 'fd=<fd>')
    }
    const answer: Answer = { status: given.status, echo: theirs }
    let echo: Record<string, string> | undefined
    if (res.status === 200 && res.body.length > 0) {
      const raw = jsonBody<Record<string, string>>(res)
      echo = maskEcho(raw, port, raw.REMOTE_PORT ?? '')
    }
    const found = compare({ status: res.status ?? 0, echo }, answer)
    const bothEchoed = res.status === 200 && echo !== undefined && answer.status === 200 && !!theirs
    const want = expected(c.id, bothEchoed).map(({ key, ours, debian }) => ({ key, ours, debian }))
    const sort = (l: Found[]) => [...l].sort((p, q) => p.key.localeCompare(q.key))
    expect(sort(found)).toEqual(sort(want))
  })
})
