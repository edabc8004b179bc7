/**
 * The Node.js versions we support are package.json's `engines.node`. npm warns
 * (EBADENGINE) when it installs a package whose own `engines.node` the running Node does not
 * satisfy; so on every version we support, each package in the lockfile must accept it.
 * CI also installs from scratch on the machine's Node and on Node 24 and reads npm's output
 * (.ci/run); this test says which package is at fault, on any machine, before that.
 */
import { readFileSync } from 'node:fs'
import semver from 'semver'
import { describe, expect, test } from 'vitest'

interface Manifest {
  engines?: { node?: string }
}

const read = <T>(file: string): T =>
  JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as T

const manifest = read<Manifest>('package.json')
const lock = read<{ packages: Record<string, Manifest> }>('package-lock.json')
const supported = manifest.engines?.node ?? ''

describe('supported Node.js versions (package.json engines)', () => {
  test('are the LTS lines from 22.13 on: 20 (end of life) is out, 22 and 24 are in', () => {
    expect(supported).toBe('^22.13.0 || >=24')
    for (const version of ['22.13.0', '22.23.3', '24.0.0', '24.21.0', '26.10.0']) {
      expect(semver.satisfies(version, supported), version).toBe(true)
    }
    for (const version of ['20.20.2', '22.12.0', '23.11.0']) {
      expect(semver.satisfies(version, supported), version).toBe(false)
    }
  })

  test('are accepted by every package in package-lock.json (no engine warning on install)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, pkg]) => path !== '' && pkg.engines?.node !== undefined)
      .filter(([, pkg]) => !semver.subset(supported, pkg.engines?.node as string))
      .map(([path, pkg]) => `${path.replace(/^.*node_modules\//, '')} wants ${pkg.engines?.node}`)
    expect(refusing).toEqual([])
  })

  test('the lockfile records the same engines as package.json', () => {
    expect(lock.packages['']?.engines).toEqual(manifest.engines)
  })
})
