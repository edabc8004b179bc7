/**
 * The Keys page, the guided tour and the keyboard shortcuts, as a teacher and a student use
 * them. Roles and labels only.
 */
import { expect, type Page, test } from '@playwright/test'

/** A key's entry on the Keys page (an article named by its key). */
function entry(page: Page, key: string) {
  return page.getByRole('article', { name: key, exact: true })
}

test.beforeEach(async ({ page }) => {
  await page.goto('/_inspector/')
  await page.evaluate(() => localStorage.clear())
})

test('lists every key by group, with what it means and which servers set it', async ({ page }) => {
  await page.goto('/_inspector/#/keys')
  await expect(page.getByRole('heading', { name: 'Environ keys', level: 2 })).toBeVisible()
  for (const group of ['CGI', 'HTTP_*', 'wsgi.*', 'Extensions'])
    await expect(page.getByRole('heading', { name: group, level: 3 })).toBeVisible()
  const pathInfo = entry(page, 'PATH_INFO')
  await expect(pathInfo).toContainText('percent-decoded')
  for (const server of ['wsgiref', 'gunicorn', 'werkzeug'])
    await expect(pathInfo).toContainText(`${server} sets it`)
  // RAW_URI is a gunicorn/werkzeug key: wsgiref is listed as not setting it
  await expect(entry(page, 'RAW_URI')).toContainText('wsgiref does not set it')
  await expect(entry(page, 'PATH_INFO')).toContainText('No request sent yet')
})

test('shows each key’s value from the last request sent on Inspect', async ({ page }) => {
  await page.getByRole('textbox', { name: 'Path', exact: true }).fill('/caf%C3%A9')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Environ' })).toBeVisible()
  await page.getByRole('link', { name: 'Keys' }).click()
  await expect(entry(page, 'PATH_INFO')).toContainText('/cafÃ©')
  await expect(entry(page, 'REQUEST_METHOD')).toContainText('GET')
  // a family lists each member of the last environ
  await expect(entry(page, 'HTTP_*')).toContainText('HTTP_ACCEPT')
})

test('filters the reference, and / focuses the filter', async ({ page }) => {
  await page.goto('/_inspector/#/keys')
  await page.getByRole('heading', { name: 'Environ keys' }).click()
  await page.keyboard.press('/')
  const filter = page.getByRole('searchbox', { name: 'Filter keys' })
  await expect(filter).toBeFocused()
  await page.keyboard.type('latin-1')
  await expect(entry(page, 'PATH_INFO')).toBeVisible()
  await expect(entry(page, 'REQUEST_METHOD')).toHaveCount(0)
  await filter.fill('no key says this')
  await expect(page.getByRole('status').filter({ hasText: 'No key matches' })).toBeVisible()
})

test('every key has a link of its own, which the address bar follows', async ({ page }) => {
  await page.goto('/_inspector/#/keys?key=wsgi.url_scheme')
  const scheme = entry(page, 'wsgi.url_scheme')
  await expect(scheme.getByRole('link', { name: 'wsgi.url_scheme' })).toHaveAttribute(
    'aria-current',
    'true'
  )
  await expect(scheme).toBeInViewport()
  await entry(page, 'QUERY_STRING').getByRole('link', { name: 'QUERY_STRING' }).click()
  await expect(page).toHaveURL(/#\/keys\?key=QUERY_STRING$/)
  await page.reload()
  await expect(entry(page, 'QUERY_STRING')).toBeInViewport()
})

test('prints as a handout: every key, no controls', async ({ page }) => {
  await page.goto('/_inspector/#/keys')
  await expect(entry(page, 'PATH_INFO')).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden()
  await expect(page.getByRole('navigation', { name: 'Pages' })).toBeHidden()
  await expect(entry(page, 'wsgi.input')).toBeVisible()
})

test('the guided tour walks inspect, proxy and capture, setting up each step', async ({ page }) => {
  await page.goto('/_inspector/#/keys')
  await page.getByRole('button', { name: 'Start the guided tour' }).click()
  const tour = page.getByRole('region', { name: 'A request becomes a dictionary' })
  await expect(tour).toContainText('step 1 of 6')
  await expect(tour.getByRole('heading')).toBeFocused()
  // step 1 sends the README example and explains PATH_INFO
  await expect(page.getByRole('textbox', { name: 'Path', exact: true })).toHaveValue('/foo/bar')
  await expect(page.getByRole('heading', { name: 'PATH_INFO', level: 2 })).toBeVisible()

  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByRole('heading', { name: 'HTTP_X_COURSE', level: 2 })).toBeVisible()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page).toHaveURL(/#\/proxy$/)
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page).toHaveURL(/#\/live$/)
  const capture = page.getByRole('region', { name: 'Capture any client' })
  await expect(capture.getByText(/^curl -d 'hello from the terminal' http:\/\//)).toBeVisible()
  await page.getByRole('button', { name: 'Back' }).click()
  await expect(page).toHaveURL(/#\/proxy$/)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page).toHaveURL(/#\/keys\?key=wsgi\.url_scheme$/)
  await page.getByRole('button', { name: 'Finish' }).click()
  await expect(page.getByRole('region', { name: 'Every key, explained' })).toHaveCount(0)
})

test('? shows the keyboard shortcuts; Escape closes them', async ({ page }) => {
  await page.goto('/_inspector/')
  await page.getByRole('heading', { name: 'environ inspector' }).click()
  await page.keyboard.press('?')
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('row', { name: /Focus the filter/ })).toContainText('/')
  await expect(dialog.getByRole('row', { name: /Send the composed request/ })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  // typed into a field, ? and / are text
  await page.getByRole('textbox', { name: 'Path', exact: true }).fill('/a')
  await page.getByRole('textbox', { name: 'Path', exact: true }).press('?')
  await expect(page.getByRole('textbox', { name: 'Path', exact: true })).toHaveValue('/a?')
  await expect(dialog).toBeHidden()
})

test('/ focuses the environ filter on Inspect and the request filter on Live', async ({ page }) => {
  await page.goto('/_inspector/')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Environ' })).toBeVisible()
  await page.getByRole('heading', { name: 'environ inspector' }).click()
  await page.keyboard.press('/')
  await expect(page.getByRole('searchbox', { name: 'Filter keys' })).toBeFocused()
  await page.getByRole('link', { name: 'Live' }).click()
  await page.getByRole('heading', { name: 'Live capture' }).click()
  await page.keyboard.press('/')
  await expect(page.getByRole('searchbox', { name: 'Filter' })).toBeFocused()
})
