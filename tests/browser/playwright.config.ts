/**
 * Playwright on the system Chromium, against the built UI served by `npm start`.
 *
 * `npm run test:browser` builds first. global-setup.ts finds (or, as root on Debian,
 * installs) Chromium; nothing here downloads a browser.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.EI_BROWSER_PORT ?? 4317)
const resultsDir = process.env.EI_RESULTS_DIR

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  workers: 1,
  globalSetup: './global-setup.ts',
  timeout: 30_000,
  // one retry on CI only, as Vitest (vite.config.ts): the summary names each flaky test
  retries: process.env.CI ? 1 : 0,
  expect: { timeout: 5_000 },
  reporter: resultsDir
    ? [['list'], ['json', { outputFile: `${resultsDir}/playwright.json` }]]
    : [['list']],
  outputDir: fileURLToPath(new URL('../../test-results/browser', import.meta.url)),
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npm start -- --port ${PORT} --host 127.0.0.1`,
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    url: `http://127.0.0.1:${PORT}/_inspector/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
})
