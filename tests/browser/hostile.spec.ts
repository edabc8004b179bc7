/**
 * Hostile values in the UI: echoed and captured requests that carry HTML, `<script>`,
 * `<img onerror>`, `javascript:` URLs and huge strings must render as inert text on every
 * page that shows them, under the inspector's Content-Security-Policy.
 *
 * A guard is installed before any page script runs: it records dialogs, CSP violations,
 * page errors, a global the payloads would set (`__eiPwned`), and every element that
 * appears carrying the payloads' marker class or an inline event handler. Each test ends
 * by asserting the guard saw nothing, and that the payload text itself is visible (text,
 * not markup).
 */
import net from 'node:net'
import { expect, type Page, test } from '@playwright/test'

const MARK = 'eipwn'

/** Each payload sets `__eiPwned` if it ever runs, and carries the marker class if parsed. */
const PAYLOADS = {
  script: `<script class=${MARK}>window.__eiPwned='script'</script>`,
  img: `<img src=x class=${MARK} onerror="window.__eiPwned='img'">`,
  svg: `"><svg class=${MARK} onload="window.__eiPwned='svg'">`,
  iframe: `</textarea><iframe class=${MARK} srcdoc="<script>parent.__eiPwned='iframe'</script>">`,
  js: `javascript:window.__eiPwned='href'//`,
  template: `{{constructor.constructor('window.__eiPwned=1')()}}`,
} as const

interface GuardReport {
  pwned: unknown
  injected: string[]
  violations: string[]
}

/** Install the guard (before the app's scripts) and collect what Playwright sees. */
async function guard(page: Page) {
  const dialogs: string[] = []
  const errors: string[] = []
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    await dialog.dismiss()
  })
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      errors.push(message.text())
    }
  })
  await page.addInitScript((mark: string) => {
    const report = {
      pwned: undefined as unknown,
      injected: [] as string[],
      violations: [] as string[],
    }
    Object.defineProperty(window, '__eiGuard', { value: report })
    Object.defineProperty(window, '__eiPwned', {
      set(value: unknown) {
        report.pwned = value
      },
      get: () => report.pwned,
    })
    document.addEventListener('securitypolicyviolation', (event) => {
      report.violations.push(`${event.violatedDirective} ${event.blockedURI}`)
    })
    const inspect = (node: Node) => {
      if (!(node instanceof Element)) return
      for (const element of [node, ...node.querySelectorAll('*')]) {
        const handlers = [...element.attributes].filter((a) => a.name.startsWith('on'))
        if (element.classList.contains(mark) || handlers.length > 0) {
          report.injected.push(element.outerHTML.slice(0, 200))
        }
        if (element instanceof HTMLAnchorElement && /^\s*javascript:/i.test(element.href)) {
          report.injected.push(element.outerHTML.slice(0, 200))
        }
      }
    }
    new MutationObserver((records) => {
      for (const record of records) record.addedNodes.forEach(inspect)
    }).observe(document, { childList: true, subtree: true })
  }, MARK)

  return async function expectNothingRan(): Promise<void> {
    const report = (await page.evaluate(
      () => (window as unknown as { __eiGuard: unknown }).__eiGuard
    )) as GuardReport
    expect(dialogs, 'dialogs').toEqual([])
    expect(report.pwned, 'a payload ran').toBeUndefined()
    expect(report.injected, 'elements the payloads created').toEqual([])
    expect(report.violations, 'CSP violations').toEqual([])
    expect(errors, 'page errors and CSP console errors').toEqual([])
  }
}

/** Send a request straight to the echo, header values as raw latin-1 bytes. */
function sendRaw(port: number, head: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(head, 'latin1'))
    socket.on('data', () => {})
    socket.on('close', () => resolve())
    socket.on('error', reject)
  })
}

/** Fill the history with requests that carry every payload, in the target, headers and body. */
async function captureHostileRequests(baseURL: string): Promise<void> {
  const port = Number(new URL(baseURL).port)
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    const body = `${payload}\n${'B'.repeat(2000)}`
    await sendRaw(
      port,
      `POST /${MARK}-${name}/${encodeURIComponent(payload)}?q=${encodeURIComponent(payload)} HTTP/1.1\r\n` +
        `Host: ${payload.replace(/[^\x21-\x7e]/g, '')}\r\nReferer: ${payload}\r\nX-Payload: ${payload}\r\n` +
        `Content-Type: text/html\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
    )
  }
  // and one huge value, just under the head limit
  await sendRaw(
    port,
    `GET /${MARK}-huge HTTP/1.1\r\nHost: x\r\nX-Huge: ${'<b>'.repeat(4000)}\r\nConnection: close\r\n\r\n`
  )
}

async function openInspector(page: Page): Promise<void> {
  await page.goto('/_inspector/')
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByText('server up')).toBeVisible()
}

test('the inspector is served with a CSP, and the page works under it', async ({ page }) => {
  const expectNothingRan = await guard(page)
  const response = await page.goto('/_inspector/')
  const policy = response?.headers()['content-security-policy'] ?? ''
  expect(policy).toContain("script-src 'self'")
  expect(policy).not.toContain('unsafe-inline')
  expect(response?.headers()['x-frame-options']).toBe('DENY')
  await expect(page.getByText('server up')).toBeVisible()
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  await expect(page.getByRole('table', { name: 'Environ' })).toBeVisible()
  await expectNothingRan()
})

test('the Inspect page shows hostile echoed values as text: environ table, request view, explainer', async ({
  page,
}) => {
  const expectNothingRan = await guard(page)
  await openInspector(page)
  await page.getByLabel('Method').fill('POST')
  await page.getByLabel('Path').fill(`/${MARK}/${PAYLOADS.img}`)
  await page.getByRole('button', { name: 'Raw', exact: true }).click()
  await page.getByLabel('Raw query string').fill(PAYLOADS.script)
  await page.getByRole('tab', { name: /Headers/ }).click()
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    await page.getByRole('button', { name: 'Add header' }).click()
    await page.getByLabel('Name').last().fill(`X-${name}`)
    await page.getByLabel('Value').last().fill(payload)
  }
  await page.getByRole('button', { name: 'Add header' }).click()
  await page.getByLabel('Name').last().fill('X-Huge')
  await page
    .getByLabel('Value')
    .last()
    .fill(`${'<b>x</b>'.repeat(1200)}`)
  await page.getByRole('tab', { name: /Body/ }).click()
  await page.getByRole('textbox', { name: 'Body' }).fill(`${PAYLOADS.iframe}${'Z'.repeat(200_000)}`)
  await page.getByRole('button', { name: 'Send', exact: true }).click()

  const table = page.getByRole('table', { name: 'Environ' })
  const row = (key: string) => table.getByRole('row', { name: new RegExp(`^${key}\\s`) })
  await expect(row('PATH_INFO')).toContainText(PAYLOADS.img)
  await expect(row('QUERY_STRING')).toBeVisible()
  await expect(row('HTTP_X_SCRIPT')).toContainText(PAYLOADS.script)
  await expect(row('HTTP_X_SVG')).toContainText(PAYLOADS.svg)
  await expect(row('HTTP_X_JS')).toContainText(PAYLOADS.js)
  await expect(row('HTTP_X_TEMPLATE')).toContainText(PAYLOADS.template)
  await expect(row('HTTP_X_HUGE')).toContainText('<b>x</b><b>x</b>')
  await expect(row('CONTENT_LENGTH')).toContainText('200')

  // the request as sent, and the explainer of a hostile key
  await expect(
    page
      .getByRole('list', { name: 'Headers' })
      .getByRole('listitem')
      .filter({ hasText: 'X-iframe' })
  ).toContainText(PAYLOADS.iframe)
  await row('HTTP_X_IMG').getByRole('button', { name: 'HTTP_X_IMG' }).click()
  await expect(page.getByRole('complementary', { name: 'HTTP_X_IMG' })).toContainText(PAYLOADS.img)
  await row('PATH_INFO').getByRole('button', { name: 'PATH_INFO' }).click()
  await expect(page.getByRole('complementary', { name: 'PATH_INFO' })).toBeVisible()
  await expectNothingRan()
})

/**
 * Pages that show the capture history. Each is checked once its route shows captured
 * requests; until then (Live and Proxy are being built on other branches) the test is
 * skipped and says so, so adding the page turns the check on.
 */
const CAPTURE_PAGES = [
  { name: 'Live', route: '#/live' },
  { name: 'Proxy', route: '#/proxy' },
]

for (const { name, route } of CAPTURE_PAGES) {
  test(`the ${name} page (${route}) shows hostile captured requests as text`, async ({
    page,
    baseURL,
  }) => {
    const expectNothingRan = await guard(page)
    await captureHostileRequests(baseURL ?? '')
    await openInspector(page)
    await page.goto(`/_inspector/${route}`)
    const captured = page.getByText(`/${MARK}-`, { exact: false }).first()
    const shows = await captured
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(() => true)
      .catch(() => false)
    test.skip(
      !shows,
      `${route} shows no captured request yet (the page is a placeholder on this branch)`
    )
    // open every captured request the page lists, so its detail view renders too
    const entries = page.getByRole('button', { name: new RegExp(`${MARK}-`) })
    for (let i = 0; i < Math.min(await entries.count(), 8); i++) await entries.nth(i).click()
    await expect(page.getByText(PAYLOADS.img, { exact: false }).first()).toBeVisible()
    await expectNothingRan()
  })
}
