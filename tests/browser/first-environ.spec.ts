/**
 * How long a first visit takes to show an environ: open the Inspect page with an empty
 * cache, press Send as soon as it can be pressed, wait for the environ table.
 *
 * The figure is printed and attached to the report, not asserted: it depends on the machine.
 * Run it alone with `npx playwright test -c tests/browser first-environ` after `npm run build`.
 */
import { expect, test } from '@playwright/test'

const RUNS = 5

test('time to first environ after load', async ({ browser, baseURL }, testInfo) => {
  const times: number[] = []
  for (let run = 0; run < RUNS; run++) {
    // a fresh context per run: empty cache, empty localStorage, the default draft
    const context = await browser.newContext({ baseURL })
    const page = await context.newPage()
    await page.addInitScript(() => {
      // note the moment the environ table enters the page, in ms since navigation start
      new MutationObserver((_changes, observer) => {
        if (document.querySelector('table[aria-label="Environ"]')) {
          document.documentElement.dataset.firstEnviron = String(performance.now())
          observer.disconnect()
        }
      }).observe(document, { childList: true, subtree: true })
    })
    await page.goto('/_inspector/')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect(page.getByRole('table', { name: 'Environ' })).toBeVisible()
    const at = await page.evaluate(() => Number(document.documentElement.dataset.firstEnviron))
    times.push(at)
    await context.close()
  }
  const sorted = [...times].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0
  const summary = `first environ after ${Math.round(median)} ms (median of ${RUNS}; runs ${times.map(Math.round).join(', ')} ms)`
  console.log(summary)
  testInfo.annotations.push({ type: 'timing', description: summary })
  expect(median).toBeGreaterThan(0)
})
