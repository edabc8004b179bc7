/**
 * The package as users get it: `npm pack`, installed into an empty folder with production
 * dependencies only (as `npx environ-inspector` and `npm install -g` do), then run with plain
 * `node`: no TypeScript, no tsx, no web/ sources, only what the tarball and its
 * dependencies hold.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BUILT_SERVER, ensureBuilt } from '../helpers/build.ts'
import { killOnExit } from '../helpers/children.ts'
import { parseBanner, REPO_ROOT } from '../helpers/inspector-process.ts'

const run = promisify(execFile)
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string
  bin: Record<string, string>
  dependencies: Record<string, string>
}

/** npm and the installed package see none of the test run's npm_config_* settings. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[key]
    if (value !== undefined) env[key] = value
  }
  return env
}

function npm(args: string[], cwd: string) {
  return run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd,
    env: cleanEnv(),
    maxBuffer: 16 * 1024 * 1024,
  })
}

interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** Start `command` in its own process group; resolve with the echo URL from its banner. */
function serve(
  command: string,
  args: string[],
  cwd: string
): Promise<{ url: string; output: () => string; stop: () => Promise<Exit> }> {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: cleanEnv(),
    detached: true, // npx runs the bin in a child: stop them together
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  killOnExit(child)
  let output = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    output += d
  })
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    output += d
  })
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  )
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM')
    }
    return exited
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`no banner after 20 s:\n${output}`))
    }, 20_000)
    child.stdout?.on('data', () => {
      const banner = parseBanner(output)
      if (banner) {
        clearTimeout(timer)
        resolve({ url: banner.url, output: () => output, stop })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited (code ${code}) before its banner:\n${output}`))
    })
  })
}

/** The echo answers with the environ, and the UI's page and its first script load. */
async function expectEchoAndUi(url: string): Promise<void> {
  const environ = (await (await fetch(`${url}foo/bar?baz=bat`)).json()) as Record<string, string>
  expect(environ).toMatchObject({
    PATH_INFO: '/foo/bar',
    QUERY_STRING: 'baz=bat',
    'wsgi.url_scheme': 'http',
  })
  const page = await fetch(`${url}_inspector/`)
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toMatch(/^text\/html/)
  const html = await page.text()
  const script = /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1]
  expect(script, html).toMatch(/^\/_inspector\/assets\/.+\.js$/)
  const js = await fetch(new URL(script as string, url))
  expect(js.status).toBe(200)
  expect(js.headers.get('content-type')).toMatch(/javascript/)
  const health = (await (await fetch(`${url}_inspector/api/health`)).json()) as { version: string }
  expect(health.version).toBe(manifest.version)
}

describe('the npm package', () => {
  let work: string
  let tarball: string
  let packed: string[]

  beforeAll(async () => {
    await ensureBuilt()
    work = mkdtempSync(join(tmpdir(), 'ei-package-'))
    const { stdout } = await npm(['pack', '--json', '--pack-destination', work], REPO_ROOT)
    const [pack] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }]
    tarball = join(work, pack.filename)
    packed = pack.files.map((f) => f.path)
  }, 300_000)

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  test('ships the built server and UI, and no sources or tests', () => {
    expect(manifest.bin).toEqual({ 'environ-inspector': BUILT_SERVER })
    expect(packed).toContain(BUILT_SERVER)
    expect(packed).toContain('dist/web/index.html')
    expect(packed).toContain('README.md')
    for (const path of packed) {
      expect(path, 'only dist/, the manifest and the README ship').toMatch(
        /^(dist\/(server|web)\/|package\.json$|README\.md$|LICENSE$)/
      )
      expect(path).not.toMatch(/\.tsx?$/)
    }
  })

  test('the built server imports exactly the dependencies, and no dev dependency', () => {
    const bundle = readFileSync(join(REPO_ROOT, BUILT_SERVER), 'utf8')
    expect(bundle.startsWith('#!/usr/bin/env node\n')).toBe(true)
    const packages = new Set(
      [...bundle.matchAll(/^import\s[^'"]*?from\s+"([^"]+)";$/gm)]
        .map((m) => m[1] as string)
        .filter((specifier) => !specifier.startsWith('node:'))
        .map((specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/'))
    )
    expect([...packages].sort()).toEqual(Object.keys(manifest.dependencies).sort())
    // the one dynamic import: Vite, to build a missing UI in a clone; never in the package
    expect([...bundle.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['vite'])
  })

  test('installed with production dependencies only, `npx environ-inspector` serves', async () => {
    const folder = join(work, 'npx')
    mkdirSync(folder)
    await npm(['install', '--omit=dev', tarball], folder)
    const installed = join(folder, 'node_modules')
    expect(existsSync(join(installed, 'environ-inspector', BUILT_SERVER))).toBe(true)
    for (const dev of ['tsx', 'typescript', 'vite', 'preact', '@types/node']) {
      expect(existsSync(join(installed, dev)), `${dev} is not installed`).toBe(false)
    }
    expect(existsSync(join(installed, 'environ-inspector', 'server'))).toBe(false)
    expect(existsSync(join(installed, 'environ-inspector', 'web'))).toBe(false)

    const { stdout } = await run('npx', ['--no-install', 'environ-inspector', '--version'], {
      cwd: folder,
      env: cleanEnv(),
    })
    expect(stdout).toMatch(
      new RegExp(`^environ-inspector ${manifest.version.replaceAll('.', '\\.')} \\(Node\\.js v\\d+`)
    )

    const server = await serve('npx', ['--no-install', 'environ-inspector', '--port', '0'], folder)
    try {
      await expectEchoAndUi(server.url)
      expect(server.output()).not.toContain('building the UI')
    } finally {
      // the server exits 0 on SIGTERM; npm exec, which ran it, ends with the signal itself
      expect([
        { code: 0, signal: null },
        { code: null, signal: 'SIGTERM' },
      ]).toContainEqual(await server.stop())
    }
  }, 120_000)

  test('`npm install -g` puts a working environ-inspector on PATH', async () => {
    const prefix = join(work, 'global')
    await npm(['install', '--global', '--prefix', prefix, '--omit=dev', tarball], work)
    const bin = join(prefix, 'bin', 'environ-inspector')
    const { stdout: help } = await run(bin, ['--help'], { env: cleanEnv() })
    expect(help).toMatch(/^Usage: environ-inspector \[options\]/)
    expect(help).toContain('Examples:')

    const server = await serve(bin, ['--port', '0', '--profile', 'gunicorn'], work)
    try {
      await expectEchoAndUi(server.url)
      const environ = (await (await fetch(server.url)).json()) as Record<string, string>
      expect(environ.SERVER_SOFTWARE).toMatch(/^gunicorn\//)
    } finally {
      expect(await server.stop()).toEqual({ code: 0, signal: null })
    }
  }, 120_000)
})
