/**
 * `--proxy-trust` for the waitress profile over real sockets, against Debian's waitress 2.1.2
 * started with the same settings (tests/corpus/servers/waitress.clear-untrusted.json and
 * waitress.trusted-proxy.json): status and the whole echoed environ, key order included.
 * Each difference from 2.1.2 is listed with the 3.x change the profile models; a listed
 * difference that no longer differs fails.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serverRequest } from '../corpus/servers/requests.ts'
import clearUntrusted from '../corpus/servers/waitress.clear-untrusted.json' with { type: 'json' }
import trustedProxy from '../corpus/servers/waitress.trusted-proxy.json' with { type: 'json' }
import {
  type ListedDifference,
  maskEcho,
  startOurs,
  withDifference,
} from '../helpers/fixture-echo.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'

interface Observed {
  readonly answers: Readonly<Record<string, { status?: number; echo?: Record<string, string> }>>
}

/** The keys each request's environ has in 3.0.2 where 2.1.2 differs (`null`: not set). */
type Differences = Readonly<Record<string, ListedDifference>>

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
    let server: Awaited<ReturnType<typeof startOurs>>
    beforeAll(async () => {
      server = await startOurs([
        '--profile',
        'waitress',
        ...pairs.flatMap((p) => ['--proxy-trust', p]),
      ])
    })
    afterAll(() => server.close())
    test.each(Object.keys(observed.answers))('%s', async (id) => {
      const want = observed.answers[id] ?? {}
      const res = await sendRaw(
        { host: '127.0.0.1', port: server.port },
        Buffer.from(serverRequest(id), 'latin1'),
        {
          timeoutMs: 3000,
        }
      )
      expect(res.status).toBe(want.status)
      if (res.status !== 200 || !want.echo) return
      const echo = jsonBody<Record<string, string>>(res)
      const got = maskEcho(echo, server.port, echo.REMOTE_PORT ?? '')
      const expected = withDifference(id, want.echo, differences[id])
      expect(got).toEqual(expected)
      expect(Object.keys(got)).toEqual(Object.keys(expected))
    })
  }
)
