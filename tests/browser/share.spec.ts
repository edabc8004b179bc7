/**
 * Import into the composer, export from Inspect and Live, and shareable links, as a user does
 * them: paste, read what was dropped, open; pick a format, copy or download; copy a link and
 * open it elsewhere. Roles and labels only.
 */
import { randomBytes } from 'node:crypto'
import { expect, type Page, test } from '@playwright/test'

const CHROME_CURL = String.raw`curl 'https://shop.example/api/items?x=1#top' \
  -H 'accept: application/json' \
  -H 'content-type: application/json' \
  -b 'session=abc123' \
  -H 'x-shop-user: ünï' \
  --data-raw $'{"name":"it\'s","qty":2}' \
  --compressed --http2`

const pathField = (page: Page) => page.getByRole('textbox', { name: 'Path', exact: true })
const methodField = (page: Page) => page.getByRole('combobox', { name: 'Method' })

function environRow(page: Page, key: string) {
  return page
    .getByRole('table', { name: 'Environ' })
    .getByRole('row', { name: new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s`) })
}

test.beforeEach(async ({ page }) => {
  await page.goto('/_inspector/')
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeVisible()
})

test.describe('Import', () => {
  test('a curl command as Chrome copies it: preview, what was left out, then the composer', async ({
    page,
  }) => {
    await page.getByRole('button', { name: 'Import…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import a request' })
    await dialog.getByRole('textbox').fill(CHROME_CURL)
    const preview = dialog.getByRole('region', { name: 'Import preview' })
    await expect(preview).toContainText('Read as a curl command: POST /api/items?x=1')
    await expect(preview).toContainText('5 headers')
    const left = preview.getByRole('list', { name: 'Left out' })
    await expect(left.getByRole('listitem')).toHaveCount(2)
    await expect(left).toContainText('#top: The fragment is never sent')
    await expect(left).toContainText('--http2: This inspector speaks HTTP/1.1 only')
    await expect(preview.getByRole('list', { name: 'Notes' })).toContainText(
      'Opens in Exact mode: the browser would refuse Cookie'
    )
    await dialog.getByRole('button', { name: 'Open in the composer' }).click()

    await expect(dialog).toBeHidden()
    await expect(methodField(page)).toHaveValue('POST')
    await expect(pathField(page)).toHaveValue('/api/items')
    const message = page.getByRole('status').filter({ hasText: 'Imported a curl command' })
    await expect(message).toContainText('Dropped #top')
    await expect(page.getByRole('button', { name: 'Exact', pressed: true })).toBeVisible()

    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await expect(environRow(page, 'HTTP_COOKIE')).toContainText('session=abc123')
    await expect(environRow(page, 'HTTP_ACCEPT_ENCODING')).toContainText('deflate, gzip, br, zstd')
    // the UTF-8 bytes of "ünï", as a WSGI server shows them (latin-1)
    await expect(environRow(page, 'HTTP_X_SHOP_USER')).toContainText('Ã¼nÃ¯')
    await expect(environRow(page, 'CONTENT_LENGTH')).toContainText('23')
  })

  test('a URL, a .http file chosen from disk, and text that is neither', async ({ page }) => {
    await page.getByRole('button', { name: 'Import…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Import a request' })
    await dialog.getByRole('textbox').fill('not a request at all')
    await expect(dialog.getByText(/^Paste a curl command, a full http:\/\/ URL/)).toBeVisible()
    await expect(dialog.getByRole('button', { name: 'Open in the composer' })).toBeDisabled()

    await dialog.getByRole('textbox').fill('https://example.com/search?q=caf%C3%A9&page=2')
    await expect(dialog.getByRole('region', { name: 'Import preview' })).toContainText(
      'Read as a URL: GET /search?q=caf%C3%A9&page=2'
    )
    await dialog.getByLabel(/or read a file/).setInputFiles({
      name: 'upload.http',
      mimeType: 'text/plain',
      buffer: Buffer.from('PUT http://h.test/upload HTTP/1.1\nContent-Type: text/plain\n\nhello'),
    })
    await expect(dialog.getByRole('region', { name: 'Import preview' })).toContainText(
      'Read as a raw request: PUT /upload'
    )
    await dialog.getByRole('button', { name: 'Open in the composer' }).click()
    await expect(methodField(page)).toHaveValue('PUT')
    await page.getByRole('tab', { name: /Body/ }).click()
    await expect(page.getByRole('textbox', { name: 'Body' })).toHaveValue('hello')
  })
})

test.describe('Export', () => {
  test('the composer’s request in each format: read, copy, download', async ({ page }) => {
    await methodField(page).fill('POST')
    await pathField(page).fill('/orders')
    await page.getByRole('tab', { name: /Body/ }).click()
    await page.getByRole('textbox', { name: 'Body' }).fill('{"qty": 2}')
    await page.getByRole('button', { name: 'Export…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Export the request' })
    const output = dialog.getByRole('textbox', { name: /^Exported/ })
    await expect(output).toHaveValue(/^curl 'http:\/\/127\.0\.0\.1:\d+\/orders\?baz=bat' \\\n/)
    await expect(output).toHaveValue(/--data-binary '\{"qty": 2\}'/)

    await dialog.getByRole('radio', { name: 'HAR' }).check()
    await expect(output).toHaveValue(/"version": "1\.2"/)
    await expect(output).toHaveValue(/"text": "\{\\"qty\\": 2\}"/)
    await dialog.getByRole('radio', { name: 'pytest fixture (Werkzeug)' }).check()
    await expect(output).toHaveValue(/EnvironBuilder\(/)
    await expect(output).toHaveValue(/data=b'\{"qty": 2\}',/)
    await dialog.getByRole('radio', { name: 'Python httpx' }).check()
    await dialog.getByRole('button', { name: 'Copy' }).click()
    await expect(page.getByText('Copied the httpx code.')).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^import httpx/)

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download send_with_httpx.py' }).click(),
    ])
    expect(file.suggestedFilename()).toBe('send_with_httpx.py')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByRole('button', { name: 'Export…' })).toBeFocused()
  })

  test('a captured request from Live, its binary body as bytes', async ({ page, baseURL }) => {
    const marker = `m${Date.now().toString(36)}`
    await page.getByRole('link', { name: 'Live' }).click()
    await expect(page.getByRole('heading', { name: 'Live capture' })).toBeVisible()
    const body = Buffer.concat([Buffer.from([0, 255, 1]), randomBytes(20)])
    await fetch(`${baseURL}/blob/${marker}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
    })
    await page
      .getByRole('table', { name: 'Captured requests' })
      .getByRole('row', { name: new RegExp(marker) })
      .click()
    await page.getByRole('button', { name: 'Export…' }).click()
    const dialog = page.getByRole('dialog', { name: /^Export request #\d+$/ })
    await dialog.getByRole('radio', { name: 'pytest fixture (Werkzeug)' }).check()
    const output = dialog.getByRole('textbox', { name: /^Exported/ })
    await expect(output).toHaveValue(new RegExp(`path='/blob/${marker}'`))
    await expect(output).toHaveValue(/data=b'\\x00\\xff\\x01/)
    await dialog.getByRole('radio', { name: 'curl' }).check()
    await expect(output).toHaveValue(/^printf '\\000\\377\\001/)
  })
})

test.describe('Shareable links', () => {
  async function compose(page: Page): Promise<void> {
    await methodField(page).fill('PATCH')
    await pathField(page).fill('/profile')
    await page.getByRole('tab', { name: /Headers/ }).click()
    await page.getByRole('button', { name: '+ Add header' }).click()
    await page.getByLabel('Name').last().fill('X-Shared')
    await page.getByLabel('Value').last().fill('yes')
  }

  async function copiedLink(page: Page, sendOnOpen: boolean): Promise<string> {
    await page.getByRole('button', { name: 'Share link…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Share a link to this request' })
    if (sendOnOpen) await dialog.getByRole('checkbox', { name: /Send the request as soon/ }).check()
    const field = dialog.getByRole('textbox', { name: 'Link' })
    await expect(field).toHaveValue(sendOnOpen ? /&send=1$/ : /#\/\?r=1z?\.[A-Za-z0-9_-]+/)
    await dialog.getByRole('button', { name: 'Copy link' }).click()
    await expect(page.getByText('Copied the link.')).toBeVisible()
    const url = await page.evaluate(() => navigator.clipboard.readText())
    await dialog.getByRole('button', { name: 'Close' }).click()
    return url
  }

  test('opening a link shows the same request, ready to send', async ({ page, context }) => {
    await compose(page)
    const url = await copiedLink(page, false)
    const other = await context.newPage()
    await other.goto(url)
    await expect(
      other
        .getByRole('status')
        .filter({ hasText: 'Opened a shared request: it is in the composer' })
    ).toBeVisible()
    await expect(methodField(other)).toHaveValue('PATCH')
    await expect(pathField(other)).toHaveValue('/profile')
    await expect(other.getByText('Nothing sent yet')).toBeVisible()
    // the link has done its job: the address bar is the plain page again
    await expect(other).toHaveURL(/#\/$/)
  })

  test('a link that says so sends on open, with the key it was made on', async ({
    page,
    context,
  }) => {
    await compose(page)
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    await environRow(page, 'HTTP_X_SHARED').getByRole('button').click()
    const url = await copiedLink(page, true)
    expect(url).toMatch(/&key=HTTP_X_SHARED/)
    const other = await context.newPage()
    await other.goto(url)
    await expect(
      other.getByRole('status').filter({ hasText: 'Opened a shared request and sent it.' })
    ).toBeVisible()
    await expect(environRow(other, 'REQUEST_METHOD')).toContainText('PATCH')
    await expect(environRow(other, 'HTTP_X_SHARED')).toContainText('yes')
    await expect(other.getByRole('heading', { name: 'HTTP_X_SHARED', level: 2 })).toBeVisible()
  })

  test('a damaged link says what is wrong and opens nothing', async ({ context }) => {
    const page = await context.newPage()
    await page.goto('/_inspector/#/?r=1.eyJwIjoiL2')
    await expect(page.getByRole('alert')).toContainText(
      'The request in this link cannot be read: it was cut or changed on the way'
    )
    await expect(pathField(page)).toHaveValue('/foo/bar')
  })
})
