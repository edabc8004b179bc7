/**
 * WCAG 2.2 AA, checked by axe on every page in both themes (issue 16, defect 8), and the
 * skip link that takes a keyboard past the header.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'

const PAGES = [
  { hash: '#/', name: 'Inspect' },
  { hash: '#/live', name: 'Live' },
  { hash: '#/proxy', name: 'Proxy' },
  { hash: '#/lab', name: 'Lab' },
] as const

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`/_inspector/${hash}`)
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeVisible()
}

/** What a page shows once used: a result, a selected request, the proxy answer. */
async function use(page: Page, hash: string): Promise<void> {
  if (hash === '#/') {
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect(page.getByRole('table', { name: 'Environ' })).toBeVisible()
    await page.getByRole('button', { name: 'PATH_INFO', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'PATH_INFO' })).toBeVisible()
  } else if (hash === '#/live') {
    await page.request.get('/a11y/example')
    await page.getByRole('table', { name: 'Captured requests' }).locator('tbody tr').first().click()
    await expect(page.getByRole('table', { name: 'Captured environ' })).toBeVisible()
  } else if (hash === '#/lab') {
    await expect(page.getByRole('list', { name: 'Verdict' })).toBeVisible()
  } else {
    await expect(page.getByRole('table', { name: 'Raw and effective environ' })).toBeVisible()
  }
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const { hash, name } of PAGES) {
    test(`${name} (${colorScheme}): axe finds no serious or critical WCAG 2.2 AA violation`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme })
      await open(page, hash)
      await use(page, hash)
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze()
      const serious = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
      expect(serious).toEqual([])
    })
  }
}

test('the first Tab stop skips the header, straight to the form', async ({ page }) => {
  await open(page, '#/')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Skip to main content' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  await page.keyboard.press('Enter')
  // Import…, Export…, Share link…, Browser, Exact, then the method: six stops, not eleven
  for (let i = 0; i < 6; i++) await page.keyboard.press('Tab')
  await expect(page.getByLabel('Method')).toBeFocused()
})
