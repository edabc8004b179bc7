/**
 * @module
 * Make sure a system Chromium exists before Playwright launches it.
 *
 * Playwright's own browser download is not used (and fails on closed networks). Order of
 * preference: `CHROMIUM_PATH`, `/usr/bin/chromium`, `/usr/bin/chromium-browser`. When none
 * exists and we run as root on Debian/Ubuntu, install the distribution's `chromium` package;
 * otherwise stop with a message that says how to install it.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/** Return the first Chromium binary that exists, or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const paths = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH, ...CANDIDATES] : CANDIDATES
  return paths.find((path) => existsSync(path))
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

function installWithApt(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  console.log('[global-setup] Chromium not found; installing Debian package "chromium" (apt-get)…')
  execFileSync('apt-get', ['update'], { env, stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    env,
    stdio: 'inherit',
  })
}

export default function globalSetup(): void {
  let found = findChromium()
  if (!found && isRoot() && existsSync('/usr/bin/apt-get')) {
    installWithApt()
    found = findChromium()
  }
  if (!found) {
    throw new Error(
      [
        'No Chromium found for the browser tests (looked at $CHROMIUM_PATH, ' +
          `${CANDIDATES.join(', ')}).`,
        'Install the system package, e.g. `sudo apt-get install chromium` (Debian) or',
        '`sudo apt-get install chromium-browser` (Ubuntu), or set CHROMIUM_PATH to a',
        'Chromium/Chrome binary. Do not use `npx playwright install`: these tests run on the',
        "distribution's browser.",
      ].join('\n')
    )
  }
  // the config reads CHROMIUM_PATH when it launches; point it at what we found
  process.env.CHROMIUM_PATH = found
}
