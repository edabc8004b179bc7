/**
 * The Live page as a user drives it: a request sent by another client (a Node socket, not
 * the page) shows up while the page is open; select it, replay it, pause, filter, clear,
 * compare.
 *
 * Every spec shares one server (workers: 1), so the history holds other specs' requests too:
 * each test sends requests with a marker of its own and looks only for those.
 */
import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { expect, type Locator, type Page, test } from '@playwright/test'
import { startInspector } from '../helpers/inspector-process.ts'

interface NodeRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string | Uint8Array
}

/** Send a request from this Node process, as any other client would; resolves to the status. */
function sendFromNode(baseURL: string, { method = 'GET', path, headers, body }: NodeRequest) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(new URL(path, baseURL), { method, headers, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Send `GET path` on a new connection and leave it open; resolves once the answer arrived. */
function getOnOpenConnection(baseURL: string, path: string): Promise<Socket> {
  const { hostname, port } = new URL(baseURL)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`)
    })
    socket.once('data', () => resolve(socket))
    socket.once('error', reject)
  })
}

function newMarker(): string {
  return `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`
}

function requests(page: Page): Locator {
  return page.getByRole('table', { name: 'Captured requests' })
}

/** The list row of the request whose path contains `text`. */
function requestRow(page: Page, text: string): Locator {
  return requests(page).getByRole('row', { name: new RegExp(text) })
}

function environRow(page: Page, key: string): Locator {
  return page
    .getByRole('table', { name: 'Captured environ' })
    .getByRole('row', { name: new RegExp(`^${key}\\s`) })
}

async function openLive(page: Page): Promise<void> {
  await page.goto('/_inspector/#/live')
  await expect(page.getByRole('heading', { name: 'Live capture' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /^live$/ })).toBeVisible()
}

test.beforeEach(async ({ page }) => {
  await openLive(page)
})

test('shows a request sent by a Node client while the page is open, with its environ', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  const status = await sendFromNode(baseURL ?? '', {
    method: 'POST',
    path: `/hooks/${marker}?delivery=1`,
    headers: { 'X-Live-Marker': marker, 'Content-Type': 'text/plain' },
    body: `hello ${marker}`,
  })
  expect(status).toBe(200)

  const row = requestRow(page, marker)
  await expect(row).toBeVisible()
  await expect(row).toContainText('POST')
  await expect(row).toContainText(`/hooks/${marker}?delivery=1`)
  await expect(row).toContainText('200')
  await expect(row).toContainText(/127\.0\.0\.1:\d+/)

  await row.click()
  await expect(environRow(page, 'HTTP_X_LIVE_MARKER')).toContainText(marker)
  await expect(environRow(page, 'PATH_INFO')).toContainText(`/hooks/${marker}`)
  await expect(environRow(page, 'QUERY_STRING')).toContainText('delivery=1')
  const headers = page.getByRole('list', { name: 'Captured headers' })
  await expect(headers).toContainText(`X-Live-Marker: ${marker}`)
  await expect(page.getByText(`hello ${marker}`)).toBeVisible()
  await expect(page.getByText(/SHA-256/)).toBeVisible()
})

test('Replay fills the composer with the captured method, path and headers', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  await sendFromNode(baseURL ?? '', {
    method: 'PUT',
    path: `/replay/${marker}`,
    headers: { 'X-Replay-Marker': marker },
    body: 'replayed body',
  })
  await requestRow(page, marker).click()
  await page.getByRole('button', { name: 'Replay' }).click()

  await expect(page).toHaveURL(/#\/$/)
  await expect(page.getByLabel('Method')).toHaveValue('PUT')
  await expect(page.getByLabel('Path')).toHaveValue(`/replay/${marker}`)
  await page.getByRole('tab', { name: /Headers/ }).click()
  // the Headers tab loads on demand: wait for its table before reading every row at once
  await expect(page.getByRole('table', { name: 'Headers' })).toBeVisible()
  const names = page.getByLabel('Name')
  const at = (
    await names.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
  ).indexOf('X-Replay-Marker')
  expect(at).toBeGreaterThanOrEqual(0)
  await expect(page.getByLabel('Value').nth(at)).toHaveValue(marker)
})

test('a binary body stays bytes through Live, Replay and Send', async ({ page, baseURL }) => {
  const marker = newMarker()
  // random bytes are almost never UTF-8; a leading 0xff makes sure
  const body = Buffer.concat([Buffer.from([0xff]), randomBytes(299)])
  await sendFromNode(baseURL ?? '', {
    method: 'PUT',
    path: `/upload/${marker}/blob.bin`,
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
  })
  await requestRow(page, marker).click()
  await page.getByRole('button', { name: 'Replay' }).click()
  const relayed = page.waitForResponse((response) => response.url().endsWith('/api/send'))
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(
    page.getByRole('table', { name: 'Environ' }).getByRole('row', { name: /^CONTENT_LENGTH\s/ })
  ).toContainText('300')
  await expect(page.getByRole('button', { name: 'Body · 300 bytes' })).toBeVisible()

  // what the server sent: the captured head, then the same 300 bytes
  const answer = await (await relayed).json()
  const sent = Buffer.from(answer.sent.base64, 'base64')
  expect(sent.subarray(sent.length - 300).equals(body)).toBe(true)
  expect(sent.subarray(0, sent.length - 300).toString('latin1')).toMatch(
    /^PUT \/upload\/\w+\/blob\.bin HTTP\/1\.1\r\n[\s\S]*Content-Length: 300\r\n\r\n$/
  )
})

test('Pause holds new rows and counts them; resume shows them', async ({ page, baseURL }) => {
  const marker = newMarker()
  await page.getByRole('button', { name: 'Pause' }).click()
  await expect(page.getByText('Paused: new requests are held until you resume.')).toBeVisible()
  await sendFromNode(baseURL ?? '', { path: `/paused/${marker}/1` })
  await sendFromNode(baseURL ?? '', { path: `/paused/${marker}/2` })

  const resume = page.getByRole('button', { name: /^\d+ new — resume$/ })
  await expect(resume).toBeVisible()
  // other specs' requests cannot arrive now (one worker), so the count is exactly ours
  await expect(resume).toHaveText('2 new — resume')
  await expect(requestRow(page, marker)).toHaveCount(0)

  await resume.click()
  await expect(requestRow(page, marker)).toHaveCount(2)
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible()
})

test('the filter narrows the list by path, header text and method', async ({ page, baseURL }) => {
  const marker = newMarker()
  const base = baseURL ?? ''
  await sendFromNode(base, { path: `/f/${marker}/plain` })
  await sendFromNode(base, {
    method: 'DELETE',
    path: `/f/${marker}/tagged`,
    headers: { 'X-Tag': `blue-${marker}` },
  })
  await expect(requestRow(page, marker)).toHaveCount(2)

  const filter = page.getByLabel('Filter', { exact: true })
  await filter.fill(marker)
  await expect(requests(page).locator('tbody tr')).toHaveCount(2)
  await expect(page.getByText('2 of ')).toBeVisible()

  await filter.fill(`x-tag: blue-${marker}`)
  await expect(requests(page).locator('tbody tr')).toHaveCount(1)
  await expect(requestRow(page, `${marker}/tagged`)).toBeVisible()

  await filter.fill(marker)
  await page.getByRole('button', { name: 'GET', exact: true }).click()
  await expect(requests(page).locator('tbody tr')).toHaveCount(1)
  await expect(requestRow(page, `${marker}/plain`)).toBeVisible()

  await filter.fill(`nothing-${marker}`)
  await expect(page.getByText('No captured request matches the filter.')).toBeVisible()
})

test('arrow keys move through the list, Enter selects, new rows do not steal focus', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  const base = baseURL ?? ''
  for (const n of [1, 2, 3]) await sendFromNode(base, { path: `/k/${marker}/${n}` })
  await page.getByLabel('Filter', { exact: true }).fill(marker)
  await expect(requests(page).locator('tbody tr')).toHaveCount(3)

  await requestRow(page, `${marker}/3`).focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(requestRow(page, `${marker}/1`)).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')
  await expect(requestRow(page, `${marker}/2`)).toHaveAttribute('aria-current', 'true')
  await expect(environRow(page, 'PATH_INFO')).toContainText(`/k/${marker}/2`)

  await sendFromNode(base, { path: `/k/${marker}/4` })
  await expect(requests(page).locator('tbody tr')).toHaveCount(4)
  await expect(requestRow(page, `${marker}/2`)).toBeFocused()
  await expect(environRow(page, 'PATH_INFO')).toContainText(`/k/${marker}/2`)
})

test('the selected row stays in place on screen while new requests arrive above it', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  const base = baseURL ?? ''
  // enough rows that the list scrolls
  for (let n = 1; n <= 14; n++) await sendFromNode(base, { path: `/s/${marker}/${n}/` })
  await expect(requestRow(page, `${marker}/14/`)).toBeVisible()
  const selectedRow = requestRow(page, `${marker}/10/`)
  await selectedRow.click()
  await expect(selectedRow).toHaveAttribute('aria-current', 'true')
  const before = await selectedRow.boundingBox()

  await sendFromNode(base, { path: `/s/${marker}/15/` })
  await expect(requestRow(page, `${marker}/15/`)).toHaveCount(1)
  expect((await selectedRow.boundingBox())?.y).toBeCloseTo(before?.y ?? Number.NaN, 0)
  await expect(environRow(page, 'PATH_INFO')).toContainText(`/s/${marker}/10/`)
})

test('Compare: pin one request as A, select another, see what changed', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  const base = baseURL ?? ''
  await sendFromNode(base, { path: `/c/${marker}/a`, headers: { 'X-Only-A': '1' } })
  await sendFromNode(base, { path: `/c/${marker}/b`, headers: { 'X-Only-B': '2' } })

  await requestRow(page, `${marker}/a`).click()
  await page.getByRole('button', { name: 'Pin as A' }).click()
  await expect(page.getByText('This request is A.')).toBeVisible()
  await requestRow(page, `${marker}/b`).click()

  const comparison = page.getByRole('table', { name: 'Comparison' })
  await expect(comparison.getByRole('row', { name: /HTTP_X_ONLY_A.*removed/ })).toBeVisible()
  await expect(comparison.getByRole('row', { name: /HTTP_X_ONLY_B.*added/ })).toBeVisible()
  await expect(comparison.getByRole('row', { name: /PATH_INFO.*changed/ })).toBeVisible()
})

test('Compare counts wsgi.input as the same when only its file descriptor differs', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  // both connections open at once: their file descriptors must differ
  const first = await getOnOpenConnection(baseURL ?? '', `/fd/${marker}/a`)
  const second = await getOnOpenConnection(baseURL ?? '', `/fd/${marker}/b`)
  try {
    await requestRow(page, `${marker}/a`).click()
    await page.getByRole('button', { name: 'Pin as A' }).click()
    await requestRow(page, `${marker}/b`).click()
    const comparison = page.getByRole('table', { name: 'Comparison' })
    await expect(comparison.getByRole('row', { name: /PATH_INFO.*changed/ })).toBeVisible()
    await expect(comparison.getByRole('row', { name: /^wsgi\.input/ })).toHaveCount(0)
    await page.getByLabel('Only differences').uncheck()
    const input = comparison.getByRole('row', { name: /^wsgi\.input/ })
    await expect(input).toContainText('Only the file-descriptor number differs')
    await expect(input).not.toContainText('changed')
    const [a, b] = await input.getByRole('cell').allTextContents()
    expect(a).not.toBe(b)
  } finally {
    first.destroy()
    second.destroy()
  }
})

test('Compare badges stay whole words on a narrow screen', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 })
  const marker = newMarker()
  await sendFromNode(baseURL ?? '', { path: `/badge/${marker}/a`, headers: { 'X-Only-A': '1' } })
  await sendFromNode(baseURL ?? '', { path: `/badge/${marker}/b`, headers: { 'X-Only-B': '2' } })
  await requestRow(page, `${marker}/a`).click()
  await page.getByRole('button', { name: 'Pin as A' }).click()
  await requestRow(page, `${marker}/b`).click()
  const badges = page
    .getByRole('table', { name: 'Comparison' })
    .locator('tbody th span:not([aria-hidden])')
  await expect(badges.first()).toBeVisible()
  const lines = await badges.evaluateAll((spans) =>
    spans.map((span) => span.getClientRects().length)
  )
  expect(lines.length).toBeGreaterThan(2)
  expect(lines.every((count) => count === 1)).toBe(true)
})

test('Clear empties the list and the server history', async ({ page, baseURL, request }) => {
  const marker = newMarker()
  await sendFromNode(baseURL ?? '', { path: `/clear/${marker}` })
  await expect(requestRow(page, marker)).toBeVisible()

  await page.getByRole('button', { name: 'Clear' }).click()
  // server-wide: it asks first (issue 16, defect 7)
  await page.getByRole('button', { name: 'Delete them' }).click()
  await expect(page.getByText(/Cleared \d+ requests? from the server’s history/)).toBeVisible()
  await expect(requests(page).locator('tbody tr')).toHaveCount(0)
  const list = await (await request.get('/_inspector/api/requests')).json()
  expect(list).toMatchObject({ items: [], total: 0 })

  // and the page goes on showing what arrives next
  await sendFromNode(baseURL ?? '', { path: `/after-clear/${marker}` })
  await expect(requestRow(page, `after-clear/${marker}`)).toBeVisible()
})

test('Clear asks first; Cancel keeps every request', async ({ page, baseURL }) => {
  const marker = newMarker()
  await sendFromNode(baseURL ?? '', { path: `/keep/${marker}` })
  await expect(requestRow(page, marker)).toBeVisible()
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(page.getByRole('alert')).toContainText('Delete all')
  await expect(page.getByRole('alert')).toContainText('for everyone watching')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(requestRow(page, marker)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Clear' })).toBeVisible()
})

test('the detail explains keys, traces them to their lines, announces the selection, copies', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  await sendFromNode(baseURL ?? '', {
    path: `/detail/${marker}?q=1`,
    headers: { 'X-Trace-Me': marker },
  })
  await requestRow(page, marker).click()
  // the selection is said in the live region, not only shown
  await expect(page.getByRole('status').filter({ hasText: 'Showing request #' })).toContainText(
    `GET /detail/${marker}?q=1`
  )

  // a key: its explanation, and the header line it came from lit
  const environ = page.getByRole('table', { name: 'Captured environ' })
  await environ.getByRole('switch', { name: 'HTTP_X_TRACE_ME', exact: true }).click()
  const explained = page.getByRole('complementary', { name: 'HTTP_X_TRACE_ME' })
  await expect(explained).toContainText('from the header X-Trace-Me')
  const line = page.getByRole('list', { name: 'Captured headers' }).getByRole('switch', {
    name: new RegExp(`X-Trace-Me: ${marker}`),
  })
  await expect(line).toBeChecked()

  // and back: a line lights the keys it produced
  await page
    .getByRole('list', { name: 'Captured headers' })
    .getByRole('switch', { name: /^Host:/ })
    .click()
  await expect(environ.getByRole('row', { name: /^HTTP_HOST\s/ })).toHaveClass(/lit/)

  await page.getByRole('button', { name: 'Copy as curl' }).click()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toContain(`/detail/${marker}?q=1`)
  expect(copied).toContain(`-H 'X-Trace-Me: ${marker}'`)
})

test('reconnects after a server restart and drops the rows of the old process', async ({
  page,
}) => {
  const first = await startInspector(['--host', '127.0.0.1'])
  const { port } = first
  let second: Awaited<ReturnType<typeof startInspector>> | undefined
  try {
    await page.goto(`http://127.0.0.1:${port}/_inspector/#/live`)
    await expect(page.getByRole('status').filter({ hasText: /^live$/ })).toBeVisible()
    await sendFromNode(first.url, { path: '/before-restart/1' })
    await sendFromNode(first.url, { path: '/before-restart/2' })
    await expect(requestRow(page, '/before-restart')).toHaveCount(2)

    await first.close()
    await expect(page.getByRole('status').filter({ hasText: 'reconnecting…' })).toBeVisible()
    // ids start again at 1 in the new process: the old rows would be confused with new ones
    second = await startInspector(['--host', '127.0.0.1', '--port', String(port)])
    await expect(page.getByRole('status').filter({ hasText: /^live$/ })).toBeVisible({
      timeout: 15_000,
    })
    await sendFromNode(second.url, { path: '/after-restart' })
    await expect(requestRow(page, '/after-restart')).toBeVisible()
    await expect(requestRow(page, '/before-restart')).toHaveCount(0)
  } finally {
    await first.close()
    await second?.close()
  }
})

test('says clearly when the server runs with capture off', async ({ page }) => {
  const server = await startInspector(['--history', '0', '--host', '127.0.0.1'])
  try {
    await page.goto(`http://127.0.0.1:${server.port}/_inspector/#/live`)
    await expect(page.getByRole('heading', { name: 'Live capture is off' })).toBeVisible()
    await expect(page.getByText('--history 0', { exact: true })).toBeVisible()
    await expect(page.getByRole('status').filter({ hasText: 'capture off' })).toBeVisible()
  } finally {
    await server.close()
  }
})

test('redacted values are marked, never shown, and captured markup stays text', async ({
  page,
}) => {
  const server = await startInspector(['--host', '127.0.0.1', '--redact', 'authorization'])
  try {
    await page.goto(`http://127.0.0.1:${server.port}/_inspector/#/live`)
    await expect(page.getByRole('status').filter({ hasText: /^live$/ })).toBeVisible()
    await expect(page.getByText('redacting authorization')).toBeVisible()
    const markup = '<img src=x onerror="document.title=1">'
    await sendFromNode(server.url, {
      path: '/secret',
      headers: { Authorization: 'Bearer s3cret-token', 'X-Html': markup },
    })
    await requestRow(page, '/secret').click()

    const headers = page.getByRole('list', { name: 'Captured headers' })
    await expect(headers.getByRole('listitem').filter({ hasText: /^Authorization:/ })).toHaveText(
      'Authorization: redacted'
    )
    await expect(environRow(page, 'HTTP_AUTHORIZATION')).toContainText('redacted')
    await expect(environRow(page, 'HTTP_X_HTML')).toContainText(markup)
    await expect(page.locator('img')).toHaveCount(0)
    expect(await page.content()).not.toContain('s3cret-token')
  } finally {
    await server.close()
  }
})

test('fits an 800 px window without horizontal scrolling', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 800, height: 700 })
  const marker = newMarker()
  await sendFromNode(baseURL ?? '', {
    path: `/narrow/${marker}/${'long-segment-'.repeat(20)}`,
    headers: { 'X-Long': 'v'.repeat(400) },
  })
  await requestRow(page, marker).click()
  await expect(environRow(page, 'HTTP_X_LONG')).toBeVisible()
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth
  )
  expect(overflow).toBeLessThanOrEqual(0)
})

test('a captured request shown under other profiles: pick them, each difference explained', async ({
  page,
  baseURL,
}) => {
  const marker = newMarker()
  await sendFromNode(baseURL ?? '', {
    path: `/profiles/${marker}?q=1`,
    headers: { X_Under: marker },
  })
  await requestRow(page, marker).click()
  await page.getByRole('button', { name: 'Show under other profiles' }).click()
  const table = page.getByRole('table', { name: 'Profiles' })
  await expect(table.getByRole('columnheader')).toHaveText([
    'Key',
    'wsgiref',
    'gunicorn',
    'werkzeug',
  ])
  // the header with "_" reaches wsgiref only, and the row says why
  const under = table.getByRole('row', { name: /^HTTP_X_UNDER/ })
  await expect(under).toContainText('not in all')
  await expect(under).toContainText('drop header names containing "_"')
  await expect(under.getByRole('cell').nth(0)).toHaveText(marker)
  await expect(under.getByRole('cell').nth(1)).toHaveText('absent')

  // unpick wsgiref: gunicorn and werkzeug agree on HTTP_X_UNDER (both drop it)
  const picker = page.getByRole('group', { name: 'Profiles to compare' })
  await picker.getByRole('checkbox', { name: 'wsgiref' }).uncheck()
  await expect(table.getByRole('columnheader')).toHaveText(['Key', 'gunicorn', 'werkzeug'])
  await expect(table.getByRole('row', { name: /^HTTP_X_UNDER/ })).toHaveCount(0)
  const rawUri = table.getByRole('row', { name: /^REQUEST_URI/ })
  await expect(rawUri).toContainText('not in all')
  // pick it again: three columns, in the server's profile order
  await picker.getByRole('checkbox', { name: 'wsgiref' }).check()
  await expect(table.getByRole('columnheader')).toHaveText([
    'Key',
    'wsgiref',
    'gunicorn',
    'werkzeug',
  ])
  // one checkbox per profile the server knows, whatever their number
  const info = (await (await page.request.get('/_inspector/api/info')).json()) as {
    profiles: string[]
  }
  await expect(picker.getByRole('checkbox')).toHaveCount(info.profiles.length)
})
