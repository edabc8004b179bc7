/**
 * The Proxy page's framework view, as a user reads it: the same request and policy, one
 * layer up. The classic: Django behind a TLS proxy builds http:// links until the proxy's
 * scheme is trusted, by the server's policy or by SECURE_PROXY_SSL_HEADER.
 */
import { expect, type Page, test } from '@playwright/test'

function djangoValue(page: Page, expression: string) {
  return page
    .getByRole('table', { name: 'Django' })
    .getByRole('row', { name: new RegExp(`^${expression.replace(/[.()[\]]/g, '\\$&')}`) })
    .getByRole('cell')
}

test.beforeEach(async ({ page }) => {
  await page.goto('/_inspector/#/proxy')
  await expect(page.getByRole('heading', { level: 3, name: /^Client / })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'What your framework computes' })).toBeVisible()
})

test('Django behind nginx: https while the policy trusts X-Forwarded-Proto, http once it does not, https again with SECURE_PROXY_SSL_HEADER', async ({
  page,
}) => {
  const uri = djangoValue(page, 'request.build_absolute_uri()')
  await expect(uri).toContainText("'https://www.example.com/account'")

  await page.getByLabel('x_proto').fill('0')
  await expect(uri).toContainText("'http://www.example.com/account'")
  await expect(djangoValue(page, 'request.is_secure()')).toContainText('False')

  await page
    .getByLabel(/^Settings \(JSON/)
    .fill(
      '{"django": {"ALLOWED_HOSTS": ["*"], "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}}'
    )
  await expect(uri).toContainText("'https://www.example.com/account'")
  await expect(page.getByRole('table', { name: 'Flask' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Starlette / FastAPI' })).toBeVisible()
})

test('ALLOWED_HOSTS that do not match raise DisallowedHost, with the message', async ({ page }) => {
  await page
    .getByLabel(/^Settings \(JSON/)
    .fill('{"django": {"ALLOWED_HOSTS": ["api.example.com"]}}')
  await expect(djangoValue(page, 'request.get_host()')).toContainText('raises DisallowedHost')
  await expect(djangoValue(page, 'request.get_host()')).toContainText('www.example.com')
})

test('settings that are not JSON, or name a wrong setting value, say why', async ({ page }) => {
  const settings = page.getByLabel(/^Settings \(JSON/)
  await settings.fill('{"django": ')
  await expect(page.getByRole('alert').filter({ hasText: 'Settings: not JSON' })).toBeVisible()
  await expect(settings).toHaveAttribute('aria-invalid', 'true')
  await settings.fill('{"django": {"ALLOWED_HOSTS": "everything"}}')
  await expect(
    page.getByRole('alert').filter({ hasText: 'settings.django.ALLOWED_HOSTS' })
  ).toBeVisible()
})
