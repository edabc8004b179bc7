/**
 * The scenario table's pinned answers of the modelled releases (Flask 3.1.3/Werkzeug 3.1.8,
 * Django 5.2, Starlette 1.3.1/FastAPI 0.141.1), through the real API, without Python.
 * tests/http/frameworks-differential.test.ts runs the same table against the real frameworks.
 */
import { describe, expect, test } from 'vitest'
import { setupFrameworksApi, show } from '../../helpers/frameworks-api.ts'
import { type Framework, SCENARIOS } from '../../http/frameworks-scenarios.ts'

const post = setupFrameworksApi()

describe('the scenario table, as the models answer it', () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const { status, json } = await post(scenario.body)
    expect(status, json.message).toBe(200)
    for (const framework of ['flask', 'django', 'starlette'] as Framework[]) {
      const answers = json[framework].expressions as Record<string, Parameters<typeof show>[0]>
      for (const [expression, shown] of Object.entries(scenario.expect?.[framework] ?? {})) {
        expect(show(answers[expression]), `${framework} ${expression}`).toBe(shown)
      }
      for (const [expression, text] of Object.entries(scenario.expectNotes?.[framework] ?? {})) {
        expect(
          answers[expression]?.notes?.join('\n'),
          `${framework} ${expression} notes`
        ).toContain(text)
      }
      for (const evaluation of Object.values(answers)) {
        expect(evaluation?.why.length, `${framework}: every answer says why`).toBeGreaterThan(0)
      }
    }
  })
})
