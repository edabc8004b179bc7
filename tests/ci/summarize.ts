// Sums the test counts of every runner into the one plain line CI reads:
//   N passed, N failed, N skipped
//
// Usage (from .ci/run):  npx tsx tests/ci/summarize.ts <results-dir>... [--exit-code N]
// Reads <results-dir>/vitest.json (Vitest's Jest-compatible JSON reporter) and
// <results-dir>/playwright.json (Playwright's JSON reporter). Notes go to stderr; the summary
// line is the last thing written to stdout. Exits 1 when anything failed.
//
// CI runs the whole suite once per Node.js version, each into its own results dir, and
// writes the test command's exit status to <results-dir>/exit-code, and one line per failed
// check of its own (an install that printed engine warnings) to <results-dir>/failed-checks,
// each counted as 1 failed. Given several dirs, the
// line sums every run, and each run's own line goes to stderr, named after its dir.
//
// A crashed runner must never look green, so:
// * a runner whose file is missing or unreadable counts as 1 failed;
// * a Vitest file that failed without a failed test (import error, syntax error) counts as 1
//   failed per file; Playwright's top-level errors (webServer did not start, globalSetup
//   threw…) count as 1 failed each;
// * if `npm test` exited non-zero but no runner reported a failure (type-check or lint failed,
//   unhandled error after all tests passed), that counts as 1 failed.
//
// Every failed test is named in a note (file, title, the error's first line): CI shows only
// the end of its log, so the name must come with the summary.

import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const RUNNERS = ['vitest', 'playwright'] as const
export type RunnerName = (typeof RUNNERS)[number]

export interface RunnerFile {
  runner: RunnerName
  /** Where the file was looked for (used in notes only). */
  path: string
  /** The file's text, or null if it does not exist. */
  content: string | null
}

export interface Summary {
  passed: number
  failed: number
  skipped: number
  notes: string[]
  line: string
}

interface Counts {
  passed: number
  failed: number
  skipped: number
  notes: string[]
}

type Json = Record<string, unknown>

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function count(obj: Json, key: string): number | null {
  const v = obj[key]
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null
}

/** The first line of a test's first failure message, cut to one readable line. */
function firstLine(messages: unknown): string {
  const first = Array.isArray(messages) ? messages[0] : messages
  const text =
    typeof first === 'string' ? first : isObject(first) ? String(first.message ?? '') : ''
  // strip ANSI colours: the reporters keep them in messages
  const line =
    text
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trim()
      .split('\n')[0] ?? ''
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}

function vitestFailures(results: unknown[]): string[] {
  const notes: string[] = []
  for (const r of results) {
    if (!isObject(r)) continue
    const assertions = Array.isArray(r.assertionResults) ? r.assertionResults : []
    for (const a of assertions) {
      if (!isObject(a)) continue
      // a test that passed on CI's retry keeps the first attempt's failure message
      const flaky =
        a.status === 'passed' && Array.isArray(a.failureMessages) && a.failureMessages.length > 0
      if (a.status !== 'failed' && !flaky) continue
      const title = typeof a.fullName === 'string' ? a.fullName : String(a.title ?? '')
      const what = flaky ? 'FLAKY (passed on retry)' : 'FAILED'
      notes.push(`vitest: ${what} ${String(r.name)} › ${title}: ${firstLine(a.failureMessages)}`)
    }
  }
  return notes
}

/** Playwright nests suites (file › describe) holding specs, each with a test per project. */
function playwrightFailures(suites: unknown, titles: string[] = []): string[] {
  if (!Array.isArray(suites)) return []
  const notes: string[] = []
  for (const suite of suites) {
    if (!isObject(suite)) continue
    const path = suite.title === undefined ? titles : [...titles, String(suite.title)]
    for (const spec of Array.isArray(suite.specs) ? suite.specs : []) {
      if (!isObject(spec)) continue
      for (const t of Array.isArray(spec.tests) ? spec.tests : []) {
        if (!isObject(t) || (t.status !== 'unexpected' && t.status !== 'flaky')) continue
        const results = Array.isArray(t.results) ? t.results : []
        const failure = results.find((r) => isObject(r) && r.status !== 'passed')
        const error = isObject(failure) ? firstLine(failure.error ?? failure.errors) : ''
        const what = t.status === 'flaky' ? 'FLAKY (passed on retry)' : 'FAILED'
        const where = `${String(spec.file ?? '')}:${String(spec.line ?? '')}`
        notes.push(
          `playwright: ${what} ${where} › ${[...path.slice(1), String(spec.title)].join(' › ')}: ${error}`
        )
      }
    }
    notes.push(...playwrightFailures(suite.suites, path))
  }
  return notes
}

function broken(runner: RunnerName, file: string, why: string): Counts {
  return {
    passed: 0,
    failed: 1,
    skipped: 0,
    notes: [`${runner}: ${why} (${file}); counted as 1 failed`],
  }
}

function vitestCounts(data: Json, file: string): Counts {
  const passed = count(data, 'numPassedTests')
  const failed = count(data, 'numFailedTests')
  if (passed === null || failed === null) {
    return broken('vitest', file, 'numPassedTests/numFailedTests missing')
  }
  const skipped = (count(data, 'numPendingTests') ?? 0) + (count(data, 'numTodoTests') ?? 0)
  // Test files that failed without any failed test in them: they never ran their tests.
  let brokenFiles = 0
  const results = Array.isArray(data.testResults) ? data.testResults : []
  const notes = vitestFailures(results)
  for (const r of results) {
    if (!isObject(r) || r.status !== 'failed') continue
    const assertions = Array.isArray(r.assertionResults) ? r.assertionResults : []
    if (assertions.some((a) => isObject(a) && a.status === 'failed')) continue
    brokenFiles++
    const message = typeof r.message === 'string' ? r.message.split('\n')[0] : ''
    notes.push(`vitest: ${String(r.name)} failed without running its tests: ${message}`)
  }
  if (failed + brokenFiles === 0 && data.success === false) {
    notes.push('vitest: reported success=false with no failed test; counted as 1 failed')
    return { passed, failed: 1, skipped, notes }
  }
  return { passed, failed: failed + brokenFiles, skipped, notes }
}

function playwrightCounts(data: Json, file: string): Counts {
  const stats = data.stats
  if (!isObject(stats)) return broken('playwright', file, 'no stats object')
  const expected = count(stats, 'expected')
  const unexpected = count(stats, 'unexpected')
  if (expected === null || unexpected === null) {
    return broken('playwright', file, 'stats.expected/stats.unexpected missing')
  }
  const flaky = count(stats, 'flaky') ?? 0
  const skipped = count(stats, 'skipped') ?? 0
  const notes = playwrightFailures(data.suites)
  if (flaky > 0) notes.push(`playwright: ${flaky} flaky test(s) passed on retry; counted as passed`)
  const errors = Array.isArray(data.errors) ? data.errors : []
  for (const e of errors) {
    const message =
      isObject(e) && typeof e.message === 'string' ? e.message.split('\n')[0] : String(e)
    notes.push(`playwright: run error: ${message}`)
  }
  return { passed: expected + flaky, failed: unexpected + errors.length, skipped, notes }
}

function runnerCounts(file: RunnerFile): Counts {
  if (file.content === null) {
    return broken(file.runner, file.path, 'no results file: the runner did not run or crashed')
  }
  let data: unknown
  try {
    data = JSON.parse(file.content)
  } catch (err) {
    return broken(file.runner, file.path, `results file is not JSON (${(err as Error).message})`)
  }
  if (!isObject(data)) return broken(file.runner, file.path, 'results file is not a JSON object')
  return file.runner === 'vitest'
    ? vitestCounts(data, file.path)
    : playwrightCounts(data, file.path)
}

/**
 * Sum the runners' results. `exitCode` is the exit status of the whole test command; a
 * non-zero one with no failure reported anywhere counts as 1 failed.
 */
export function summarize(files: RunnerFile[], opts: { exitCode?: number } = {}): Summary {
  const total: Counts = { passed: 0, failed: 0, skipped: 0, notes: [] }
  for (const file of files) {
    const c = runnerCounts(file)
    total.passed += c.passed
    total.failed += c.failed
    total.skipped += c.skipped
    total.notes.push(...c.notes)
  }
  if (files.length === 0) {
    total.failed += 1
    total.notes.push('no runner results were given; counted as 1 failed')
  }
  if (opts.exitCode !== undefined && opts.exitCode !== 0 && total.failed === 0) {
    total.failed += 1
    total.notes.push(
      `the test command exited ${opts.exitCode} but no runner reported a failed test ` +
        '(lint/type-check or an unhandled error?); counted as 1 failed'
    )
  }
  return {
    ...total,
    line: `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
  }
}

/** Read `<dir>/<runner>.json` for every runner; missing files give `content: null`. */
export function readResults(dir: string, runners: readonly RunnerName[] = RUNNERS): RunnerFile[] {
  return runners.map((runner) => {
    const file = path.join(dir, `${runner}.json`)
    let content: string | null = null
    try {
      content = readFileSync(file, 'utf8')
    } catch {
      content = null
    }
    return { runner, path: file, content }
  })
}

/** One run of the whole suite (CI runs it once per Node.js version). */
export interface Run {
  /** Names the run in its notes and its own line, e.g. `node-v24.21.0`. */
  label: string
  files: RunnerFile[]
  /** The test command's exit status; unknown when the run never finished. */
  exitCode?: number
  /** Checks CI made around the tests that failed (its install printed engine warnings…). */
  failedChecks?: string[]
}

/** Sum several runs; each run's summary is kept, its notes prefixed with its label. */
export function summarizeRuns(runs: readonly Run[]): Summary & { runs: Summary[] } {
  const each = runs.map((run) => {
    const summary = summarize(
      run.files,
      run.exitCode === undefined ? {} : { exitCode: run.exitCode }
    )
    const checks = run.failedChecks ?? []
    const failed = summary.failed + checks.length
    return {
      ...summary,
      failed,
      line: `${summary.passed} passed, ${failed} failed, ${summary.skipped} skipped`,
      notes: [...summary.notes, ...checks.map((check) => `CI check failed: ${check}`)].map(
        (note) => `${run.label}: ${note}`
      ),
    }
  })
  const total = {
    passed: each.reduce((sum, s) => sum + s.passed, 0),
    failed: each.reduce((sum, s) => sum + s.failed, 0),
    skipped: each.reduce((sum, s) => sum + s.skipped, 0),
    notes: each.flatMap((s) => s.notes),
  }
  if (runs.length === 0) {
    total.failed += 1
    total.notes.push('no run was given; counted as 1 failed')
  }
  return {
    ...total,
    line: `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
    runs: each,
  }
}

/** Read a run from its results dir: the runners' files and `<dir>/exit-code` if written. */
export function readRun(dir: string): Run {
  let exitCode: number | undefined
  try {
    const n = Number(readFileSync(path.join(dir, 'exit-code'), 'utf8').trim())
    exitCode = Number.isInteger(n) ? n : 1
  } catch {
    exitCode = undefined
  }
  let failedChecks: string[] = []
  try {
    failedChecks = readFileSync(path.join(dir, 'failed-checks'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
  } catch {
    failedChecks = []
  }
  return {
    label: path.basename(dir),
    files: readResults(dir),
    ...(exitCode === undefined ? {} : { exitCode }),
    failedChecks,
  }
}

function main(argv: string[]): number {
  const i = argv.indexOf('--exit-code')
  const dirs = argv.filter((arg, index) => !arg.startsWith('--') && (i === -1 || index !== i + 1))
  if (dirs.length === 0) {
    process.stderr.write('usage: summarize.ts <results-dir>... [--exit-code N]\n')
    process.stdout.write('0 passed, 1 failed\n')
    return 2
  }
  let exitCode: number | undefined
  if (i !== -1) {
    const n = Number(argv[i + 1])
    exitCode = Number.isInteger(n) ? n : 1
  }
  const runs = dirs.map((dir) => {
    const run = readRun(dir)
    // --exit-code is the status of the one command that ran every dir's tests
    return exitCode === undefined || run.exitCode !== undefined ? run : { ...run, exitCode }
  })
  const summary = summarizeRuns(runs)
  for (const note of summary.notes) process.stderr.write(`summarize: ${note}\n`)
  if (runs.length > 1) {
    runs.forEach((run, k) => {
      process.stderr.write(`summarize: ${run.label}: ${summary.runs[k]?.line}\n`)
    })
  }
  process.stdout.write(`${summary.line}\n`)
  return summary.failed > 0 ? 1 : 0
}

const invokedAs = process.argv[1]
if (invokedAs !== undefined && path.resolve(invokedAs) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
