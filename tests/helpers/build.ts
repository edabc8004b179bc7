/**
 * @module
 * The built package (`npm run build`: dist/server/main.js and dist/web/) for the tests that
 * need it: packing and installing it, and the Dockerfile's entry point.
 *
 * `npm test` builds before Vitest runs, so this finds a fresh build and does nothing. Run on
 * their own, these tests build first when dist/ is missing or older than the sources; a lock
 * keeps two test files from building into the same folder at once.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, rmdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SERVER_BUNDLE } from '../../server/build/vite.config.ts'
import { newestMtime } from '../../server/host/ui-bundle.ts'
import { REPO_ROOT } from './inspector-process.ts'

/** The built server (the package's bin) and the built UI's page, from the repository root. */
export const BUILT_SERVER = SERVER_BUNDLE
export const BUILT_UI = 'dist/web/index.html'

/** What the build reads: a change to any of these makes dist/ stale. */
const SOURCES = ['server', 'web', 'vite.config.ts', 'package.json']

const LOCK = join(REPO_ROOT, 'dist/.build-lock')
const STALE_LOCK_MS = 180_000

/** When `path`, or the newest file under it, last changed. */
function changedAt(path: string): number {
  const stat = statSync(path)
  return stat.isDirectory() ? newestMtime(path) : stat.mtimeMs
}

/** Whether either built file is missing or older than a source file. */
export function buildIsStale(root: string = REPO_ROOT): boolean {
  const built = [BUILT_SERVER, BUILT_UI].map((file) => join(root, file))
  if (!built.every((file) => existsSync(file))) return true
  const builtAt = Math.min(...built.map((file) => statSync(file).mtimeMs))
  return SOURCES.some((source) => changedAt(join(root, source)) > builtAt)
}

/**
 * The environment `npm run build` gets from a test: Vitest's own variables left out, since
 * NODE_ENV=test would make a development build of the UI (Preact's debug code included).
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const key of Object.keys(env)) {
    if (key === 'NODE_ENV' || key.startsWith('VITEST') || key === 'TEST') delete env[key]
  }
  return env
}

/** Run `npm run build` unless dist/ is fresh; at most one build at a time. */
export async function ensureBuilt(): Promise<void> {
  if (!buildIsStale()) return
  mkdirSync(join(REPO_ROOT, 'dist'), { recursive: true })
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      // a build takes well under a minute: a lock this old was left by a killed test run
      const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()
      if (Date.now() - since > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    // another test file may have built while this one waited for the lock
    if (buildIsStale()) {
      await promisify(execFile)('npm', ['run', 'build'], {
        cwd: REPO_ROOT,
        env: buildEnv(),
        maxBuffer: 16 * 1024 * 1024,
      })
    }
  } finally {
    rmdirSync(LOCK)
  }
}
