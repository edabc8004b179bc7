/**
 * Exact mode as a user drives it: the server sends the bytes (any header, any version, raw
 * malformed requests), the UI shows the bytes as sent, where each key came from, and the
 * three server profiles side by side.
 *
 * Same rules as inspector.spec.ts: roles and labels only, against the built UI.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, type Locator, type Page, test } from '@playwright/test'

const run = promisify(execFile)

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function environRow(page: Page, key: string): Locator {
  return page
    .getByRole('table', { name: 'Environ' })
    .getByRole('row', { name: new RegExp(`^${escapeRegExp(key)}\\s`) })
}

/** The "Request as sent" panel. */
function sentPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Request as sent' })
}

/** The line of the sent bytes that starts with `text`. */
function sentLine(page: Page, text: string): Locator {
  return sentPanel(page)
    .getByRole('list', { name: 'Headers' })
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`^${escapeRegExp(text)}`) })
}

async function exactMode(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Exact', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Exact', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
}

async function addHeader(page: Page, name: string, value: string): Promise<void> {
  await page.getByRole('tab', { name: /Headers/ }).click()
  await page.getByRole('button', { name: 'Add header' }).click()
  const rows = page.getByRole('table', { name: 'Headers' })
  await rows.getByLabel('Name').last().fill(name)
  await rows.getByLabel('Value').last().fill(value)
}

async function send(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Send', exact: true }).click()
}

test.beforeEach(async ({ page }) => {
  await page.goto('/_inspector/')
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeVisible()
})

test('sends a chosen Host and a repeated X-Dup exactly, and shows the joined key', async ({
  page,
}) => {
  await exactMode(page)
  await addHeader(page, 'Host', 'example.test')
  await expect(page.getByText('The browser won’t send this.')).toHaveCount(0)
  await addHeader(page, 'X-Dup', 'a')
  await addHeader(page, 'X-Dup', 'b')
  await send(page)
  await expect(environRow(page, 'HTTP_HOST')).toContainText('example.test')
  await expect(environRow(page, 'HTTP_X_DUP')).toContainText('a,b')
  await expect(page.getByText('200 OK')).toBeVisible()
  // the bytes as sent: two X-Dup lines, nothing added
  await expect(sentLine(page, 'GET /foo/bar?baz=bat HTTP/1.1')).toBeVisible()
  await expect(sentLine(page, 'X-Dup: a')).toBeVisible()
  await expect(sentLine(page, 'X-Dup: b')).toBeVisible()
  await expect(sentLine(page, 'Host: example.test')).not.toContainText('added')
})

test('a malformed raw request shows the server’s 400 and its reason', async ({ page }) => {
  await exactMode(page)
  await page.getByRole('tab', { name: /Raw/ }).click()
  await page.getByRole('button', { name: 'Two Content-Lengths' }).click()
  await expect(page.getByLabel('Raw request')).toHaveValue(/Content-Length: 3\nContent-Length: 5/)
  await expect(page.getByText(/raw bytes from the Raw tab/)).toBeVisible()
  await send(page)
  await expect(page.getByText('400 Bad Request', { exact: true })).toBeVisible()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('The server refused the request')
  await expect(alert).toContainText("Node's HTTP parser refused the bytes with 400")
  await expect(alert).toContainText('Duplicate Content-Length')
  await expect(sentLine(page, 'Content-Length: 5')).toBeVisible()
  // nothing reached a profile, and the Profiles tab says why
  await page.getByRole('tab', { name: 'Profiles' }).click()
  await expect(page.getByRole('region', { name: 'Profiles' })).toContainText(
    'parser refused the bytes before any profile saw them'
  )
})

test('a bare LF is written as \\n and shown as such in the bytes sent', async ({ page }) => {
  await exactMode(page)
  await page.getByRole('tab', { name: /Raw/ }).click()
  await page.getByLabel('Raw request').fill('GET /lf HTTP/1.1\\n\nHost: h\n\n')
  const preview = page.getByRole('region', { name: 'Bytes to send' })
  await expect(preview).toContainText('28 bytes')
  await expect(preview.getByTitle('bare LF, no CR')).toHaveCount(1)
  await expect(preview.getByTitle('CRLF')).toHaveCount(2)
  await send(page)
  await expect(page.getByRole('alert')).toContainText('400')
  await expect(sentPanel(page).getByTitle('bare LF, no CR')).toHaveCount(1)
})

test('the profiles view marks where wsgiref, gunicorn and werkzeug differ, and why', async ({
  page,
}) => {
  await exactMode(page)
  await addHeader(page, 'Host', 'example.test')
  await addHeader(page, 'X_Under', 'u')
  await send(page)
  await expect(environRow(page, 'HTTP_X_UNDER')).toContainText('u')
  await page.getByRole('tab', { name: 'Profiles' }).click()
  const table = page.getByRole('table', { name: 'Profiles' })
  await expect(table.getByRole('columnheader')).toHaveText([
    'Key',
    'wsgiref',
    'gunicorn',
    'werkzeug',
    'waitress',
    'cheroot',
    'uwsgi',
    'django',
  ])
  const rawUri = table.getByRole('row', { name: /^RAW_URI/ })
  await expect(rawUri).toContainText('not in all')
  await expect(rawUri).toContainText('keep the request-target exactly as sent')
  await expect(rawUri.getByRole('cell').nth(0)).toHaveText('absent')
  await expect(rawUri.getByRole('cell').nth(1)).toHaveText('/foo/bar?baz=bat')
  const under = table.getByRole('row', { name: /^HTTP_X_UNDER/ })
  await expect(under).toContainText('drop header names containing "_"')
  const same = table.getByRole('row', { name: /^QUERY_STRING/ })
  await expect(same).not.toContainText('differs')
  await page.getByLabel('Only differences').check()
  await expect(table.getByRole('row', { name: /^QUERY_STRING/ })).toHaveCount(0)
  await expect(rawUri).toBeVisible()
})

test('ASGI servers get a table of their own: the scope uvicorn builds, keys mapped to the environ', async ({
  page,
}) => {
  await exactMode(page)
  await page.getByLabel('Path').fill('/a%20b')
  await send(page)
  await page.getByRole('tab', { name: 'Profiles' }).click()
  const environs = page.getByRole('table', { name: 'Profiles' })
  await expect(environs.getByRole('columnheader', { name: 'uvicorn' })).toHaveCount(0)
  const scopes = page.getByRole('table', { name: 'ASGI scopes' })
  await expect(scopes.getByRole('columnheader')).toHaveText([
    'Key',
    'uvicorn',
    'hypercorn',
    'daphne',
    'granian',
  ])
  // each server writes its own asgi dict: hypercorn puts spec_version first
  await expect(scopes.getByRole('row', { name: /^asgi / })).toContainText(
    "{'spec_version': '2.1', 'version': '3.0'}"
  )
  await expect(scopes.getByRole('row', { name: /^path / })).toContainText('/a b')
  await expect(scopes.getByRole('row', { name: /^raw_path/ })).toContainText("b'/a%20b'")
  await expect(scopes.getByRole('row', { name: /^query_string/ })).toContainText("b'baz=bat'")
  await expect(page.getByRole('region', { name: 'ASGI scopes' })).toContainText(
    'path is PATH_INFO decoded'
  )
})

test('a whole URL goes out as typed, or split into its path and a Host row', async ({ page }) => {
  await exactMode(page)
  await page.getByLabel('Path').fill('http://shop.example/item?x=1')
  await expect(page.getByText('GET http://shop.example/item?x=1 HTTP/1.1')).toBeVisible()
  await page.getByRole('button', { name: 'Split into path and Host' }).click()
  await expect(page.getByLabel('Path')).toHaveValue('/item')
  await send(page)
  await expect(environRow(page, 'HTTP_HOST')).toContainText('shop.example')
  await expect(environRow(page, 'PATH_INFO')).toContainText('/item')
  await expect(environRow(page, 'QUERY_STRING')).toContainText('x=1')
})

test('the SCRIPT_NAME example mounts the app for one send, and names the server flag', async ({
  page,
}) => {
  // this server runs without --script-name: the example mounts /app for its send only
  await page.getByRole('button', { name: 'Examples & history' }).click()
  await page.getByRole('button', { name: 'Mounted under SCRIPT_NAME' }).click()
  await expect(page.getByLabel('Mount at')).toHaveValue('/app')
  await expect(
    page.getByText(/as a server started with --script-name \/app builds it/)
  ).toBeVisible()
  await send(page)
  await expect(environRow(page, 'SCRIPT_NAME')).toContainText('/app')
  await expect(environRow(page, 'PATH_INFO')).toContainText('/users/42')
  await page.getByRole('tab', { name: 'Profiles' }).click()
  const profiles = page.getByRole('table', { name: 'Profiles' })
  await expect(profiles.getByRole('row', { name: /^SCRIPT_NAME/ })).not.toContainText('differs')

  // outside the mount point there is no environ: such a server answers 404
  await page.getByLabel('Path').fill('/elsewhere')
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(profiles.getByRole('columnheader', { name: /^wsgiref refused 404/ })).toBeVisible()
  await page.getByRole('tab', { name: 'Environ' }).click()
  await expect(page.getByRole('alert')).toContainText('outside the mount point /app')
})

test('HTTP/1.0 reaches SERVER_PROTOCOL, and no Host is added', async ({ page }) => {
  await exactMode(page)
  await page.getByLabel('HTTP version').selectOption('1.0')
  await expect(page.getByText('GET /foo/bar?baz=bat HTTP/1.0')).toBeVisible()
  await send(page)
  await expect(environRow(page, 'SERVER_PROTOCOL')).toContainText('HTTP/1.0')
  await expect(environRow(page, 'HTTP_HOST')).toHaveCount(0)
  await expect(sentPanel(page)).not.toContainText('added')
})

test('what the server added is marked, with the reason', async ({ page }) => {
  await exactMode(page)
  await page.getByLabel('Method').fill('POST')
  await page.getByRole('tab', { name: /Body/ }).click()
  await page.getByRole('textbox', { name: 'Body' }).fill('hi')
  await expect(page.getByText(/the server adds Content-Length: 2/)).toBeVisible()
  await send(page)
  const host = sentLine(page, 'Host: ')
  await expect(host).toContainText('added')
  await expect(host).toContainText('HTTP/1.1 requires a Host header')
  await expect(sentLine(page, 'Content-Length: 2')).toContainText('the body needs framing')
  await expect(environRow(page, 'CONTENT_LENGTH')).toContainText('2')
  // the environ says which keys came from those lines
  await expect(environRow(page, 'HTTP_HOST').getByRole('rowheader')).toContainText('added')
  await expect(environRow(page, 'CONTENT_LENGTH').getByRole('rowheader')).toContainText('added')
  await expect(environRow(page, 'REQUEST_METHOD').getByRole('rowheader')).not.toContainText('added')
})

test('a key lights up the bytes it came from; a line lights up its keys', async ({ page }) => {
  await exactMode(page)
  await addHeader(page, 'X-Dup', 'first')
  await addHeader(page, 'x-dup', 'second')
  await send(page)
  await environRow(page, 'HTTP_X_DUP').getByRole('button', { name: 'HTTP_X_DUP' }).click()
  const marks = sentPanel(page).locator('mark')
  await expect(marks).toHaveText(['X-Dup', 'first', 'x-dup', 'second'])
  const explainer = page.getByRole('complementary', { name: 'HTTP_X_DUP' })
  await expect(explainer.getByRole('list', { name: 'Steps' })).toContainText('comma-join')

  await environRow(page, 'PATH_INFO').getByRole('button', { name: 'PATH_INFO' }).click()
  await expect(marks).toHaveText(['/foo/bar'])

  await sentLine(page, 'x-dup: second').getByRole('button').click()
  await expect(
    page
      .getByRole('complementary', { name: 'Explanation' })
      .getByRole('button', { name: 'HTTP_X_DUP' })
  ).toBeVisible()
})

test('exact results keep history and compare working', async ({ page }) => {
  await exactMode(page)
  await page.getByLabel('Path').fill('/first')
  await send(page)
  await expect(environRow(page, 'PATH_INFO')).toContainText('/first')
  await page.getByRole('button', { name: 'Pin as A' }).click()
  await page.getByLabel('HTTP version').selectOption('1.0')
  await page.getByLabel('Path').fill('/second')
  await send(page)
  await expect(environRow(page, 'PATH_INFO')).toContainText('/second')
  await page.getByRole('button', { name: 'Compare A ↔ B' }).click()
  const compared = page.getByRole('table', { name: 'Comparison' })
  await expect(compared.getByRole('row', { name: /SERVER_PROTOCOL/ })).toContainText('changed')

  await page.reload()
  await page.getByRole('button', { name: 'Browser', exact: true }).click()
  await page.getByRole('button', { name: 'Examples & history' }).click()
  const history = page.getByRole('region', { name: 'History' })
  await expect(history.getByRole('button', { name: /\/first/ })).toContainText('exact')
  await history.getByRole('button', { name: /\/first/ }).click()
  await expect(page.getByLabel('Path')).toHaveValue('/first')
  await expect(page.getByRole('button', { name: 'Exact', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  await expect(page.getByLabel('HTTP version')).toHaveValue('1.1')
})

test('copy as curl reproduces an exact request; raw bytes get printf | nc', async ({ page }) => {
  await exactMode(page)
  await page.getByLabel('HTTP version').selectOption('1.0')
  await addHeader(page, 'Host', 'example.test')
  await addHeader(page, 'X-Dup', 'a')
  await addHeader(page, 'x-dup', "it's")
  await addHeader(page, 'X-Empty', '')
  await send(page)
  await expect(environRow(page, 'HTTP_X_DUP')).toContainText("a,it's")
  await page.getByRole('button', { name: 'Copy JSON' }).click()
  const shown = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<
    string,
    string
  >
  await page.getByRole('button', { name: 'Copy as curl' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toContainText(
    'Copied curl command'
  )
  const command = await page.evaluate(() => navigator.clipboard.readText())
  expect(command).toMatch(/^curl -sS --http1\.0 --request-target /)
  const { stdout } = await run('sh', ['-c', command], { timeout: 15_000 })
  const fromCurl = JSON.parse(stdout) as Record<string, string>
  const perConnection = ['REMOTE_PORT', 'wsgi.input']
  const keys = [...new Set([...Object.keys(shown), ...Object.keys(fromCurl)])]
  for (const key of keys.filter((k) => !perConnection.includes(k))) {
    expect(fromCurl[key], key).toBe(shown[key])
  }
  expect(fromCurl.HTTP_X_EMPTY).toBe('')

  await page.getByRole('tab', { name: /Raw/ }).click()
  await page.getByRole('button', { name: 'CL + TE' }).click()
  await send(page)
  await expect(page.getByText('400 Bad Request', { exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Copy as curl' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toContainText(
    'printf | nc command instead: curl cannot send hand-written or malformed bytes'
  )
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(
    /^printf 'POST \/ HTTP\/1\.1\\015\\012Host: example\.test\\015\\012.*' \| nc -w 3 127\.0\.0\.1 \d+$/
  )
})

test('exact mode is usable with the keyboard and at 800 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 900 })
  await page.getByRole('button', { name: 'Exact', exact: true }).focus()
  await page.keyboard.press('Enter')
  await page.getByLabel('HTTP version').focus()
  await page.keyboard.press('ArrowDown')
  await page.getByLabel('Path').press('Control+Enter')
  await expect(environRow(page, 'SERVER_PROTOCOL')).toContainText('HTTP/1.0')
  await page.getByRole('tab', { name: 'Environ' }).press('ArrowRight')
  await expect(page.getByRole('tab', { name: 'Profiles' })).toBeFocused()
  await expect(page.getByRole('table', { name: 'Profiles' })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(overflow).toBeLessThanOrEqual(800)
})

test('a draft saved before exact mode still loads, in browser mode', async ({ page }) => {
  await page.evaluate(() => {
    const old = {
      method: 'PUT',
      path: '/saved/long/ago',
      queryMode: 'table',
      queryRows: [],
      rawQuery: '',
      headers: [{ id: 'r1', name: 'X-Old', value: '1', enabled: true }],
      body: '',
    }
    localStorage.setItem('environ-inspector.draft.v1', JSON.stringify(old))
  })
  await page.reload()
  await expect(page.getByLabel('Path')).toHaveValue('/saved/long/ago')
  await expect(page.getByRole('button', { name: 'Browser', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  await exactMode(page)
  await send(page)
  await expect(environRow(page, 'HTTP_X_OLD')).toContainText('1')
  await expect(environRow(page, 'REQUEST_METHOD')).toContainText('PUT')
})
