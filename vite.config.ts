import preact from '@preact/preset-vite'
import { defineConfig } from 'vitest/config'
import { sizeBudget } from './web/build/size-budget.ts'

// CI sets EI_RESULTS_DIR so .ci/run can sum every runner's counts into one line
const resultsDir = process.env.EI_RESULTS_DIR

export default defineConfig({
  root: 'web',
  base: '/_inspector/',
  // the first load was 50 KiB when Exact mode, provenance and the key docs joined the
  // Inspect page; the budget stops it from creeping further (issue 3 asked for 30 KiB)
  plugins: [preact(), sizeBudget({ initialKb: 56 })],
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
