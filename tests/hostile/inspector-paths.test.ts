/**
 * The `/_inspector/` space serves the built UI from one folder: no request-target, however
 * encoded, reads a file outside it (the repository's package.json, README, /etc/passwd),
 * and odd targets under the prefix get a 4xx or the UI, never a 5xx.
 */
import { describe, expect, test } from 'vitest'
import { sendRaw } from '../helpers/raw-http.ts'
import { listen } from '../helpers/server.ts'

const TRAVERSALS = [
  '/_inspector/../package.json',
  '/_inspector/%2e%2e/package.json',
  '/_inspector/%2E%2E%2Fpackage.json',
  '/_inspector/..%2f..%2fpackage.json',
  '/_inspector/..%5c..%5cpackage.json',
  '/_inspector/assets/../../package.json',
  '/_inspector/assets/%2e%2e/%2e%2e/README.md',
  '/_inspector/%252e%252e/package.json',
  '/_inspector/..;/package.json',
  '/_inspector//etc/passwd',
  '/_inspector/../../../../../../etc/passwd',
  '/_inspector/%c0%ae%c0%ae/package.json',
  '/_inspector/.%00./package.json',
  '/_inspector/index.html%00.json',
  '/_inspector/api/requests/99999999999999999999999',
  '/_inspector/api/requests/-1',
  '/_inspector/api/requests?limit=-5&before=abc',
  '/_inspector/api/events?after=%00',
  '/_inspector/api/send?x=<script>',
  '/_inspector/api/proxy/../../package.json',
]

/** Bytes that appear only in files outside the UI folder. */
const LEAKS = ['"name": "environ-inspector"', 'root:x:0:0', '## Hardening', '"devDependencies"']

describe('no target under /_inspector/ reads outside the UI folder', () => {
  test.each(TRAVERSALS)('%s', async (target) => {
    const server = await listen()
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      const res = await sendRaw(server, `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, {
        timeoutMs: 3000,
      })
      expect(res.timedOut, `${method} answered`).toBe(false)
      expect(res.status, `${method} status`).not.toBeNull()
      expect(res.status ?? 500, `${method} status`).toBeLessThan(500)
      const body = res.body.toString('latin1')
      for (const leak of LEAKS) expect(body, `${method} body`).not.toContain(leak)
    }
  })
})
