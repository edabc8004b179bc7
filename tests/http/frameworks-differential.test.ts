/**
 * Differential test of the frameworks API against the real frameworks Debian packages
 * (Flask/Werkzeug, Django, Starlette/FastAPI under /usr/bin/python3): for every scenario of
 * tests/http/frameworks-scenarios.ts, the API's answers and the real frameworks' answers on
 * the same environ and scope.
 *
 * Every expression must be equal, value or exception and message, except where the table
 * lists a difference between Debian's release and the modelled one: there Debian's answer
 * must be exactly the listed one (so a stale entry fails too), and for Starlette's root_path
 * differences the scope uvicorn < 0.26 builds must give the model's answer on Debian's
 * Starlette. Set-up installs the packages with apt-get when run as root (see
 * tests/helpers/python-frameworks.ts).
 */
import { beforeAll, describe, expect, test } from 'vitest'
import type { FrameworksApiResponse } from '../../server/contract/api/frameworks.ts'
import { setupFrameworksApi, show } from '../helpers/frameworks-api.ts'
import { ensureFrameworks, type OracleResult, runOracle } from '../helpers/python-frameworks.ts'
import { DEBIAN_RELEASES, type Framework, SCENARIOS } from './frameworks-scenarios.ts'

const post = setupFrameworksApi()
const FRAMEWORKS: readonly Framework[] = ['flask', 'django', 'starlette']

let models: FrameworksApiResponse[] = []
let real: OracleResult

beforeAll(async () => {
  ensureFrameworks()
  models = []
  for (const scenario of SCENARIOS) {
    const { status, json } = await post(scenario.body)
    if (status !== 200)
      throw new Error(`${scenario.name}: the API answered ${status}: ${json.message}`)
    models.push(json)
  }
  real = await runOracle(
    models.map((model, i) => ({
      id: String(i),
      environ: model.environ,
      scope: model.starlette.scope,
      settings: {
        flask: model.flask.settings,
        django: model.django.settings,
        starlette: model.starlette.settings,
      },
      legacy_scope: SCENARIOS[i]?.debian?.starlette !== undefined,
    }))
  )
}, 120_000)

describe('the frameworks API against the real frameworks', () => {
  test("Debian's releases are the ones the differences were listed for", () => {
    const { python: _python, ...releases } = real.versions
    expect(releases).toEqual(DEBIAN_RELEASES)
  })

  test.each(SCENARIOS.map((s, i) => [s.name, i] as const))('%s', (_name, i) => {
    const scenario = SCENARIOS[i]
    const model = models[i]
    const answers = real.answers[String(i)]
    if (!scenario || !model || !answers) throw new Error(`scenario ${i} was not evaluated`)
    for (const framework of FRAMEWORKS) {
      const expressions = model[framework].expressions
      const differences = scenario.debian?.[framework] ?? {}
      for (const expression of Object.keys(differences)) {
        expect(
          Object.keys(expressions),
          `${framework}: a listed difference names an expression`
        ).toContain(expression)
      }
      for (const [expression, evaluation] of Object.entries(expressions)) {
        const ours = show(evaluation)
        const theirs = show(answers[framework]?.[expression])
        const difference = differences[expression]
        const where = `${framework} ${expression}`
        if (!difference) {
          expect(theirs, `${where}: Debian's release must agree (or list the difference)`).toBe(
            ours
          )
          continue
        }
        expect(theirs, `${where}: Debian's answer (${difference.because})`).toBe(difference.debian)
        expect(difference.debian, `${where}: a listed difference must differ`).not.toBe(ours)
        if (difference.legacyScopeAgrees) {
          const legacy = answers['starlette legacy scope']?.[expression]
          expect(show(legacy), `${where} on the scope uvicorn < 0.26 builds`).toBe(ours)
        }
      }
    }
  })
})
