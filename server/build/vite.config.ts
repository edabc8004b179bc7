/**
 * The server's build: `npm run build` bundles server/main.ts and every module it imports
 * (ours, and the plain data it shares with the UI) into one ES module, dist/server/main.js,
 * the package's `bin`. An installed package then runs with plain `node`: no TypeScript, no
 * tsx, no web/ sources, only the built UI in dist/web beside it.
 *
 * It is Vite's SSR build, i.e. the same bundler (rolldown) as the UI's build in
 * vite.config.ts: packages from node_modules stay imports (they are the package's
 * `dependencies`, installed next to it), node: built-ins stay built-ins.
 */
import { basename, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/** The built server, relative to the repository root: package.json's `bin` points here. */
export const SERVER_BUNDLE = 'dist/server/main.js'

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  // nothing to copy: the UI's build owns dist/web
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'server/main.ts',
    outDir: dirname(SERVER_BUNDLE),
    emptyOutDir: true,
    // the oldest Node the package supports (package.json engines)
    target: 'node22.13',
    // readable stack traces in bug reports, without source maps
    minify: false,
    rolldownOptions: {
      output: {
        entryFileNames: basename(SERVER_BUNDLE),
        // the file is the package's bin: run by `npx environ-inspector` or from PATH
        banner: '#!/usr/bin/env node',
      },
    },
  },
})
