/**
 * The Body tab's byte editors, as a user drives them: type hex or base64, or load a file,
 * send, and the server receives exactly those bytes (read back from the capture API).
 */
import { randomBytes } from 'node:crypto'
import { expect, type Page, test } from '@playwright/test'

interface Summary {
  readonly id: string
  readonly target: string
}

/** The id of the captured request to path `target` (the default draft adds a query). */
async function capturedId(page: Page, target: string): Promise<string | undefined> {
  const list = await page.request.get('/_inspector/api/requests?limit=50')
  const items = ((await list.json()) as { items: Summary[] }).items
  return items.find((entry) => entry.target.split('?')[0] === target)?.id
}

/** The bytes the server captured for the request to `target`. */
async function capturedBody(page: Page, target: string): Promise<Buffer> {
  // the record is complete once the response has gone out, a moment after the page shows it
  await expect.poll(() => capturedId(page, target), { message: target }).toBeDefined()
  const id = await capturedId(page, target)
  const record = await page.request.get(`/_inspector/api/requests/${id}`)
  const json = (await record.json()) as { request: { body: { base64: string } } }
  return Buffer.from(json.request.body.base64, 'base64')
}

async function composePut(page: Page, path: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Method' }).fill('PUT')
  await page.getByRole('textbox', { name: 'Path', exact: true }).fill(path)
  await page.getByRole('tab', { name: /Body/ }).click()
}

async function sendAndWait(page: Page, length: number): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(
    page.getByRole('table', { name: 'Environ' }).getByRole('row', { name: /^CONTENT_LENGTH\s/ })
  ).toContainText(String(length))
}

test.beforeEach(async ({ page }) => {
  await page.goto('/_inspector/')
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeVisible()
})

test('hex typed in the Body tab is sent as those bytes', async ({ page }) => {
  const path = `/bytes/hex/${Date.now()}`
  await composePut(page, path)
  await page.getByRole('button', { name: 'Hex', exact: true }).click()
  const field = page.getByRole('textbox', { name: 'Body as hex' })
  await field.fill('00 ff 0d 0a 80')
  await sendAndWait(page, 5)
  expect((await capturedBody(page, path)).toString('hex')).toBe('00ff0d0a80')
})

test('hex that does not decode says where, and keeps the bytes it had', async ({ page }) => {
  await composePut(page, '/bytes/bad')
  await page.getByRole('button', { name: 'Hex', exact: true }).click()
  const field = page.getByRole('textbox', { name: 'Body as hex' })
  await field.fill('ab')
  await field.fill('ab zz')
  await expect(page.getByText(/Not sent as typed: .*The body stays 1 B/)).toBeVisible()
  await expect(field).toHaveAttribute('aria-invalid', 'true')
})

test('base64 typed in the Body tab is sent as those bytes', async ({ page }) => {
  const path = `/bytes/base64/${Date.now()}`
  const bytes = Buffer.concat([Buffer.from([0xff, 0x00]), randomBytes(62)])
  await composePut(page, path)
  await page.getByRole('button', { name: 'Base64', exact: true }).click()
  await page.getByRole('textbox', { name: 'Body as base64' }).fill(bytes.toString('base64'))
  await sendAndWait(page, 64)
  expect((await capturedBody(page, path)).equals(bytes)).toBe(true)
})

test('a file loaded into the body is sent byte for byte', async ({ page }) => {
  const path = `/bytes/file/${Date.now()}`
  const bytes = Buffer.concat([Buffer.from([0xff]), randomBytes(299)])
  await composePut(page, path)
  await page
    .getByLabel('Load the body from a file')
    .setInputFiles({ name: 'blob.bin', mimeType: 'application/octet-stream', buffer: bytes })
  await expect(page.getByRole('button', { name: 'Hex', pressed: true })).toBeVisible()
  await sendAndWait(page, 300)
  expect((await capturedBody(page, path)).equals(bytes)).toBe(true)
})
