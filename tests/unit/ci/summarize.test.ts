import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import {
  type RunnerFile,
  readResults,
  readRun,
  summarize,
  summarizeRuns,
} from '../../ci/summarize.ts'

// Shapes taken from real reports (Vitest 4.1 json reporter, Playwright 1.65 json reporter),
// trimmed to the fields that matter.
function vitest(over: Record<string, unknown> = {}): RunnerFile {
  return {
    runner: 'vitest',
    path: 'vitest.json',
    content: JSON.stringify({
      numTotalTestSuites: 2,
      numPassedTestSuites: 2,
      numFailedTestSuites: 0,
      numTotalTests: 10,
      numPassedTests: 8,
      numFailedTests: 0,
      numPendingTests: 1,
      numTodoTests: 1,
      success: true,
      testResults: [
        { name: '/r/tests/unit/a.test.ts', status: 'passed', message: '', assertionResults: [] },
      ],
      ...over,
    }),
  }
}

function playwright(
  stats: Record<string, unknown> = {},
  errors: Array<{ message: string }> = []
): RunnerFile {
  return {
    runner: 'playwright',
    path: 'playwright.json',
    content: JSON.stringify({
      config: {},
      suites: [],
      errors,
      stats: {
        startTime: '2026-11-23T19:29:01.233Z',
        duration: 3729,
        expected: 3,
        skipped: 1,
        unexpected: 0,
        flaky: 0,
        ...stats,
      },
    }),
  }
}

const missing = (runner: RunnerFile['runner']): RunnerFile => ({
  runner,
  path: `${runner}.json`,
  content: null,
})

const cases: Array<{
  name: string
  given: RunnerFile[]
  exitCode?: number
  want: { line: string; note?: RegExp }
}> = [
  {
    name: 'sums passed, failed and skipped (pending + todo) across both runners',
    given: [vitest(), playwright()],
    want: { line: '11 passed, 0 failed, 3 skipped' },
  },
  {
    name: 'counts failed tests of both runners',
    given: [vitest({ numFailedTests: 2, success: false }), playwright({ unexpected: 1 })],
    exitCode: 1,
    want: { line: '11 passed, 3 failed, 3 skipped' },
  },
  {
    name: 'counts a runner whose file is missing as 1 failed',
    given: [vitest(), missing('playwright')],
    exitCode: 1,
    want: { line: '8 passed, 1 failed, 2 skipped', note: /playwright: no results file/ },
  },
  {
    name: 'counts both runners missing as 2 failed',
    given: [missing('vitest'), missing('playwright')],
    want: { line: '0 passed, 2 failed, 0 skipped' },
  },
  {
    name: 'counts a file that is not JSON as 1 failed',
    given: [
      { runner: 'vitest', path: 'vitest.json', content: '{"numPassedTests": 3,' },
      playwright(),
    ],
    want: { line: '3 passed, 1 failed, 1 skipped', note: /not JSON/ },
  },
  {
    name: 'counts JSON without the expected counts as 1 failed',
    given: [vitest(), { runner: 'playwright', path: 'p.json', content: '{"suites": []}' }],
    want: { line: '8 passed, 1 failed, 2 skipped', note: /no stats/ },
  },
  {
    name: 'counts a Vitest file that failed to import as 1 failed even with 0 failed tests',
    given: [
      vitest({
        numFailedTests: 0,
        success: false,
        testResults: [
          {
            name: '/r/tests/unit/b.test.ts',
            status: 'failed',
            message: "Cannot find module './nope.ts'",
            assertionResults: [],
          },
          {
            name: '/r/tests/unit/c.test.ts',
            status: 'failed',
            message: '',
            assertionResults: [{ status: 'passed' }, { status: 'failed' }],
          },
        ],
      }),
      playwright(),
    ],
    want: { line: '11 passed, 1 failed, 3 skipped', note: /b\.test\.ts failed without running/ },
  },
  {
    name: 'counts Vitest success=false with no failure anywhere as 1 failed',
    given: [vitest({ success: false, testResults: [] }), playwright()],
    want: { line: '11 passed, 1 failed, 3 skipped', note: /success=false/ },
  },
  {
    name: 'counts Playwright flaky tests as passed, with a note',
    given: [vitest(), playwright({ flaky: 2 })],
    want: { line: '13 passed, 0 failed, 3 skipped', note: /2 flaky/ },
  },
  {
    name: 'counts each Playwright top-level error (webServer did not start) as failed',
    given: [
      vitest(),
      playwright({ expected: 0, skipped: 0 }, [
        { message: 'Error: Process from config.webServer was not able to start. Exit code: 1' },
      ]),
    ],
    exitCode: 1,
    want: { line: '8 passed, 1 failed, 2 skipped', note: /webServer/ },
  },
  {
    name: 'counts a failed test command (lint, tsc) with all tests green as 1 failed',
    given: [vitest(), playwright()],
    exitCode: 2,
    want: { line: '11 passed, 1 failed, 3 skipped', note: /exited 2/ },
  },
  {
    name: 'does not add a failure for a non-zero exit that runners already explain',
    given: [vitest({ numFailedTests: 1, success: false }), playwright()],
    exitCode: 1,
    want: { line: '11 passed, 1 failed, 3 skipped' },
  },
  {
    name: 'counts no runner at all as 1 failed',
    given: [],
    want: { line: '0 passed, 1 failed, 0 skipped' },
  },
]

// The shapes below are what Vitest's json reporter and Playwright's json reporter wrote for a
// failing test (2026-12-05), trimmed to the fields read.
describe('names every failed test, since CI shows only the end of its log', () => {
  test('a Vitest assertion: its file, full name and the first line of its message', () => {
    const summary = summarize([
      vitest({
        numFailedTests: 1,
        success: false,
        testResults: [
          {
            name: '/r/tests/http/cli.test.ts',
            status: 'failed',
            message: '',
            assertionResults: [
              {
                fullName: 'cli › prints where things are',
                status: 'failed',
                title: 'prints where things are',
                failureMessages: ['Error: Test timed out in 5000ms.\n    at x.ts:1:1'],
              },
            ],
          },
        ],
      }),
      playwright(),
    ])
    expect(summary.notes).toContain(
      'vitest: FAILED /r/tests/http/cli.test.ts › cli › prints where things are: Error: Test timed out in 5000ms.'
    )
  })

  test('a Vitest test that passed on the retry is named as flaky and counted as passed', () => {
    const summary = summarize([
      vitest({
        testResults: [
          {
            name: '/r/tests/http/cli.test.ts',
            status: 'passed',
            message: '',
            assertionResults: [
              {
                fullName: 'cli › --port',
                status: 'passed',
                failureMessages: ['Error: Test timed out in 5000ms.'],
              },
            ],
          },
        ],
      }),
      playwright(),
    ])
    expect(summary.line).toBe('11 passed, 0 failed, 3 skipped')
    expect(summary.notes).toContain(
      'vitest: FLAKY (passed on retry) /r/tests/http/cli.test.ts › cli › --port: Error: Test timed out in 5000ms.'
    )
  })

  test('a Playwright test in a describe: file:line, titles, the error without colours', () => {
    const suites = [
      {
        title: 'live.spec.ts',
        file: 'live.spec.ts',
        specs: [],
        suites: [
          {
            title: 'Compare',
            file: 'live.spec.ts',
            specs: [
              {
                title: 'pins A',
                file: 'live.spec.ts',
                line: 12,
                tests: [
                  {
                    status: 'unexpected',
                    results: [
                      {
                        status: 'failed',
                        error: {
                          message: 'Error: \u001b[2mexpect\u001b[22m(received)\n\nExpected: 2',
                        },
                      },
                    ],
                  },
                ],
              },
              {
                title: 'passes',
                file: 'live.spec.ts',
                line: 20,
                tests: [{ status: 'expected', results: [] }],
              },
            ],
          },
        ],
      },
    ]
    const file: RunnerFile = {
      runner: 'playwright',
      path: 'playwright.json',
      content: JSON.stringify({ suites, errors: [], stats: { expected: 1, unexpected: 1 } }),
    }
    const notes = summarize([vitest(), file]).notes
    expect(notes).toEqual([
      'playwright: FAILED live.spec.ts:12 › Compare › pins A: Error: expect(received)',
    ])
  })
})

describe('summarize', () => {
  test.each(cases)('$name', ({ given, exitCode, want }) => {
    const summary = summarize(given, exitCode === undefined ? {} : { exitCode })
    expect(summary.line).toBe(want.line)
    expect(summary.line).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/)
    if (want.note) expect(summary.notes.join('\n')).toMatch(want.note)
  })
})

describe('readResults', () => {
  test('reads <dir>/vitest.json and <dir>/playwright.json, null when missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ei-summarize-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(path.join(dir, 'vitest.json'), '{"numPassedTests":1,"numFailedTests":0}')
    const files = readResults(dir)
    expect(files.map((f) => [f.runner, f.content])).toEqual([
      ['vitest', '{"numPassedTests":1,"numFailedTests":0}'],
      ['playwright', null],
    ])
    expect(summarize(files).line).toBe('1 passed, 1 failed, 0 skipped')
  })
})

describe('summarizeRuns (CI: the whole suite once per Node.js version)', () => {
  test("sums every run into one line and keeps each run's own line", () => {
    const summary = summarizeRuns([
      { label: 'node-v20.20.2', files: [vitest(), playwright()], exitCode: 0 },
      { label: 'node-v24.21.0', files: [vitest(), playwright({ unexpected: 1 })], exitCode: 1 },
    ])
    expect(summary.line).toBe('22 passed, 1 failed, 6 skipped')
    expect(summary.runs.map((run) => run.line)).toEqual([
      '11 passed, 0 failed, 3 skipped',
      '11 passed, 1 failed, 3 skipped',
    ])
  })

  test('a run that failed outside its tests, or never ran, still counts as failed', () => {
    const summary = summarizeRuns([
      { label: 'node-v20.20.2', files: [vitest(), playwright()], exitCode: 0 },
      { label: 'node-v24.21.0', files: [vitest(), playwright()], exitCode: 1 },
      { label: 'node-v22.12.0', files: [missing('vitest'), missing('playwright')] },
    ])
    expect(summary.line).toBe('22 passed, 3 failed, 6 skipped')
    expect(summary.notes.join('\n')).toMatch(/^node-v24\.21\.0: the test command exited 1/m)
    expect(summary.notes.join('\n')).toMatch(/^node-v22\.12\.0: vitest: no results file/m)
  })

  test('each failed CI check of a run (engine warnings on install) is 1 failed', () => {
    const summary = summarizeRuns([
      {
        label: 'node-v24.21.0',
        files: [vitest(), playwright()],
        exitCode: 0,
        failedChecks: ['npm install printed 2 engine warnings on Node v24.21.0'],
      },
    ])
    expect(summary.line).toBe('11 passed, 1 failed, 3 skipped')
    expect(summary.notes).toContain(
      'node-v24.21.0: CI check failed: npm install printed 2 engine warnings on Node v24.21.0'
    )
  })

  test('no run at all is 1 failed', () => {
    expect(summarizeRuns([]).line).toBe('0 passed, 1 failed, 0 skipped')
  })

  test('readRun takes the label from the dir and the exit status from <dir>/exit-code', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ei-summarize-'))
    onTestFinished(() => rmSync(root, { recursive: true, force: true }))
    const dir = path.join(root, 'node-v24.21.0')
    mkdirSync(dir)
    writeFileSync(path.join(dir, 'vitest.json'), '{"numPassedTests":2,"numFailedTests":0}')
    writeFileSync(path.join(dir, 'exit-code'), '2\n')
    writeFileSync(path.join(dir, 'failed-checks'), 'engine warnings\n')
    const run = readRun(dir)
    expect(run).toMatchObject({
      label: 'node-v24.21.0',
      exitCode: 2,
      failedChecks: ['engine warnings'],
    })
    expect(readRun(root).exitCode).toBeUndefined()
  })
})
