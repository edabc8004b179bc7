/**
 * @module
 * Run the real Flask, Django and Starlette/FastAPI (Debian's packages, under /usr/bin/python3)
 * on environs and scopes, through tests/helpers/frameworks_oracle.py.
 *
 * The packages are set up the way tests/browser/global-setup.ts sets up Chromium: when a
 * module is missing and we run as root on Debian, `apt-get install` the package; otherwise
 * stop with a message that names the packages to install.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { EvaluationJson } from '../../server/contract/api/frameworks.ts'

export const PYTHON = '/usr/bin/python3'
const ORACLE = join(import.meta.dirname, 'frameworks_oracle.py')

/** The Python modules the oracle imports, and the Debian package of each. */
export const FRAMEWORK_PACKAGES: Readonly<Record<string, string>> = {
  flask: 'python3-flask',
  werkzeug: 'python3-werkzeug',
  django: 'python3-django',
  starlette: 'python3-starlette',
  fastapi: 'python3-fastapi',
}

export interface OracleCase {
  readonly id: string
  readonly environ: Readonly<Record<string, string>>
  readonly scope: unknown
  readonly settings: {
    readonly flask: Readonly<Record<string, unknown>>
    readonly django: Readonly<Record<string, unknown>>
    readonly starlette: Readonly<Record<string, unknown>>
  }
  /** Also evaluate Starlette on the scope uvicorn < 0.26 builds (root_path not in path). */
  readonly legacy_scope?: boolean
}

export type OracleAnswers = Record<string, Record<string, EvaluationJson>>

export interface OracleResult {
  readonly versions: Readonly<Record<string, string>>
  readonly answers: Readonly<Record<string, OracleAnswers>>
}

function missingModules(): string[] {
  if (!existsSync(PYTHON)) return Object.keys(FRAMEWORK_PACKAGES)
  const script = `import importlib.util, json; print(json.dumps([m for m in ${JSON.stringify(Object.keys(FRAMEWORK_PACKAGES))} if importlib.util.find_spec(m) is None]))`
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { encoding: 'utf8' })) as string[]
}

/** Make sure the frameworks import under /usr/bin/python3; install them with apt-get when root. */
export function ensureFrameworks(): void {
  let missing = missingModules()
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (missing.length > 0 && isRoot && existsSync('/usr/bin/apt-get')) {
    const packages = [
      ...(existsSync(PYTHON) ? [] : ['python3']),
      ...missing.map((m) => FRAMEWORK_PACKAGES[m] as string),
    ]
    console.log(`[frameworks] installing Debian packages: ${packages.join(' ')} (apt-get)…`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env,
      stdio: 'inherit',
    })
    missing = missingModules()
  }
  if (missing.length > 0) {
    throw new Error(
      [
        `The frameworks differential tests need ${missing.join(', ')} under ${PYTHON}.`,
        `Install the Debian packages: sudo apt-get install ${missing.map((m) => FRAMEWORK_PACKAGES[m]).join(' ')}`,
        '(the tests run the real frameworks Debian ships; a pip install elsewhere is not used).',
      ].join('\n')
    )
  }
}

/** Evaluate every case with the real frameworks, in one Python process. */
export function runOracle(cases: readonly OracleCase[]): Promise<OracleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [ORACLE], {
      env: { LANG: 'C.UTF-8', PATH: '/usr/bin:/bin' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`frameworks_oracle.py exited with ${code}\n${err}`))
        return
      }
      try {
        resolve(JSON.parse(out) as OracleResult)
      } catch {
        reject(new Error(`frameworks_oracle.py printed something unexpected:\n${out}\n${err}`))
      }
    })
    child.stdin.end(JSON.stringify({ cases }))
  })
}
