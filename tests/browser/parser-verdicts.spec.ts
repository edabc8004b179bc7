/**
 * A raw preset Node's parser refuses: the Profiles tab shows what each server's own parser
 * does with those bytes (from its source), not only Node's refusal.
 *
 * Same rules as inspector.spec.ts: roles and labels only, against the built UI.
 */
import { expect, type Page, test } from '@playwright/test'

async function sendPreset(page: Page, preset: string): Promise<void> {
  await page.getByRole('button', { name: 'Exact', exact: true }).click()
  await page.getByRole('tab', { name: /Raw/ }).click()
  await page.getByRole('button', { name: preset, exact: true }).click()
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByText('400 Bad Request', { exact: true })).toBeVisible()
  await page.getByRole('tab', { name: 'Profiles' }).click()
}

test.beforeEach(async ({ page }) => {
  await page.goto('/_inspector/')
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeVisible()
})

test('obs-fold: wsgiref and werkzeug accept it, gunicorn refuses it, each with its source', async ({
  page,
}) => {
  await sendPreset(page, 'obs-fold')
  const region = page.getByRole('region', { name: 'Profiles' })
  await expect(region).toContainText('parser refused the bytes before any profile saw them')
  await expect(region).toContainText('a header continued on the next line (obs-fold)')
  const verdicts = page.getByRole('table', { name: 'Parser verdicts' })
  await expect(verdicts.getByRole('row', { name: /^gunicorn/ })).toContainText(
    'refuses 400 Obsolete line folding'
  )
  await expect(verdicts.getByRole('row', { name: /^gunicorn/ })).toContainText('message.py')
  await expect(verdicts.getByRole('row', { name: /^wsgiref/ })).toContainText('accepts')
  await expect(verdicts.getByRole('row', { name: /^wsgiref/ })).toContainText(
    'environ cannot be shown'
  )
  await expect(verdicts.getByRole('row', { name: /^werkzeug/ })).toContainText('serving.py')
})

test('CL + TE: gunicorn refuses it as request smuggling, wsgiref takes both', async ({ page }) => {
  await sendPreset(page, 'CL + TE')
  const verdicts = page.getByRole('table', { name: 'Parser verdicts' })
  await expect(verdicts.getByRole('row', { name: /^gunicorn/ })).toContainText('refuses 400')
  await expect(verdicts.getByRole('row', { name: /^wsgiref/ })).toContainText('not decoded')
})

test('obs-fold: granian (hyper) refuses it with 400, citing httparse', async ({ page }) => {
  await sendPreset(page, 'obs-fold')
  const granian = page
    .getByRole('table', { name: 'Parser verdicts' })
    .getByRole('row', { name: /^granian/ })
  await expect(granian).toContainText('refuses 400 hyper refused the request')
  await expect(granian).toContainText('httparse src/lib.rs')
})
