import preact from '@preact/preset-vite'
import { defineConfig } from 'vitest/config'
import { sizeBudget } from './web/build/size-budget.ts'

// CI sets EI_RESULTS_DIR so .ci/run can sum every runner's counts into one line
const resultsDir = process.env.EI_RESULTS_DIR

export default defineConfig({
  root: 'web',
  base: '/_inspector/',
  // The first load is what it takes to compose a request in Browser mode, send it and read
  // the request and its environ (keys grouped by environ-key-groups.ts). Everything a user
  // reaches by an action loads on demand, so Browser-mode visits do not pay for it: Exact
  // mode, the key explanation and the long key docs, Compare, the Headers, Body and Raw tabs,
  // the examples and history drawer, the copy formats, the Live and Proxy pages (see
  // web/components/on-demand.tsx, web/state/on-demand.ts). That took it from 48.6 to 31.5
  // KiB; issue 3 asked for 30, and what is left is the framework (preact + signals, ~8 KiB),
  // the CSS on screen (~5.5) and the compose-send-read code itself. The budget stops creep.
  plugins: [preact(), sizeBudget({ initialKb: 32 })],
  build: { outDir: '../dist/web', emptyOutDir: true },
  server: {
    // the dev UI talks to `npm run dev:server` (port 3000) for the echo and the API
    proxy: { '^/(?!_inspector/(?!api))': 'http://127.0.0.1:3000' },
  },
  test: {
    root: '.',
    include: ['tests/unit/**/*.test.ts', 'tests/http/**/*.test.ts', 'tests/hostile/**/*.test.ts'],
    environment: 'node',
    reporters: resultsDir
      ? ['default', ['json', { outputFile: `${resultsDir}/vitest.json` }]]
      : ['default'],
  },
})
