/**
 * @module
 * Where this package is installed and which version it is, from its own package.json.
 *
 * The folder is found by walking up from this module, not by a fixed `..`: the same code
 * runs as TypeScript in a clone (server/host/) and bundled into dist/server/main.js by
 * `npm run build`, which an install puts under node_modules/environ-inspector/.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const NAME = 'environ-inspector'

/** Our package.json's folder and version, searched for from `start` upwards. */
export function findPackage(start: string): { root: string; version: string } {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = readManifest(join(dir, 'package.json'))
    if (manifest?.name === NAME && typeof manifest.version === 'string') {
      return { root: dir, version: manifest.version }
    }
    if (dirname(dir) === dir) throw new Error(`no package.json of ${NAME} in ${start} or above`)
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined // missing, unreadable or not JSON: keep looking further up
  }
}

const found = findPackage(dirname(fileURLToPath(import.meta.url)))

/** The package's folder: package.json, README.md and the built UI (dist/web) are in it. */
export const PACKAGE_ROOT = found.root

/** The version in package.json: what `--version`, the banner and the health API report. */
export const VERSION = found.version
