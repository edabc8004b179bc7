/**
 * DNS rebinding in a real browser. Chromium resolves `evil.test` to 127.0.0.1
 * (`--host-resolver-rules`), as it would once an attacker has re-pointed the name at this
 * server. The attacker's script then runs in a document of `http://evil.test:PORT`: here
 * the echo's own answer to `/rebound`, loaded under that name, so the document and the
 * inspector are the same origin for the browser. (A page first served from elsewhere would
 * also meet Chromium's Private Network Access checks, which vary between versions and which
 * this server cannot count on.) The script tries what the issue reproduced: read the
 * history, open the event stream, clear the history, drive the relay. Each must get the
 * JSON 403; the same script on the inspector's own origin must succeed (so the test can fail).
 */
import { expect, type Page, test } from '@playwright/test'

const PORT = Number(process.env.EI_BROWSER_PORT ?? 4317)
const SECRET = 'Bearer browser-rebinding-canary'

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP evil.test 127.0.0.1',
    ],
  },
})

interface Attempt {
  status: number
  text: string
}

interface Attack {
  read: Attempt
  events: 'open' | 'error' | 'timeout'
  clear: Attempt
  send: Attempt
}

/** What the attacker's script gets, run in `page`'s origin. */
function attack(page: Page): Promise<Attack> {
  return page.evaluate(async () => {
    const attempt = async (path: string, init?: RequestInit) => {
      const res = await fetch(path, init)
      return { status: res.status, text: await res.text() }
    }
    const read = await attempt('/_inspector/api/requests?limit=500')
    const events = await new Promise<'open' | 'error' | 'timeout'>((resolve) => {
      const source = new EventSource('/_inspector/api/events?after=0')
      const done = (how: 'open' | 'error' | 'timeout') => {
        source.close()
        resolve(how)
      }
      source.onopen = () => done('open')
      source.onerror = () => done('error')
      setTimeout(() => done('timeout'), 3000)
    })
    const clear = await attempt('/_inspector/api/requests', { method: 'DELETE' })
    const send = await attempt('/_inspector/api/send', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'GET', target: '/sent-by-the-rebound-page' }),
    })
    return { read, events, clear, send }
  })
}

test.beforeEach(async ({ request }) => {
  // someone's request with credentials, in the history
  expect((await request.get('/private', { headers: { Authorization: SECRET } })).status()).toBe(200)
})

test('a rebound page can read, stream, clear and send nothing', async ({ page, request }) => {
  await page.goto(`http://evil.test:${PORT}/rebound`)
  expect(await page.evaluate(() => window.location.origin)).toBe(`http://evil.test:${PORT}`)
  const result = await attack(page)

  for (const attempt of [result.read, result.clear, result.send]) {
    expect(attempt.status, attempt.text).toBe(403)
    expect(JSON.parse(attempt.text)).toMatchObject({
      statusCode: 403,
      flag: '--allowed-hosts',
      host: 'evil.test',
    })
    expect(attempt.text).not.toContain('browser-rebinding-canary')
  }
  expect(result.events).toBe('error')

  // nothing was cleared and nothing was sent
  const list = (await (await request.get('/_inspector/api/requests?limit=500')).json()) as {
    total: number
    items: Array<{ target: string }>
  }
  expect(list.items.map((item) => item.target)).toContain('/private')
  expect(list.items.map((item) => item.target)).not.toContain('/sent-by-the-rebound-page')
})

test('the same script on the inspector’s own origin works', async ({ page }) => {
  await page.goto('/_inspector/')
  const result = await attack(page)
  expect(result.read.status).toBe(200)
  expect(result.read.text).toContain('/private')
  expect(result.events).toBe('open')
  expect(result.clear.status).toBe(200)
  expect(result.send.status).toBe(200)
})
