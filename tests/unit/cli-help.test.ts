import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, onTestFinished, test } from 'vitest'
import { parseConfig } from '../../server/cli/config.ts'
import { EXAMPLES, USAGE_INTRO } from '../../server/cli/help.ts'
import { main } from '../../server/cli.ts'
import { findPackage, PACKAGE_ROOT, VERSION } from '../../server/host/package-info.ts'

const manifest = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
) as { version: string }

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(
    argv,
    {},
    { write: (t: string) => (stdout += t) },
    { write: (t: string) => (stderr += t) }
  )
  return { code, stdout, stderr }
}

describe('--version', () => {
  test("prints package.json's version and the Node.js running it", async () => {
    expect(await cli('--version')).toEqual({
      code: 0,
      stdout: `environ-inspector ${manifest.version} (Node.js ${process.version})\n`,
      stderr: '',
    })
  })
})

describe('--help', () => {
  test('starts with how to run it, as a command, with npx and from a clone', async () => {
    const { code, stdout } = await cli('--help')
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 3)).toEqual([
      'Usage: environ-inspector [options]',
      '       npx environ-inspector [options]      (without installing it)',
      '       npm start -- [options]               (in a clone of the repository)',
    ])
  })

  test('ends with an example for each use: localhost, a reverse proxy, webhooks', async () => {
    const { stdout } = await cli('-h')
    const examples = stdout.slice(stdout.indexOf('\nExamples:\n'))
    expect(examples).toMatch(/Inspect requests on localhost\n +environ-inspector +#/)
    expect(examples).toMatch(
      /Debug a reverse proxy.*\n(.*\n)*? +environ-inspector --trusted-proxies/
    )
    expect(examples).toMatch(/Capture webhooks.*\n +environ-inspector --host 0\.0\.0\.0 --redact/)
    expect(examples).toContain('/_inspector/api/events')
    expect(examples).toContain('/_inspector/#/proxy')
  })

  test('every example command is one the CLI accepts', async () => {
    const { stdout } = await cli('--help')
    const commands = [...stdout.matchAll(/^ {4}environ-inspector( [^#\n]*?)?\s*(?:#.*)?$/gm)].map(
      (m) => (m[1] ?? '').trim()
    )
    expect(commands.length).toBeGreaterThanOrEqual(6)
    for (const command of commands) {
      const argv = command === '' ? [] : command.split(/\s+/)
      expect(() => parseConfig(argv, {}), command).not.toThrow()
    }
  })

  test('the introduction and the examples fit in 100 columns', () => {
    for (const line of `${USAGE_INTRO}${EXAMPLES}`.split('\n')) {
      expect(line.length, line).toBeLessThanOrEqual(100)
    }
  })
})

describe('package-info', () => {
  test('finds this repository from server/host/', () => {
    expect(PACKAGE_ROOT).toBe(join(import.meta.dirname, '../..'))
    expect(VERSION).toBe(manifest.version)
  })

  test("walks up past other packages' manifests to ours, at any depth", () => {
    const root = mkdtempSync(join(tmpdir(), 'ei-package-info-'))
    onTestFinished(() => rmSync(root, { recursive: true, force: true }))
    const ours = join(root, 'node_modules/environ-inspector')
    const deep = join(ours, 'dist/server')
    mkdirSync(deep, { recursive: true })
    writeFileSync(join(root, 'package.json'), '{"name": "someone-else", "version": "9.9.9"}')
    writeFileSync(join(ours, 'package.json'), '{"name": "environ-inspector", "version": "1.2.3"}')
    writeFileSync(join(ours, 'dist/package.json'), 'not json')
    expect(findPackage(deep)).toEqual({ root: ours, version: '1.2.3' })
    expect(() => findPackage(root)).toThrow(/no package\.json of environ-inspector/)
  })
})
