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

test('the Live page shows hostile captured requests as text: list, request, environ', async ({
  page,
  baseURL,
}) => {
  const expectNothingRan = await guard(page)
  await captureHostileRequests(baseURL ?? '')
  await openInspector(page)
  await page.goto('/_inspector/#/live')
  await page.getByLabel('Filter', { exact: true }).fill(`/${MARK}-`)
  const rows = page
    .getByRole('table', { name: 'Captured requests' })
    .getByRole('row', { name: new RegExp(`${MARK}-`) })
  await expect(rows).toHaveCount(Object.keys(PAYLOADS).length + 1)
  // open every captured request, so its request and environ views render the payloads
  for (let i = 0; i < (await rows.count()); i++) {
    await rows.nth(i).click()
    await expect(page.getByRole('table', { name: 'Captured environ' })).toBeVisible()
  }
  await rows.filter({ hasText: `${MARK}-img` }).click()
  await expect(
    page
      .getByRole('list', { name: 'Captured headers' })
      .getByRole('listitem')
      .filter({ hasText: 'X-Payload' })
  ).toContainText(PAYLOADS.img)
  await expect(
    page
      .getByRole('table', { name: 'Captured environ' })
      .getByRole('row', { name: /^HTTP_REFERER\s/ })
  ).toContainText(PAYLOADS.img)
  await expectNothingRan()
})

test('the Proxy page shows hostile forwarding headers as text: headline, hop chain, environ', async ({
  page,
}) => {
  const expectNothingRan = await guard(page)
  await openInspector(page)
  await page.goto('/_inspector/#/proxy')
  await expect(page.getByRole('heading', { level: 3, name: /^Client / })).toBeVisible()
  for (const payload of [PAYLOADS.img, PAYLOADS.script, PAYLOADS.template]) {
    await page.getByLabel('X-Forwarded-For value').fill(payload)
    await expect(page.getByRole('heading', { level: 3, name: /^Client / })).toContainText(payload)
    await expect(page.getByRole('list', { name: 'Hop chain' })).toContainText(payload)
  }
  await page.getByLabel('Host value').fill(PAYLOADS.js)
  await expect(page.getByRole('table', { name: 'Raw and effective environ' })).toContainText(
    PAYLOADS.js
  )
  await expectNothingRan()
})

test('exact mode shows hostile bytes as text: bytes sent, environ, profiles', async ({ page }) => {
  const expectNothingRan = await guard(page)
  await openInspector(page)
  await page.getByRole('button', { name: 'Exact', exact: true }).click()
  await page.getByLabel('Path').fill(`/${MARK}-exact`)
  await page.getByRole('tab', { name: /Headers/ }).click()
  for (const [name, payload] of Object.entries(PAYLOADS)) {
    await page.getByRole('button', { name: 'Add header' }).click()
    const headers = page.getByRole('table', { name: 'Headers' })
    await headers.getByLabel('Name').last().fill(`X-${name}`)
    await headers.getByLabel('Value').last().fill(payload)
  }
  await page.getByRole('button', { name: 'Send', exact: true }).click()
  const environ = page.getByRole('table', { name: 'Environ' })
  await expect(environ.getByRole('row', { name: /^HTTP_X_IMG\s/ })).toContainText(PAYLOADS.img)
  await expect(page.getByRole('region', { name: 'Request as sent' })).toContainText(PAYLOADS.svg)
  await page.getByRole('tab', { name: /Profiles/ }).click()
  await expect(page.getByText(PAYLOADS.script, { exact: false }).first()).toBeVisible()
  await expectNothingRan()
})
