/**
 * The observed fixtures (tests/corpus/servers/<server>.json) still describe the real servers.
 *
 * Every packaged Python server is started with the echo app and asked every request of
 * tests/corpus/servers/requests.ts, exactly as observe.ts does (and, for each proxy-trust
 * variant, the requests with proxy headers); each answer (status line, headers, echoed environ
 * or scope, key order included, or no answer at all) must equal the stored one. A difference
 * means Debian's package changed or the harness did: regenerate with the command the failure
 * names, and review the diff. The servers run one after another, not at once, so that ten
 * Python processes starting together do not starve the other test files on a 2-core machine.
 *
 * Two checks need no Python: every fixture answers exactly the current requests (by hash),
 * and the fixtures agree with the values the shared spec observed for the same bytes.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { corpus } from '../corpus/divergences.ts'
import {
  ALL_JOBS,
  FIXTURE_DIR,
  jobName,
  jobRequests,
  type Observation,
  observeServer,
  requestSha,
  type ServerFixture,
} from '../corpus/servers/observe.ts'
import { ensurePythonServers, type PythonServerName } from '../helpers/python-servers.ts'

function fixture(name: string): ServerFixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as ServerFixture
}

const JOBS = ALL_JOBS.map((job) => ({ ...job, name: jobName(job) }))

const same = (a: Observation | undefined, b: Observation | undefined) =>
  JSON.stringify(a) === JSON.stringify(b)

describe('the fixtures answer the current requests', () => {
  test.for(JOBS)('$name', (job) => {
    const stored = fixture(job.name)
    const requests = jobRequests(job)
    expect(stored.args ?? []).toEqual(job.variant?.args ?? [])
    expect(Object.keys(stored.answers)).toEqual(requests.map((r) => r.id))
    for (const { id, request } of requests) {
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

  test.for(JOBS)('$name', { timeout: 180_000 }, async (job, ctx) => {
    const skipped = await ensurePythonServers()
    if (skipped) return ctx.skip(skipped.skipped)
    const stored = fixture(job.name)
    const requests = jobRequests(job)
    const observed = await observeServer(job.server, requests, {
      variant: job.variant,
      retry: (id, observation) => !same(observation, stored.answers[id]),
    })
    expect(observed.version, `the package changed: ${stored.regenerate}`).toBe(stored.version)
    const differences = requests
      .filter(({ id }) => !same(observed.answers[id], stored.answers[id]))
      .map(({ id }) => ({ id, observed: observed.answers[id], stored: stored.answers[id] }))
    expect(differences, `regenerate with ${stored.regenerate}`).toEqual([])
  })
})
