/**
 * `--proxy-trust` for the waitress profile over real sockets, against Debian's waitress 2.1.2
 * started with the same settings (tests/corpus/servers/waitress.clear-untrusted.json and
 * waitress.trusted-proxy.json): status and the whole echoed environ, key order included.
 * Each difference from 2.1.2 is listed with the 3.x change the profile models; a listed
 * difference that no longer differs fails.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildServer } from '../../server/app.ts'
import { parseConfig } from '../../server/cli/config.ts'
import { SERVER_REQUESTS } from '../corpus/servers/requests.ts'
import clearUntrusted from '../corpus/servers/waitress.clear-untrusted.json' with { type: 'json' }
import trustedProxy from '../corpus/servers/waitress.trusted-proxy.json' with { type: 'json' }
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'

interface Observed {
  readonly answers: Readonly<Record<string, { status?: number; echo?: Record<string, string> }>>
}

const requestOf = (id: string): string => {
  const found = SERVER_REQUESTS.find((r) => r.id === id)
  if (!found) throw new Error(`no request ${id}`)
  return found.request
}

/** Our echo masked as the fixtures are: object addresses, our port and the client's. */
function masked(echo: Readonly<Record<string, string>>, ourPort: number): Record<string, string> {
  const port = echo.REMOTE_PORT ?? ''
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(echo)) {
    let text = String(value).replace(/0x[0-9a-f]+/g, '0x<addr>')
    if (key === 'SERVER_PORT' && text === String(ourPort)) text = '<port>'
    else if (key === 'REMOTE_PORT' && text === port) text = '<client-port>'
    else if (port) text = text.replace(`:${port} `, ':<client-port> ')
    out[key] = text
  }
  return out
}

/** The keys each request's environ has in 3.0.2 where 2.1.2 differs (`null`: not set). */
type Differences = Readonly<Record<string, { why: string; ours: Record<string, string | null> }>>

// CHANGES 3.0.2 "Security" (PR #452, issue #451): proxy_headers.py:106-109, 131-134 rewrite
// every header it used to the trusted values only; 2.1.2 left X-Forwarded-For as sent.
const REWRITTEN =
  'waitress 3.0.2 rewrites the used X-Forwarded-For to the trusted entries (PR #452)'

const TRUSTED_DIFFERENCES: Differences = {
  T84: { why: REWRITTEN, ours: { HTTP_X_FORWARDED_FOR: '10.0.0.1' } },
  T88: { why: REWRITTEN, ours: { HTTP_X_FORWARDED_FOR: '3.3.3.3' } },
  XF: { why: REWRITTEN, ours: { HTTP_X_FORWARDED_FOR: '10.0.0.1' } },
  P08: { why: REWRITTEN, ours: { HTTP_X_FORWARDED_FOR: '2.2.2.2' } },
  P16: { why: REWRITTEN, ours: { HTTP_X_FORWARDED_FOR: '127.0.0.1' } },
}

function expectedOurs(
  id: string,
  debian: Record<string, string>,
  differences: Differences
): Record<string, string> {
  const difference = differences[id]
  if (!difference) return debian
  const out = { ...debian }
  for (const [key, value] of Object.entries(difference.ours)) {
    expect(debian[key] ?? null, `${id} ${key}: listed as differing (${difference.why})`).not.toBe(
      value
    )
    if (value === null) delete out[key]
    else out[key] = value
  }
  return out
}

async function ours(args: string[]): Promise<{ port: number; close: () => Promise<void> }> {
  const config = parseConfig([...args, '--port', '0', '--quiet', '--history', '0'], {})
  const server = await buildServer({ ...config, log: () => {} })
  await server.listen({ host: '127.0.0.1', port: 0 })
  return { port: (server.server.address() as { port: number }).port, close: () => server.close() }
}

const SETTINGS: readonly [string, Observed, readonly string[], Differences][] = [
  ['clear-untrusted', clearUntrusted, ['clear_untrusted_proxy_headers=true'], {}],
  [
    'trusted-proxy',
    trustedProxy,
    [
      'trusted_proxy=127.0.0.1',
      'trusted_proxy_headers=x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port',
      'clear_untrusted_proxy_headers=true',
    ],
    TRUSTED_DIFFERENCES,
  ],
]

describe.each(SETTINGS)(
  'waitress --proxy-trust vs Debian waitress.%s',
  (_name, observed, pairs, differences) => {
    let server: Awaited<ReturnType<typeof ours>>
    beforeAll(async () => {
      server = await ours(['--profile', 'waitress', ...pairs.flatMap((p) => ['--proxy-trust', p])])
    })
    afterAll(() => server.close())
    test.each(Object.keys(observed.answers))('%s', async (id) => {
      const want = observed.answers[id] ?? {}
      const res = await sendRaw(
        { host: '127.0.0.1', port: server.port },
        Buffer.from(requestOf(id), 'latin1'),
        {
          timeoutMs: 3000,
        }
      )
      expect(res.status).toBe(want.status)
      if (res.status !== 200 || !want.echo) return
      const got = masked(jsonBody<Record<string, string>>(res), server.port)
      const expected = expectedOurs(id, want.echo, differences)
      expect(got).toEqual(expected)
      expect(Object.keys(got)).toEqual(Object.keys(expected))
    })
  }
)
