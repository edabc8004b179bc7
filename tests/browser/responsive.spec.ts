/**
 * Every page from 360 px up (issue 16, defect 1): one column, no sideways scrolling, the
 * header's pages behind a Menu on a phone. Also takes the README's phone and tablet
 * screenshots, light and dark.
 */
import { expect, type Page, test } from '@playwright/test'

const PAGES = [
  { hash: '#/', name: 'inspect' },
  { hash: '#/live', name: 'live' },
  { hash: '#/proxy', name: 'proxy' },
] as const

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`/_inspector/${hash}`)
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeAttached()
}

/** Fill the page with what a user would look at: a result, a selected request, an answer. */
async function populate(page: Page, name: (typeof PAGES)[number]['name']): Promise<void> {
  if (name === 'inspect') {
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect(page.getByRole('table', { name: 'Environ' })).toBeVisible()
  } else if (name === 'live') {
    await page.request.get('/responsive/example?from=curl', { headers: { 'X-Demo': '1' } })
    const rows = page.getByRole('table', { name: 'Captured requests' }).locator('tbody tr')
    await rows.first().click()
    await expect(page.getByRole('table', { name: 'Captured environ' })).toBeVisible()
  } else {
    await expect(page.getByRole('table', { name: 'Raw and effective environ' })).toBeVisible()
  }
}

for (const width of [360, 390, 768]) {
  for (const { hash, name } of PAGES) {
    test(`${name} works at ${width} px: no sideways scrolling`, async ({ page }) => {
      await page.setViewportSize({ width, height: 844 })
      await open(page, hash)
      await populate(page, name)
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
      expect(scrollWidth).toBeLessThanOrEqual(width)
    })
  }
}

test('on a phone the pages are behind the Menu, and Send is on screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 })
  await open(page, '#/')
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeInViewport()
  await expect(page.getByRole('link', { name: 'Live' })).toBeHidden()
  await page.getByRole('button', { name: 'Menu' }).click()
  await page.getByRole('link', { name: 'Live' }).click()
  await expect(page.getByRole('heading', { name: 'Live capture' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Proxy' })).toBeHidden()
  await page.getByRole('button', { name: 'Menu' }).click()
  await page.getByRole('link', { name: 'Proxy' }).click()
  await expect(page.getByRole('heading', { name: 'Proxy headers' })).toBeVisible()
})

test('phone and tablet screenshots for the README (light and dark)', async ({ page }) => {
  test.setTimeout(120_000)
  await page.emulateMedia({ reducedMotion: 'reduce' })
  // the README's copies change only on request, so a test run leaves the checkout clean
  const folder = process.env.EI_UPDATE_SCREENSHOTS ? './__screenshots__/' : '../../test-results/'
  const shot = (file: string) => new URL(`${folder}${file}`, import.meta.url).pathname
  for (const [width, height] of [
    [390, 844],
    [768, 1024],
  ] as const) {
    await page.setViewportSize({ width, height })
    for (const { hash, name } of PAGES) {
      await open(page, hash)
      await populate(page, name)
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.emulateMedia({ colorScheme: 'light' })
      await page.screenshot({ path: shot(`${name}-${width}.png`) })
      await page.emulateMedia({ colorScheme: 'dark' })
      await page.screenshot({ path: shot(`${name}-${width}-dark.png`) })
    }
  }
})
