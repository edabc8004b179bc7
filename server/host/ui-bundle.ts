/**
 * @module
 * Make sure the built UI exists before serving it: `npm install && npm start` must work on
 * a fresh clone, and npm runs no install hooks here (`ignore-scripts`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Newest modification time under `dir`, in ms. */
export function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const mtime = entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs
    if (mtime > newest) newest = mtime
  }
  return newest
}

/** Whether `dist/web` is missing or older than the sources in `web/`. */
export function uiBundleIsStale(root: string): boolean {
  const index = join(root, 'dist/web/index.html')
  if (!existsSync(index)) return true
  const sources = join(root, 'web')
  if (!existsSync(sources)) return false // a deployed bundle without sources is fine
  return newestMtime(sources) > statSync(index).mtimeMs
}

/**
 * Build the UI with Vite when it is missing or stale. Returns a note for the banner, or
 * throws when Vite is not installed (production installs ship a prebuilt `dist/web`).
 */
export async function ensureUiBundle(root: string, log: (line: string) => void): Promise<void> {
  if (!uiBundleIsStale(root)) return
  log('  building the UI (dist/web is missing or older than web/)…')
  const vite = await import('vite')
  await vite.build({
    root: join(root, 'web'),
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
  })
}
