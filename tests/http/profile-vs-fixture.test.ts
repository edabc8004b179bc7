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
import { hostname } from 'node:os'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildServer } from '../../server/app.ts'
import { PROFILE_IDS, type ProfileId } from '../../server/contract/profiles.ts'
import type { Difference, ProfileDifferences } from '../corpus/servers/differences/types.ts'
import { SERVER_REQUESTS } from '../corpus/servers/requests.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'

const DIR = new URL('../corpus/servers/', import.meta.url)

/**
 * Requests Node's parser (llhttp) refuses with a 400 before any profile sees them (raw
 * non-ASCII targets, bad versions, bare LF/CR, obs-fold, Content-Length with
 * Transfer-Encoding, ...). Excluded by name; the `parser` field covers them. The test below
 * asserts each is still refused, so the list cannot go stale.
 */
const NODE_REFUSES: readonly string[] = [
  'T09',
  'T10',
  'T18',
  'T34',
  'T35',
  'T36',
  'T38',
  'T40',
  'T42',
  'T43',
  'T49',
  'T50',
  'T51',
  'T54',
  'T57',
  'T75',
  'T76',
  'T77',
  'T79',
  'T93',
  'T94',
  'T95',
  'T96',
  'T97',
  'T101',
  'T112',
  'T160',
  'T161',
  'P01',
  'P02',
  'P03',
  'P04',
  'P11',
  'P13',
  'P14',
  'P22',
  'ui:cl-te',
  'ui:two-lengths',
  'ui:obs-fold',
  'ui:bare-lf',
  'ui:no-colon',
]

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

function masked(
  env: Record<string, string>,
  port: number,
  clientPort: string
): Record<string, string> {
  const host = hostname()
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) {
    let value = String(v)
      .replace(/0x[0-9a-f]+/g, '0x<addr>')
      .replace(/name=\d+>/, 'name=<fd>>')
      .replace(/fd=\d+/, 'fd=<fd>') // a socket's fd is the process's, not the server's
      // a socket repr's laddr and raddr: our port and the client's
      .replace(`, ${port})`, ', <port>)')
      .replace(`, ${clientPort})`, ', <client-port>)')
    if (k === 'SERVER_PORT' && value === String(port)) value = '<port>'
    if (k === 'REMOTE_PORT' && value === clientPort) value = '<client-port>'
    // reprs naming the peer (waitress's channel, `127.0.0.1:PORT at 0x…`) are masked alike
    else if (clientPort) value = value.replace(`:${clientPort} `, ':<client-port> ')
    // an ASGI scope's `server` and `client`: (host, port) tuples, daphne's [host, port] lists
    if (k === 'server') value = value.replace(/, \d+([)\]])$/, ', <port>$1')
    if (k === 'client') value = value.replace(/, \d+([)\]])$/, ', <client-port>$1')
    if (host) value = value.split(host).join('<hostname>')
    out[k] = value
  }
  return out
}

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
    (r) => typeof fixture.answers[r.id]?.status === 'number' && !NODE_REFUSES.includes(r.id)
  )
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
    })
    await server.listen({ host: '127.0.0.1', port: 0 })
    port = (server.server.address() as { port: number }).port
    close = () => server.close()
  })
  afterAll(() => close())

  const expected = (id: string): Difference[] =>
    spec.differences.filter((d) => d.cases.includes(id))

  test.each(NODE_REFUSES.filter((id) => typeof fixture.answers[id]?.status === 'number'))(
    '%s: refused by Node before the profile (excluded by name)',
    async (id) => {
      const r = SERVER_REQUESTS.find((x) => x.id === id)
      expect(r, id).toBeDefined()
      const res = await sendRaw(
        { host: '127.0.0.1', port },
        Buffer.from(r?.request ?? '', 'latin1'),
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
      for (const id of d.cases) expect(ids.has(id), `${d.key} ${id}`).toBe(true)
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
      echo = masked(raw, port, raw.REMOTE_PORT ?? '')
    }
    const found = compare({ status: res.status ?? 0, echo }, answer)
    const want = expected(c.id).map(({ key, ours, debian }) => ({ key, ours, debian }))
    const sort = (l: Found[]) => [...l].sort((p, q) => p.key.localeCompare(q.key))
    expect(sort(found)).toEqual(sort(want))
  })
})
