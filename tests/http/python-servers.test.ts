/**
 * The observed fixtures (tests/corpus/servers/<server>.json) still describe the real servers.
 *
 * Every packaged Python server is started with the echo app and asked every request of
 * tests/corpus/servers/requests.ts, exactly as observe.ts does; each answer (status line,
 * headers, echoed environ or scope, key order included, or no answer at all) must equal the
 * stored one. A difference means Debian's package changed or the harness did: regenerate
 * with the command the failure names, and review the diff.
 *
 * Two checks need no Python: every fixture answers exactly the current requests (by hash),
 * and the fixtures agree with the values the shared spec observed for the same bytes.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { corpus } from '../corpus/divergences.ts'
import {
  FIXTURE_DIR,
  type Observation,
  observeServer,
  requestSha,
  type ServerFixture,
} from '../corpus/servers/observe.ts'
import { SERVER_REQUESTS } from '../corpus/servers/requests.ts'
import {
  ensurePythonServers,
  PYTHON_SERVERS,
  type PythonServerName,
} from '../helpers/python-servers.ts'

function fixture(name: PythonServerName): ServerFixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as ServerFixture
}

const same = (a: Observation | undefined, b: Observation | undefined) =>
  JSON.stringify(a) === JSON.stringify(b)

describe('the fixtures answer the current requests', () => {
  test.for([...PYTHON_SERVERS])('%s', (name) => {
    const stored = fixture(name)
    expect(Object.keys(stored.answers)).toEqual(SERVER_REQUESTS.map((r) => r.id))
    for (const { id, request } of SERVER_REQUESTS) {
      expect(stored.answers[id]?.sha256, `${id}: regenerate with ${stored.regenerate}`).toBe(
        requestSha(request)
      )
    }
  })
})

// The spec's columns that ran the same Debian packages as the fixtures.
const SPEC_COLUMNS: Array<[string, PythonServerName]> = [
  ['wsgiref', 'wsgiref'],
  ['gunicorn20', 'gunicorn'],
  ['werkzeug22', 'werkzeug'],
  ['waitress21', 'waitress'],
]
// Values the spec shows unmasked that the fixtures mask (they change from run to run).
const MASKED_IN_FIXTURES = new Set(['SERVER_PORT', 'wsgi.input'])

describe('the fixtures agree with the spec’s observations of the same packages', () => {
  test.for(SPEC_COLUMNS)('%s', ([column, name]) => {
    const stored = fixture(name)
    for (const c of corpus) {
      const answer = stored.answers[c.id]
      const status = Number.parseInt(c.status[column] ?? '', 10)
      if (!Number.isNaN(status)) expect(answer?.status, `${c.id} status`).toBe(status)
      for (const [key, value] of Object.entries(c.expect[column] ?? {})) {
        if (MASKED_IN_FIXTURES.has(key)) continue
        const echo = answer?.echo ?? {}
        expect(Object.hasOwn(echo, key) ? echo[key] : null, `${c.id} ${key}`).toBe(value)
      }
    }
  })
})

describe('Debian’s Python servers still answer as the fixtures say', () => {
  test('the servers are installed, or the reason they are not', async (ctx) => {
    const skipped = await ensurePythonServers()
    if (skipped) ctx.skip(skipped.skipped)
  }, 600_000)

  test.concurrent.for([...PYTHON_SERVERS])('%s', { timeout: 120_000 }, async (name, ctx) => {
    const skipped = await ensurePythonServers()
    if (skipped) return ctx.skip(skipped.skipped)
    const stored = fixture(name)
    const observed = await observeServer(name, SERVER_REQUESTS, {
      retry: (id, observation) => !same(observation, stored.answers[id]),
    })
    expect(observed.version, `the package changed: ${stored.regenerate}`).toBe(stored.version)
    const differences = SERVER_REQUESTS.filter(
      ({ id }) => !same(observed.answers[id], stored.answers[id])
    ).map(({ id }) => ({ id, observed: observed.answers[id], stored: stored.answers[id] }))
    expect(differences, `regenerate with ${stored.regenerate}`).toEqual([])
  })
})
