/**
 * The deployment lab as a user drives it against the real server: the three issue-tracker
 * classics one click each, with the fix named; the spoof test; the URL restoring a set-up;
 * a phone-width layout. Locators are roles and labels only.
 */
import { expect, type Page, test } from '@playwright/test'

async function openLab(page: Page, params = ''): Promise<void> {
  await page.goto(`/_inspector/#/lab${params ? `?${params}` : ''}`)
  await expect(page.getByRole('heading', { level: 2, name: 'Deployment lab' })).toBeVisible()
}

function verdict(page: Page) {
  return page.getByRole('list', { name: 'Verdict' })
}

test('(a) Flask behind TLS: http:// links, fixed by ProxyFix x_proto=1', async ({ page }) => {
  await openLab(page)
  await page.getByRole('button', { name: /^Flask behind TLS/ }).click()
  await expect(verdict(page)).toContainText('Flask will build http:// links')
  await expect(verdict(page)).toContainText('ProxyFix(app.wsgi_app, x_for=1, x_proto=1)')
  const values = page
    .getByRole('definition')
    .filter({ hasText: "'http://www.example.com/items?page=2'" })
  await expect(values.first()).toBeVisible()

  await page.getByLabel('Flask settings (JSON)').fill('{"ProxyFix": {"x_for": 1, "x_proto": 1}}')
  await page.getByLabel('Flask settings (JSON)').blur()
  await expect(verdict(page)).toContainText('Flask builds https:// links')
  await expect(verdict(page)).not.toContainText('Problem')
})

test('(b) Django behind TLS: DisallowedHost, http:// links and CSRF, each fix named', async ({
  page,
}) => {
  await openLab(page)
  await page.getByRole('button', { name: /^Django behind TLS/ }).click()
  await expect(page.getByLabel('Proxy chain')).toHaveValue('aws-alb')
  await expect(verdict(page)).toContainText('DisallowedHost')
  await expect(verdict(page)).toContainText("ALLOWED_HOSTS = ['www.example.com']")
  await expect(verdict(page)).toContainText(
    "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')"
  )
  await expect(verdict(page)).toContainText('CSRF verification failed')
  // the hop by hop view: the ALB's own headers reach the app server
  const hops = page.getByRole('list', { name: 'Hops' }).getByRole('listitem')
  await expect(hops).toHaveCount(2)
  await expect(hops.nth(1)).toContainText('X-Amzn-Trace-Id')
  await expect(hops.nth(1)).toContainText('X-Forwarded-Proto: https')
})

test('(c) FastAPI behind /api: /docs loads /openapi.json; --root-path named, double prefix explained', async ({
  page,
}) => {
  await openLab(page)
  await page.getByRole('button', { name: /^FastAPI behind a path prefix/ }).click()
  await expect(verdict(page)).toContainText("FastAPI's /docs page will load '/openapi.json'")
  await expect(verdict(page)).toContainText('uvicorn --root-path /api')
  await expect(verdict(page)).toContainText('double prefix')
  await expect(page.getByRole('heading', { name: 'The scope the app gets' })).toBeVisible()

  await page.getByLabel('Starlette / FastAPI settings (JSON)').fill('{"root_path": "/api"}')
  await page.getByLabel('Starlette / FastAPI settings (JSON)').blur()
  await expect(verdict(page)).toContainText("FastAPI's /docs page loads '/api/openapi.json'")
})

test('the spoof test shows which forged values reach the app', async ({ page }) => {
  await openLab(
    page,
    'chain=nginx&fw=flask&settings=%7B%22ProxyFix%22%3A%7B%22x_for%22%3A1%2C%22x_proto%22%3A1%2C%22x_host%22%3A1%7D%7D'
  )
  await page.getByRole('button', { name: 'Spoof test' }).click()
  const forged = page.getByRole('list', { name: 'Forged headers' })
  await expect(forged).toContainText('X-Forwarded-Host: the forged value reaches the app server')
  await expect(forged).toContainText('X-Forwarded-Proto: stopped by the chain')
  await expect(page.getByRole('status', { name: 'Forged values used' })).toContainText(
    "request.host = 'evil.example'"
  )

  // Traefik drops the client's X-Forwarded-*: nothing forged is used
  await page.getByLabel('Proxy chain').selectOption({ label: 'Traefik' })
  await page.getByRole('button', { name: 'Spoof test' }).click()
  await expect(forged).toContainText('X-Forwarded-Host: stopped by the chain')
  await expect(page.getByRole('status', { name: 'Forged values used' })).toContainText(
    'Flask uses none of the forged values'
  )
})

test('the URL restores a set-up', async ({ page }) => {
  await openLab(page)
  await page.getByRole('button', { name: /^Django behind TLS/ }).click()
  await page.getByLabel("Server's proxy trust").selectOption('last-proxy')
  await expect(verdict(page)).toBeVisible()
  const url = page.url()
  expect(url).toContain('#/lab?')

  const other = await page.context().newPage()
  await other.goto(url)
  await expect(other.getByLabel('Proxy chain')).toHaveValue('aws-alb')
  await expect(other.getByLabel('Framework', { exact: true })).toHaveValue('django')
  await expect(other.getByLabel("Server's proxy trust")).toHaveValue('last-proxy')
  await expect(other.getByLabel('Method')).toHaveValue('POST')
  // the server now trusts the ALB's X-Forwarded-Proto: only the host is left to fix
  await expect(verdict(other)).toContainText("ALLOWED_HOSTS = ['www.example.com']")
  await expect(verdict(other)).not.toContainText('SECURE_PROXY_SSL_HEADER')
})

test('a phone width: no sideways scrolling, values as text', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 })
  await openLab(page, 'chain=ingress-nginx&fw=flask&path=%2F%3Cimg%20src%3Dx%3E')
  await expect(verdict(page)).toBeVisible()
  await expect(page.getByText('GET /api/<img src=x> HTTP/1.1').first()).toBeVisible()
  expect(await page.locator('img').count()).toBe(0)
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  )
  expect(overflow).toBeLessThanOrEqual(0)
})
