/**
 * The inspector UI as a user drives it: compose, send, read the environ, compare, copy.
 *
 * Runs against the built UI served by `npm start` (see playwright.config.ts). Locators are
 * roles and labels only, the way a person (or a screen reader) finds things.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, type Locator, type Page, test } from '@playwright/test'

const run = promisify(execFile)

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The environ table row of `key` (its accessible name starts with the key). */
function environRow(page: Page, key: string): Locator {
  return page
    .getByRole('table', { name: 'Environ' })
    .getByRole('row', { name: new RegExp(`^${escapeRegExp(key)}\\s`) })
}

async function open(page: Page): Promise<void> {
  await page.goto('/_inspector/')
  // every test starts from an empty history and the default draft
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeVisible()
}

async function send(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(environRow(page, 'REQUEST_METHOD')).toBeVisible()
}

async function loadExample(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Examples & history' }).click()
  await page.getByRole('button', { name: title }).click()
}

/** Read the environ table as shown: key → displayed value text (stand-ins and hints included). */
async function shownEnviron(page: Page): Promise<Record<string, string>> {
  return page.getByRole('table', { name: 'Environ' }).evaluate((table) => {
    const out: Record<string, string> = {}
    for (const row of table.querySelectorAll('tbody tr')) {
      const key = row.querySelector('th[scope="row"] button')?.textContent
      const cell = row.querySelector('td')
      if (!key || !cell) continue
      const text = cell.textContent ?? ''
      out[key] = text === '(empty string)' ? '' : text
    }
    return out
  })
}

/** HTTP_* keys the UI tags as added by the browser. */
async function browserTaggedKeys(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Environ' }).evaluate((table) =>
    [...table.querySelectorAll('tbody tr')]
      .filter((row) => row.querySelector('th')?.textContent?.endsWith('browser'))
      .map((row) => row.querySelector('th button')?.textContent ?? '')
      // CONTENT_LENGTH is the browser's too, but curl computes the same value from the body
      .filter((key) => key.startsWith('HTTP_'))
  )
}

test.beforeEach(async ({ page }) => {
  await open(page)
})

test('composes and sends a request, and shows its environ', async ({ page }) => {
  await page.getByLabel('Method').fill('DELETE')
  await page.getByLabel('Path').fill('/orders/17')
  await send(page)
  await expect(environRow(page, 'REQUEST_METHOD')).toContainText('DELETE')
  await expect(environRow(page, 'PATH_INFO')).toContainText('/orders/17')
  await expect(environRow(page, 'SERVER_PROTOCOL')).toContainText('HTTP/1.1')
  await expect(page.getByText('200 OK')).toBeVisible()
})

test('the original example reproduces the README: PATH_INFO and QUERY_STRING', async ({ page }) => {
  await page.getByLabel('Path').fill('/foo/bar?baz=bat')
  await send(page)
  await expect(environRow(page, 'PATH_INFO')).toContainText('/foo/bar')
  await expect(environRow(page, 'QUERY_STRING')).toContainText('baz=bat')
  await expect(environRow(page, 'wsgi.url_scheme')).toContainText('http')
})

test('Ctrl+Enter sends from anywhere', async ({ page }) => {
  await page.getByLabel('Path').fill('/keyboard')
  await page.getByLabel('Path').press('Control+Enter')
  await expect(environRow(page, 'PATH_INFO')).toContainText('/keyboard')
})

test('a header row becomes its HTTP_* row', async ({ page }) => {
  await page.getByRole('tab', { name: /Headers/ }).click()
  await page.getByRole('button', { name: 'Add header' }).click()
  await page.getByLabel('Name').last().fill('X-Demo-Token')
  await page.getByLabel('Value').last().fill('abc 123')
  await send(page)
  await expect(environRow(page, 'HTTP_X_DEMO_TOKEN')).toContainText('abc 123')

  // selecting the header line in "Request as sent" names the key it produced
  await page
    .getByRole('list', { name: 'Headers' })
    .getByRole('button', { name: /X-Demo-Token/ })
    .click()
  await expect(
    page
      .getByRole('complementary', { name: 'Explanation' })
      .getByRole('button', { name: 'HTTP_X_DEMO_TOKEN' })
  ).toBeVisible()
})

test('a disabled header row is not sent', async ({ page }) => {
  await page.getByRole('tab', { name: /Headers/ }).click()
  await page.getByRole('button', { name: 'Add header' }).click()
  await page.getByLabel('Name').last().fill('X-Off')
  await page.getByLabel('Value').last().fill('1')
  await page.getByRole('checkbox', { name: 'Enable header' }).last().uncheck()
  await send(page)
  await expect(environRow(page, 'HTTP_X_OFF')).toHaveCount(0)
})

test('the query table becomes QUERY_STRING, in table order, without disabled rows', async ({
  page,
}) => {
  const params = page.getByRole('table', { name: 'Parameters' })
  await params.getByLabel('Value').first().fill('a b&c')
  await page.getByRole('button', { name: 'Add parameter' }).click()
  await params.getByLabel('Name').last().fill('lang')
  await params.getByLabel('Value').last().fill('fr')
  await page.getByRole('button', { name: 'Add parameter' }).click()
  await params.getByLabel('Name').last().fill('debug')
  await params.getByLabel('Value').last().fill('1')
  await params.getByRole('checkbox', { name: 'Enable parameter' }).last().uncheck()
  await params.getByRole('button', { name: 'Move up' }).nth(1).click() // lang above baz
  await send(page)
  await expect(environRow(page, 'QUERY_STRING')).toContainText('lang=fr&baz=a%20b%26c')
  await expect(environRow(page, 'QUERY_STRING')).not.toContainText('debug')
})

test('raw query mode keeps %zz and + exactly as typed', async ({ page }) => {
  await page.getByRole('button', { name: 'Raw', exact: true }).click()
  await page.getByLabel('Raw query string').fill('x=%zz&y=a+b&&flag')
  await send(page)
  await expect(environRow(page, 'QUERY_STRING')).toContainText('x=%zz&y=a+b&&flag')
})

test('a UTF-8 path is percent-encoded by the browser and shows as latin-1 mojibake', async ({
  page,
}) => {
  await loadExample(page, 'UTF-8 in the path')
  await expect(page.getByText('/caf%C3%A9/men%C3%BC HTTP/1.1')).toBeVisible()
  await send(page)
  await expect(environRow(page, 'PATH_INFO')).toContainText('/cafÃ©/menÃ¼')
  await expect(environRow(page, 'PATH_INFO')).toContainText('as UTF-8 /café/menü')
})

test('selecting a key explains it and highlights where it came from', async ({ page }) => {
  await send(page)
  await environRow(page, 'PATH_INFO').getByRole('button', { name: 'PATH_INFO' }).click()
  const explainer = page.getByRole('complementary', { name: 'PATH_INFO' })
  await expect(explainer.getByRole('heading', { name: 'PATH_INFO' })).toBeVisible()
  await expect(explainer).toContainText('percent-decoded')
  await expect(explainer.getByRole('link', { name: 'Specification' })).toHaveAttribute(
    'href',
    /pep-3333/
  )
  await expect(page.getByRole('button', { name: '/foo/bar', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
})

test('hovering a key fetches its docs: the tooltip gives its summary', async ({ page }) => {
  await send(page)
  const key = environRow(page, 'QUERY_STRING').getByRole('button', { name: 'QUERY_STRING' })
  await key.hover()
  await expect(key).toHaveAttribute('title', /after the first "\?", exactly as sent/)
})

test('an explanation whose code cannot be fetched says so instead of going blank', async ({
  page,
}) => {
  await page.route('**/assets/key-explanation-*.js', (route) => route.abort())
  await send(page)
  await environRow(page, 'PATH_INFO').getByRole('button', { name: 'PATH_INFO' }).click()
  await expect(page.getByRole('alert')).toHaveText(
    'The explanation could not be loaded; reload to try again.'
  )
})

test('headers the browser refuses are marked with the reason and not sent', async ({ page }) => {
  await page.getByRole('tab', { name: /Headers/ }).click()
  await page.getByRole('button', { name: 'Add header' }).click()
  await page.getByLabel('Name').last().fill('Host')
  await page.getByLabel('Value').last().fill('evil.example')
  await expect(page.getByText('The browser won’t send this.')).toBeVisible()
  await expect(page.getByText(/takes Host from the URL/)).toBeVisible()
  await send(page)
  await expect(environRow(page, 'HTTP_HOST')).toContainText(new URL(page.url()).host)
  await expect(
    page
      .getByRole('list', { name: 'Headers' })
      .getByRole('listitem')
      .filter({ hasText: 'evil.example' })
  ).toContainText('not sent')
})

test('compare marks a changed key between pinned A and B', async ({ page }) => {
  await page.getByLabel('Path').fill('/first')
  await send(page)
  await page.getByRole('button', { name: 'Pin as A' }).click()
  await page.getByLabel('Path').fill('/second')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(environRow(page, 'PATH_INFO')).toContainText('/second')
  await page.getByRole('button', { name: 'Compare A ↔ B' }).click()
  const row = page
    .getByRole('table', { name: 'Comparison' })
    .getByRole('row', { name: /PATH_INFO/ })
  await expect(row).toContainText('changed')
  await expect(row).toContainText('/first')
  await expect(row).toContainText('/second')
})

/**
 * Keys that legitimately differ between Chromium's fetch() and curl, with the reason.
 * Every key the UI tags as "browser" must be listed here, so a new browser header fails loudly.
 */
const DIFFERS_BETWEEN_CLIENTS: Readonly<Record<string, string>> = {
  REMOTE_PORT: 'a new TCP connection gets a new ephemeral port',
  'wsgi.input': 'its repr names the file descriptor of the connection',
  'gunicorn.socket': 'its repr includes the client port',
  'werkzeug.socket': 'its repr includes the client port',
  HTTP_USER_AGENT: 'curl and Chromium identify themselves differently',
  HTTP_ACCEPT_ENCODING: 'the browser negotiates compression; curl sends none without --compressed',
  HTTP_ACCEPT_LANGUAGE: 'the browser sends the user’s languages',
  HTTP_CONNECTION: 'Chromium says keep-alive; curl relies on the HTTP/1.1 default',
  HTTP_ORIGIN: 'the browser states the page origin on POST',
  HTTP_REFERER: 'the browser states the page URL',
  HTTP_SEC_FETCH_SITE: 'fetch metadata, browser only',
  HTTP_SEC_FETCH_MODE: 'fetch metadata, browser only',
  HTTP_SEC_FETCH_DEST: 'fetch metadata, browser only',
  HTTP_SEC_CH_UA: 'client hints, browser only',
  HTTP_SEC_CH_UA_MOBILE: 'client hints, browser only',
  HTTP_SEC_CH_UA_PLATFORM: 'client hints, browser only',
  HTTP_COOKIE: 'cookies come from the browser’s jar',
  HTTP_PRIORITY: 'Chromium’s request priority hint',
}

/** Browser-added headers that curl sends with the same value, so they are compared too. */
const SAME_FROM_BOTH_CLIENTS: Readonly<Record<string, string>> = {
  HTTP_HOST: 'both clients take Host from the URL',
  HTTP_ACCEPT: 'fetch() and curl both default to */*',
}

test('copy as curl reproduces the same environ', async ({ page }) => {
  await page.getByLabel('Method').fill('PUT')
  await page.getByLabel('Path').fill('/curl/it’s here')
  await page.getByRole('button', { name: 'Raw', exact: true }).click()
  await page.getByLabel('Raw query string').fill("x=%zz&y=a+b&q='1'")
  await page.getByRole('tab', { name: /Headers/ }).click()
  await page.getByRole('button', { name: 'Add header' }).click()
  await page.getByLabel('Name').last().fill('X-Quote')
  await page.getByLabel('Value').last().fill(`it's "quoted" $HOME \`x\``)
  await page.getByRole('tab', { name: /Body/ }).click()
  await page.getByRole('button', { name: 'JSON', exact: true }).click()
  await page.getByRole('textbox', { name: 'Body' }).fill(`{"name": "O'Brien", "note": "café"}`)
  await send(page)
  // the environ the UI holds, exactly (the table shows stand-ins for invisible characters)
  await page.getByRole('button', { name: 'Copy JSON' }).click()
  const shown = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<
    string,
    string
  >
  const table = await shownEnviron(page)
  expect(Object.keys(table)).toEqual(Object.keys(shown))
  expect(table.HTTP_X_QUOTE).toBe(shown.HTTP_X_QUOTE)

  await page.getByRole('button', { name: 'Copy as curl' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toContainText(
    'Copied curl command'
  )
  const command = await page.evaluate(() => navigator.clipboard.readText())
  expect(command).toMatch(/^curl -sS -X PUT --path-as-is /)
  const { stdout } = await run('sh', ['-c', command], { timeout: 15_000 })
  const fromCurl = JSON.parse(stdout) as Record<string, string>

  for (const key of await browserTaggedKeys(page)) {
    const known = [...Object.keys(DIFFERS_BETWEEN_CLIENTS), ...Object.keys(SAME_FROM_BOTH_CLIENTS)]
    expect(known, `${key} is tagged "browser"`).toContain(key)
  }
  const compared = [...new Set([...Object.keys(shown), ...Object.keys(fromCurl)])].filter(
    (key) => !(key in DIFFERS_BETWEEN_CLIENTS)
  )
  expect(compared.length).toBeGreaterThan(15)
  for (const key of compared) expect(fromCurl[key], key).toBe(shown[key])
  expect(shown.QUERY_STRING).toBe('x=%zz&y=a+b&q=%271%27')
  expect(shown.HTTP_X_QUOTE).toBe(`it's "quoted" $HOME \`x\``)
})

test('an echoed value holding markup shows as text and runs nothing', async ({ page }) => {
  const payload = '<img src=x onerror=alert(1)>'
  const dialogs: string[] = []
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message())
    await dialog.dismiss()
  })
  await page.getByRole('tab', { name: /Headers/ }).click()
  await page.getByRole('button', { name: 'Add header' }).click()
  await page.getByLabel('Name').last().fill('X-Xss')
  await page.getByLabel('Value').last().fill(payload)
  await send(page)
  await expect(environRow(page, 'HTTP_X_XSS')).toContainText(payload)
  await environRow(page, 'HTTP_X_XSS').getByRole('button', { name: 'HTTP_X_XSS' }).click()
  await expect(page.getByRole('complementary', { name: 'HTTP_X_XSS' })).toContainText(payload)
  await expect(page.locator('img')).toHaveCount(0)
  expect(dialogs).toEqual([])
})

test('history keeps sent requests and reopens them into the composer', async ({ page }) => {
  await page.getByLabel('Path').fill('/remember/me')
  await send(page)
  await page.reload()
  await page.getByRole('button', { name: 'Examples & history' }).click()
  await page.getByLabel('Path').fill('/something/else')
  const history = page.getByRole('region', { name: 'History' })
  await history.getByRole('button', { name: /\/remember\/me/ }).click()
  await expect(page.getByLabel('Path')).toHaveValue('/remember/me')
})

test('an unreachable server and a non-JSON answer give clear errors', async ({ page }) => {
  await page.route(
    (url) => url.pathname === '/down-here',
    (route) => route.abort('connectionrefused')
  )
  await page.getByLabel('Path').fill('/down-here')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('Server unreachable')
  await expect(page.getByRole('alert')).toContainText('npm start')

  await page.route(
    (url) => url.pathname === '/html-here',
    (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' })
  )
  await page.getByLabel('Path').fill('/html-here')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('502 with text/html, not a JSON environ')
})

test('a whole URL pasted into Path is split into its path and query', async ({ page }) => {
  const origin = new URL(page.url()).origin
  await page.getByLabel('Path').fill(`${origin}/shop/item?x=1#top`)
  // previewed as it will go out while the field still has focus
  await expect(page.getByText('GET /shop/item?x=1 HTTP/1.1')).toBeVisible()
  await page.getByLabel('Path').press('Tab')
  await expect(page.getByLabel('Path')).toHaveValue('/shop/item')
  await expect(page.getByRole('status').filter({ hasText: 'The URL was split' })).toContainText(
    '#top is dropped'
  )
  await send(page)
  await expect(environRow(page, 'PATH_INFO')).toContainText('/shop/item')
  await expect(environRow(page, 'QUERY_STRING')).toContainText('x=1')
})

test('typing path?query previews one request line while the field has focus', async ({ page }) => {
  const path = page.getByLabel('Path')
  await path.fill('')
  await path.pressSequentially('/a?b=1')
  await expect(path).toBeFocused()
  await expect(page.getByText('GET /a?b=1 HTTP/1.1')).toBeVisible()
})

test('a result that no longer matches the form says so, until it is sent again', async ({
  page,
}) => {
  await page.getByLabel('Path').fill('/one')
  await send(page)
  await page.getByLabel('Path').fill('/three')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(environRow(page, 'PATH_INFO')).toContainText('/three')
  const stale = page.getByRole('status').filter({ hasText: 'The form has changed' })
  await expect(stale).toHaveCount(0)

  await page.getByRole('button', { name: 'Examples & history' }).click()
  await page.getByRole('region', { name: 'History' }).getByRole('button', { name: /\/one/ }).click()
  await expect(page.getByLabel('Path')).toHaveValue('/one')
  await expect(stale).toContainText('this result is for GET /three')
  await stale.getByRole('button', { name: 'Send again' }).click()
  await expect(environRow(page, 'PATH_INFO')).toContainText('/one')
  await expect(stale).toHaveCount(0)
})

test('choosing an example from far down the page brings the form into view', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 600 })
  await send(page)
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
  await expect(page.getByLabel('Path')).not.toBeInViewport()
  await loadExample(page, 'Duplicate headers')
  await expect(page.getByLabel('Path')).toHaveValue('/dup')
  await expect(page.getByLabel('Path')).toBeInViewport()
  await expect(page.getByLabel('Path')).toBeFocused()
  await expect(
    page.getByText('Loaded the example “Duplicate headers” into the form.')
  ).toBeVisible()
})

test('the examples drawer is offered only on Inspect, where its entries act', async ({ page }) => {
  await expect(page.getByRole('button', { name: 'Examples & history' })).toBeVisible()
  await page.getByRole('link', { name: 'Live' }).click()
  await expect(page.getByRole('heading', { name: 'Live capture' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Examples & history' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Proxy' }).click()
  await expect(page.getByRole('heading', { name: 'Proxy headers' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Examples & history' })).toHaveCount(0)
})

test('the filter narrows the environ table', async ({ page }) => {
  await send(page)
  await page.getByLabel('Filter keys').fill('wsgi.')
  await expect(environRow(page, 'wsgi.version')).toBeVisible()
  await expect(environRow(page, 'PATH_INFO')).toHaveCount(0)
})

test('is usable at 800 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 900 })
  await send(page)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(overflow).toBeLessThanOrEqual(800)
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeInViewport()
})

test('main view screenshots for the README (light and dark)', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await loadExample(page, 'UTF-8 in the path')
  await send(page)
  await page.getByRole('button', { name: '/caf%C3%A9/men%C3%BC', exact: true }).click()
  await expect(environRow(page, 'PATH_INFO')).toContainText('as UTF-8')
  await page.getByRole('region', { name: 'Compose a request' }).scrollIntoViewIfNeeded()
  await page.evaluate(() => window.scrollTo(0, 0))
  // the README's copies change only on request, so a test run leaves the checkout clean
  const folder = process.env.EI_UPDATE_SCREENSHOTS ? './__screenshots__/' : '../../test-results/'
  const shot = (name: string) => new URL(`${folder}${name}`, import.meta.url).pathname
  await page.screenshot({ path: shot('main-view.png') })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: shot('main-view-dark.png') })
})
