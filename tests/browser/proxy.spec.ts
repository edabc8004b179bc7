/**
 * The Proxy page as a user drives it: pick a set-up, edit the request and the policy, and
 * read who the client is, the hop chain, the warnings and both environs, live.
 *
 * Runs against the built UI served by `npm start` (see playwright.config.ts); one test starts
 * a second server with `--trusted-proxies` to see its policy offered. Locators are roles and
 * labels only.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Locator, type Page, test } from '@playwright/test'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const SPOOFING = 'A client that forges X-Forwarded-For'
const TWO_PROXIES = 'Two proxies: a load balancer, then nginx'

async function openProxy(page: Page, base = ''): Promise<void> {
  await page.goto(`${base}/_inspector/#/proxy`)
  await expect(page.getByRole('heading', { name: 'Proxy headers' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 3, name: /^Client / })).toBeVisible()
}

async function choosePreset(page: Page, name: string): Promise<void> {
  await page.getByLabel('Preset').selectOption({ label: name })
}

/** The headline: "Client <address> · <scheme> · <host>". */
function headline(page: Page): Locator {
  return page.getByRole('heading', { level: 3, name: /^Client / })
}

/** Each step of the drawn chain as "role address", client side first, the app last. */
async function chain(page: Page): Promise<string[]> {
  const steps = page.getByRole('list', { name: 'Hop chain' }).getByRole('listitem')
  return steps.evaluateAll((items) =>
    items.map((item) =>
      [...item.children]
        .slice(0, 2)
        .map((part) => part.textContent?.trim())
        .join(' ')
    )
  )
}

/** The raw and effective value of `key` in the side-by-side environ. */
async function environValues(page: Page, key: string): Promise<[string, string]> {
  const row = page
    .getByRole('table', { name: 'Raw and effective environ' })
    .getByRole('row', { name: new RegExp(`^${key.replaceAll('.', '\\.')}\\b`) })
  const cells = row.getByRole('cell')
  return [(await cells.nth(0).textContent()) ?? '', (await cells.nth(1).textContent()) ?? '']
}

function warnings(page: Page): Locator {
  return page.getByRole('list', { name: 'Warnings' }).getByRole('listitem')
}

test('the Proxy view shows the trace for the spoofing preset', async ({ page }) => {
  await openProxy(page)
  await choosePreset(page, SPOOFING)
  await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
  await expect(
    page.getByText(/^REMOTE_ADDR is 203\.0\.113\.7, read from X-Forwarded-For/)
  ).toBeVisible()

  // the real client, not either forged value, and the key is marked as rewritten
  await expect.poll(() => environValues(page, 'REMOTE_ADDR')).toEqual(['127.0.0.1', '203.0.113.7'])
  await expect(
    page.getByRole('table', { name: 'Raw and effective environ' }).getByRole('row', {
      name: /^REMOTE_ADDR rewritten/,
    })
  ).toBeVisible()
  const [, orig] = await environValues(page, 'inspector.proxy_fix.orig')
  expect(orig).toContain("'REMOTE_ADDR': '127.0.0.1'")

  await expect(
    warnings(page).filter({
      hasText: 'The leftmost X-Forwarded-For value "10.0.0.1" is client-controlled',
    })
  ).toContainText('Warning')

  await expect
    .poll(() => chain(page))
    .toEqual([
      'not believed 10.0.0.1',
      'not believed 1.2.3.4',
      'client 203.0.113.7',
      'trusted proxy 127.0.0.1',
      'app WSGI application',
    ])
  // 10.0.0.1 matches a trusted range, and the chain says why that does not count
  await expect(
    page.getByRole('list', { name: 'Hop chain' }).getByRole('listitem').first()
  ).toContainText('anyone can write any address there')
})

test('removing a trusted address updates the answer live, with no submit button', async ({
  page,
}) => {
  await openProxy(page)
  await choosePreset(page, SPOOFING)
  await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
  await expect(page.getByRole('button', { name: /^(send|submit|apply|run)/i })).toHaveCount(0)

  await page.getByLabel('Trusted proxies').fill('10.0.0.0/8')
  await expect(headline(page)).toHaveText('Client 127.0.0.1 · http · www.example.com')
  await expect(warnings(page).first()).toContainText(
    'The socket peer 127.0.0.1 is not a trusted proxy'
  )
  await expect
    .poll(async () => (await chain(page)).slice(-2))
    .toEqual(['client 127.0.0.1', 'app WSGI application'])
  await expect.poll(() => environValues(page, 'REMOTE_ADDR')).toEqual(['127.0.0.1', '127.0.0.1'])

  await page.getByLabel('Trusted proxies').fill('127.0.0.1\n10.0.0.0/8')
  await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
})

test('the two-proxy preset counts hops, and x_for follows the edit', async ({ page }) => {
  await openProxy(page)
  await choosePreset(page, TWO_PROXIES)
  await expect(page.getByLabel('Trust hop counts (ProxyFix)')).toBeChecked()
  await expect(page.getByLabel('x_for')).toHaveValue('2')
  await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
  await expect
    .poll(() => chain(page))
    .toEqual([
      'client 203.0.113.7',
      'trusted proxy 10.0.0.5',
      'trusted proxy 10.0.0.10',
      'app WSGI application',
    ])
  await expect(page.getByText('None: the headers and the policy agree.')).toBeVisible()

  await page.getByLabel('x_for').fill('1')
  await expect(headline(page)).toHaveText('Client 10.0.0.5 · https · www.example.com')
  await expect(warnings(page)).toContainText([
    'X-Forwarded-For has 2 values but x_for=1: the 1 leftmost is ignored.',
  ])

  await page.getByLabel('x_for').fill('3')
  await expect(headline(page)).toHaveText('Client 10.0.0.10 · https · www.example.com')
  await expect(
    warnings(page).filter({ hasText: 'x_for=3, but X-Forwarded-For has 2 values' })
  ).toHaveCount(1)
})

test("an invalid CIDR shows the API's reason next to the field", async ({ page }) => {
  await openProxy(page)
  await choosePreset(page, SPOOFING)
  const field = page.getByLabel('Trusted proxies')
  await field.fill('127.0.0.1\n10.0.0.0/33')
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await expect(field).toHaveAccessibleDescription(
    // the reason in words, without the API's path (issue 16, defect 9)
    /uniquelocal\. "10\.0\.0\.0\/33" is not a valid CIDR range/
  )
  // the last valid answer stays, marked as such
  await expect(page.getByText('this is the answer for the last valid input')).toBeVisible()

  await field.fill('127.0.0.1\n10.0.0.0/8')
  await expect(field).not.toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText(/is not a valid CIDR range/)).toHaveCount(0)
})

test('API reasons for a count and a header value land at their own inputs', async ({ page }) => {
  await openProxy(page)
  await choosePreset(page, TWO_PROXIES)
  await page.getByLabel('x_for').fill('-1')
  // words, not the API's "body/policy/xFor must be >= 0" (issue 16, defect 9)
  await expect(page.getByLabel('x_for')).toHaveAccessibleDescription(/x_for must be 0 or more\./)
  await expect(page.getByText(/body\/policy/)).toHaveCount(0)
  await page.getByLabel('x_for').fill('2')
  await expect(page.getByLabel('x_for')).not.toHaveAttribute('aria-invalid', 'true')

  const proto = page.getByLabel('X-Forwarded-Proto value')
  await proto.fill('https€')
  await expect(proto).toHaveAccessibleDescription(/^Characters above U\+00FF/)
  await page.getByRole('button', { name: 'Remove X-Forwarded-Proto' }).click()
  await expect(headline(page)).toHaveText('Client 203.0.113.7 · http · www.example.com')
})

test('Open in Inspect opens Exact mode with the headers and says the peer stays behind', async ({
  page,
}) => {
  await openProxy(page)
  await choosePreset(page, SPOOFING)
  await page.getByLabel('Peer address').fill('198.51.100.9')
  const open = page.getByRole('button', { name: 'Open in Inspect' })
  await expect(open).toHaveAccessibleDescription(/The peer address stays here/)
  await open.click()
  await expect(page).toHaveURL(/#\/$/)
  await expect(page.getByRole('button', { name: 'Exact', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  await expect(page.getByText(/The peer 198\.51\.100\.9 cannot come along/)).toBeVisible()
})

test('header names are shown whole, on a phone too', async ({ page }) => {
  for (const width of [390, 1100]) {
    await page.setViewportSize({ width, height: 900 })
    await openProxy(page)
    await choosePreset(page, TWO_PROXIES)
    const names = page
      .getByRole('table', { name: 'Request headers' })
      .getByLabel(/^Header \d+ name$/)
    await expect(names.first()).toBeVisible()
    const cut = await names.evaluateAll((inputs) =>
      inputs
        .filter((input) => input.scrollWidth > input.clientWidth)
        .map((input) => (input as HTMLInputElement).value)
    )
    expect(cut).toEqual([])
  }
})

test('a malformed Forwarded element is explained item by item, and not believed', async ({
  page,
}) => {
  await openProxy(page)
  await choosePreset(page, 'RFC 7239 Forwarded through two proxies')
  await expect(headline(page)).toHaveText('Client 192.0.2.43 · https · www.example.com')
  await page
    .getByLabel('Forwarded value')
    .first()
    .fill('for = 192.0.2.43;proto=https;host=www.example.com')
  await expect(
    page.getByRole('list', { name: 'Forwarded problems' }).getByRole('listitem')
  ).toHaveText([
    'element 1 for=whitespace around "=" in "for = 192.0.2.43": RFC 7239 allows none The element is not believed.',
  ])
  await expect(warnings(page).filter({ hasText: 'Forwarded has 1 malformed item' })).toHaveCount(1)
  // the walk stops at the malformed element, and nothing in it is believed (fail closed)
  await expect(headline(page)).toHaveText('Client 10.0.0.5 · http · origin.internal')
  await expect.poll(async () => (await chain(page))[0]).toBe('client 192.0.2.43')
  await expect(warnings(page).first()).toHaveText(
    'ProblemThe client hop "192.0.2.43" is in a malformed Forwarded element, which is never believed, so REMOTE_ADDR is left alone (fail closed).'
  )
  await expect(page.getByLabel('Preset')).toHaveAccessibleDescription(/Each proxy appends/)
  await expect(page.getByText('edited')).toBeVisible()
  await page.getByRole('button', { name: 'Reset' }).click()
  await expect(headline(page)).toHaveText('Client 192.0.2.43 · https · www.example.com')
  await expect(page.getByText('edited')).toHaveCount(0)
})

test('a header value holding markup shows as text and runs nothing', async ({ page }) => {
  await openProxy(page)
  const markup = '<img src=x onerror="window.__pwned=1">'
  await page.getByLabel('X-Forwarded-For value').fill(markup)
  // ProxyFix copies the value verbatim, so REMOTE_ADDR is the markup, shown as text
  await expect(headline(page)).toHaveText(`Client ${markup} · https · www.example.com`)
  await expect.poll(async () => (await chain(page))[0]).toBe(`client ${markup}`)
  await expect(warnings(page).filter({ hasText: 'which is not a bare IP address' })).toContainText(
    'Problem'
  )
  await expect(page.locator('main img')).toHaveCount(0)
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
})

test('an underscore look-alike header spoofs ProxyFix under wsgiref, not under gunicorn', async ({
  page,
}) => {
  await openProxy(page)
  await expect(page.getByLabel('Preset')).toHaveValue('nginx')
  await page.getByRole('button', { name: '+ Header', exact: true }).click()
  await page.getByLabel('Header 6 name').fill('X_Forwarded_For')
  await page.getByLabel('X_Forwarded_For value').fill('6.6.6.6')
  // wsgiref joins it into HTTP_X_FORWARDED_FOR after the value nginx wrote
  await expect(headline(page)).toHaveText('Client 6.6.6.6 · https · www.example.com')
  await expect(
    warnings(page).filter({ hasText: 'X_Forwarded_For has an underscore' })
  ).toContainText('Problem')
  await page.getByLabel('Server profile').selectOption('gunicorn')
  await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
  await expect
    .poll(() => environValues(page, 'SERVER_SOFTWARE'))
    .toEqual([expect.stringMatching(/^gunicorn\//), expect.stringMatching(/^gunicorn\//)])
  // the profile is a choice about the server: it stays when another preset is loaded
  await choosePreset(page, TWO_PROXIES)
  await expect(page.getByLabel('Server profile')).toHaveValue('gunicorn')
  await expect(page.getByText('edited')).toHaveCount(0)
})

test('the policy editor is keyboard usable', async ({ page }) => {
  await openProxy(page)
  await choosePreset(page, SPOOFING)
  await page.getByLabel('Trust addresses').focus()
  await page.keyboard.press('ArrowUp')
  await expect(page.getByLabel('Trust hop counts (ProxyFix)')).toBeChecked()
  await page.keyboard.press('Tab')
  await expect(page.getByLabel('x_for')).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(page.getByLabel('x_for')).toHaveValue('2')
  // ProxyFix x_for=2 takes the 2nd value from the right: a forged one
  await expect(headline(page)).toHaveText('Client 1.2.3.4 · https · www.example.com')
})

test('Open in Inspect fills the composer', async ({ page }) => {
  await openProxy(page)
  await choosePreset(page, SPOOFING)
  await page.getByRole('button', { name: 'Open in Inspect' }).click()
  await expect(page).toHaveURL(/#\/$/)
  await expect(page.getByLabel('Method')).toHaveValue('GET')
  await expect(page.getByLabel('Path')).toHaveValue('/admin')
  await page.getByRole('tab', { name: /^Headers/ }).click()
  const headerValues = () =>
    page
      .getByRole('table', { name: 'Headers' })
      .getByLabel('Value')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))
  await expect.poll(headerValues).toContain('10.0.0.1, 1.2.3.4, 203.0.113.7')
  expect(await headerValues()).toContain('https')
  await page.evaluate(() => localStorage.clear())
})

test('usable at 800 px: no horizontal page scroll for any preset', async ({ page }) => {
  await page.setViewportSize({ width: 800, height: 800 })
  await openProxy(page)
  const pageScrollsSideways = () =>
    page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)
  const names = await page
    .getByLabel('Preset')
    .locator('option')
    .evaluateAll((options) => options.map((option) => option.textContent ?? ''))
  expect(names.length).toBeGreaterThanOrEqual(5)
  expect(await pageScrollsSideways(), names[0]).toBe(false)
  // the first preset is already shown; every other one is asked for and measured
  for (const name of names.slice(1)) {
    const answered = page.waitForResponse(
      (response) => response.url().endsWith('/_inspector/api/proxy') && response.ok()
    )
    await choosePreset(page, name)
    await answered
    await expect(page.getByText('updating…')).toHaveCount(0)
    expect(await pageScrollsSideways(), name).toBe(false)
  }
})

/** Start a second server with `flags` on a free port; resolves with its base URL. */
function startServer(flags: readonly string[]): { child: ChildProcess; base: Promise<string> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--host', '127.0.0.1', '--port', '0', ...flags],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const base = new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const url = /UI:\s+(http:\/\/[^/\s]+)\//.exec(out)?.[1]
      if (url) resolve(url)
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
  return { child, base }
}

test.describe('a server started with --trusted-proxies', () => {
  let server: ChildProcess | undefined
  let base = ''

  test.beforeAll(async () => {
    const started = startServer(['--trusted-proxies', '127.0.0.1,10.0.0.0/8'])
    server = started.child
    base = await started.base
  })

  test.afterAll(() => {
    server?.kill()
  })

  test("the page starts from the server's own policy and says so", async ({ page }) => {
    await openProxy(page, base)
    await expect(
      page.getByText('This server runs with --trusted-proxies 127.0.0.1,10.0.0.0/8')
    ).toBeVisible()
    await expect(page.getByLabel('Trust addresses')).toBeChecked()
    await expect(page.getByLabel('Trusted proxies')).toHaveValue('127.0.0.1\n10.0.0.0/8')
    const useIt = page.getByRole('button', { name: "Use the server's policy" })
    await expect(useIt).toBeDisabled()

    await page.getByLabel('Trust nobody').check()
    await expect(useIt).toBeEnabled()
    await expect(headline(page)).toHaveText('Client 127.0.0.1 · http · www.example.com')
    await useIt.click()
    await expect(page.getByLabel('Trust addresses')).toBeChecked()
    await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
  })
})

test.describe('a uvicorn server started with its own --proxy-trust', () => {
  let server: ChildProcess | undefined
  let base = ''

  test.beforeAll(async () => {
    const started = startServer([
      '--profile',
      'uvicorn',
      '--proxy-trust',
      'forwarded_allow_ips=127.0.0.1',
    ])
    server = started.child
    base = await started.base
  })

  test.afterAll(() => {
    server?.kill()
  })

  test("the page starts from uvicorn's own trust and traces the scope", async ({ page }) => {
    await openProxy(page, base)
    await expect(
      page.getByText('This server runs with --proxy-trust forwarded_allow_ips=127.0.0.1')
    ).toBeVisible()
    await expect(page.getByLabel("The server's own trust")).toBeChecked()
    await expect(page.getByLabel('forwarded_allow_ips')).toHaveValue('127.0.0.1')
    await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
    await expect(page.getByRole('table', { name: 'Raw and effective scope' })).toBeVisible()
  })
})

test("the server's own trust: its options, what it decided, and its refusals at the field", async ({
  page,
}) => {
  await openProxy(page)
  await page.getByLabel('Server profile').selectOption('gunicorn')
  await page.getByLabel("The server's own trust").check()
  const allow = page.getByLabel('forwarded_allow_ips')
  await expect(allow).toHaveAttribute('placeholder', 'not set')
  await expect(page.getByLabel('secure_scheme_headers')).toBeVisible()
  const decided = page.getByRole('list', { name: 'What gunicorn decided' })

  await allow.fill('127.0.0.1')
  await expect(decided).toContainText('peer 127.0.0.1 is in forwarded_allow_ips')

  await allow.fill('nonsense')
  await expect(allow).toHaveAttribute('aria-invalid', 'true')
  await expect(allow).toHaveAccessibleDescription(/"nonsense" is not an IP address/)

  // the real server's defaults replace what was typed, and say so on the command line
  await page.getByLabel(/Use the real gunicorn's defaults/).check()
  await expect(allow).toBeDisabled()
  await expect(allow).not.toHaveAttribute('aria-invalid', 'true')

  // a server with no proxy options of its own is refused, with the reason in the editor
  await page.getByLabel('Server profile').selectOption('wsgiref')
  const policy = page.getByRole('region', { name: 'Policy', exact: true })
  await expect(policy).toContainText(/the wsgiref profile has no proxy trust of its own/i)
  await expect(policy.getByRole('list', { name: 'What gunicorn decided' })).toHaveCount(0)
})

test("a server's own options fit a phone: no sideways scroll at 390 px", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 })
  await openProxy(page)
  await page.getByLabel('Server profile').selectOption('waitress')
  await page.getByLabel("The server's own trust").check()
  // waitress's longest option name is one word of 29 characters
  await expect(page.getByLabel('clear_untrusted_proxy_headers')).toBeVisible()
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth
    )
  ).toBe(false)
})

/** The raw and effective value of scope key `key` in the side-by-side scope. */
async function scopeValues(page: Page, key: string): Promise<[string, string]> {
  const row = page
    .getByRole('table', { name: 'Raw and effective scope' })
    .getByRole('row', { name: new RegExp(`^${key}\\b`) })
  const cells = row.getByRole('cell')
  return [(await cells.nth(0).textContent()) ?? '', (await cells.nth(1).textContent()) ?? '']
}

/** The decision table's row for `key`. */
function decisionRow(page: Page, key: string): Locator {
  return page
    .getByRole('table', { name: 'Decisions' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: key, exact: true }) })
}

test("an ASGI server's own trust: uvicorn's forwarded_allow_ips, then daphne's leftmost XFF", async ({
  page,
}) => {
  await openProxy(page)
  await expect(page.getByLabel('Preset')).toHaveValue('nginx')
  await page.getByLabel('Server profile').selectOption('uvicorn')
  await page.getByLabel("The server's own trust").check()
  // nothing set: uvicorn trusts nobody here, client is the socket peer
  const allow = page.getByLabel('forwarded_allow_ips')
  await expect(allow).toHaveAttribute('placeholder', 'not set')
  await expect(page.getByLabel('proxy_headers')).toBeVisible()
  await expect(headline(page)).toHaveText('Client 127.0.0.1 · http · www.example.com')

  await allow.fill('127.0.0.1')
  await expect(headline(page)).toHaveText('Client 203.0.113.7 · https · www.example.com')
  await expect
    .poll(() => scopeValues(page, 'client'))
    .toEqual(["('127.0.0.1', 51334)", "('203.0.113.7', 0)"])
  await expect.poll(() => scopeValues(page, 'scheme')).toEqual(['http', 'https'])
  const client = decisionRow(page, 'client')
  await expect(client).toContainText('from X-Forwarded-For item 1 of 1')
  await expect(client).toContainText('client 127.0.0.1 is in forwarded_allow_ips')
  await expect(client.getByRole('link', { name: 'proxy_headers.py#L182' })).toHaveAttribute(
    'href',
    /Kludex\/uvicorn\/blob\/0\.51\.0\//
  )
  await expect(page.getByRole('list', { name: 'What uvicorn decided' })).toContainText(
    "X-Forwarded-Proto: https (last header) → scheme 'https'"
  )

  // the whole page with uvicorn's options and source links passes axe, both themes
  // from the top: scrolled down, the sticky app bar covers the editor's buttons and axe's
  // target-size counts them as obscured, which only the scroll position causes
  await page.evaluate(() => window.scrollTo(0, 0))
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze()
    expect(
      results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    ).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })

  // a refusal at the field, in uvicorn's own terms
  await page.getByLabel('proxy_headers').fill('maybe')
  await expect(page.getByLabel('proxy_headers')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('proxy_headers')).toHaveAccessibleDescription(
    /expected true or false, got "maybe"/i
  )
  await page.getByLabel('proxy_headers').fill('')

  // daphne believes any peer and takes the leftmost X-Forwarded-For item; uvicorn's
  // settings are not daphne's, so they are dropped with the profile
  await page.getByLabel('Server profile').selectOption('daphne')
  await expect(page.getByLabel('proxy_headers_host')).toBeVisible()
  await expect(page.getByLabel('forwarded_allow_ips')).toHaveCount(0)
  await page.getByLabel('proxy_headers', { exact: true }).fill('true')
  await page.getByLabel('Peer address').fill('198.51.100.9')
  await page.getByLabel('X-Forwarded-For value').fill('6.6.6.6, 203.0.113.7')
  await expect(headline(page)).toHaveText('Client 6.6.6.6 · https · www.example.com')
  await expect(decisionRow(page, 'client')).toContainText('no trust check')
  await expect(
    warnings(page).filter({ hasText: 'daphne takes the leftmost X-Forwarded-For entry, 6.6.6.6' })
  ).toBeVisible()
})
