import preact from '@preact/preset-vite'
import { defineConfig } from 'vitest/config'
import { precompress } from './web/build/precompress.ts'
import { sizeBudget } from './web/build/size-budget.ts'

// CI sets EI_RESULTS_DIR so .ci/run can sum every runner's counts into one line
const resultsDir = process.env.EI_RESULTS_DIR

export default defineConfig({
  root: 'web',
  base: '/_inspector/',
  // The first load is what the Inspect page shows before anything is sent: the header, the
  // composer in Browser mode (method, path, the Query tab) and the empty result. Everything
  // else loads with the action that needs it (web/components/lazy-views.tsx,
  // web/state/lazy-models.ts): a result's views and copy formats with the first send, fetched
  // while the request is in flight; Exact mode, the key explanation and docs, Compare, the
  // Headers, Body and Raw tabs, the examples and history drawer, the Live and Proxy pages
  // with their own first use. Issue 3's budget is 30 KiB.
  plugins: [preact(), sizeBudget({ initialKb: 30 }), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // browsers without <link rel=modulepreload> (Safari < 17, Firefox < 115) still load every
    // chunk, only without the head start; the polyfill would cost them all 0.2 KiB
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Three groups, so the page loads in few requests (HTTP/1.1 fetches six at a time):
        // - framework: preact, signals and the class-name helper every chunk uses; it stays
        //   cached across releases of the UI;
        // - app: whatever the entry needs at once ($initial), kept in the entry (left alone
        //   the bundler splits modules it shares with lazy chunks into chunks of their own);
        // - result: a result's views (the environ table, the request as sent), which load
        //   together on the first Send, in one JS and one CSS file instead of ten.
        codeSplitting: {
          groups: [
            { name: 'framework', test: /node_modules\/(preact|@preact)\/|web\/lib\/cx\.ts/ },
            { name: 'app', tags: ['$initial'], includeDependenciesRecursively: false },
            {
              name: 'result',
              includeDependenciesRecursively: false,
              test: /web\/components\/(result-view|result-bar|request-view|environ-table|environ-grid|visible-text)\.|web\/logic\/(groups|visible)\.ts|environ-key-groups\.ts/,
            },
          ],
        },
      },
    },
  },
  server: {
    // the dev UI talks to `npm run dev:server` (port 3000) for the echo and the API
    proxy: { '^/(?!_inspector/(?!api))': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    include: ['tests/unit/**/*.test.ts', 'tests/http/**/*.test.ts', 'tests/hostile/**/*.test.ts'],
    environment: 'node',
    // CI runs two Nodes' suites on a shared 2-core machine, where a test that spawns the CLI can
    // miss its timeout under load: one retry there, and the summary names every retried test
    // (tests/ci/summarize.ts), so a flake is reported, never hidden. Locally a failure is final.
    retry: process.env.CI ? 1 : 0,
    reporters: resultsDir
      ? ['default', ['json', { outputFile: `${resultsDir}/vitest.json` }]]
      : ['default'],
  },
})
