/**
 * `--proxy-trust` over real sockets: our gunicorn profile with gunicorn's own trust against
 * Debian's gunicorn started with the same setting, on the same bytes.
 *
 * Two settings: the observed fixture's (tests/corpus/servers/gunicorn.untrusted.json,
 * `--forwarded-allow-ips=10.9.9.9`, so the 127.0.0.1 peer is not trusted) and one that
 * trusts the peer (`127.0.0.1`), compared live. The keys compared are the ones the trust
 * rule decides (scheme, SCRIPT_NAME, PATH_INFO, REMOTE_ADDR, the proxy headers as they reach
 * the app) plus the status; the rest of the environ is the profile harness's job. Each
 * difference from Debian's 20.1 is listed with the 26.x change we model.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import gunicornUntrusted from '../corpus/servers/gunicorn.untrusted.json' with { type: 'json' }
import { serverRequest } from '../corpus/servers/requests.ts'
import { type ListedDifference, startOurs, withDifference } from '../helpers/fixture-echo.ts'
import { askPythonServer, type PythonServer, startPythonServer } from '../helpers/python-servers.ts'
import { jsonBody, sendRaw } from '../helpers/raw-http.ts'

const TRUST_KEYS = ['wsgi.url_scheme', 'SCRIPT_NAME', 'PATH_INFO', 'REMOTE_ADDR']

function trustView(echo: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(echo)) {
    if (TRUST_KEYS.includes(key) || /^HTTP_(X_FORWARDED|FORWARDED|SCRIPT_NAME)/.test(key)) {
      out[key] = value
    }
  }
  return out
}

const CONTRADICTION =
  'GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n\r\n'
const ANSWERED = Object.keys(gunicornUntrusted.answers)

/**
 * Where gunicorn 26.x (which the profile models) differs from Debian's 20.1: the keys we set
 * (`null`: we have no such key), and why. `untrustedOnly`: the difference is gone once the
 * peer is trusted. A listed difference that no longer differs fails.
 */
const DIFFERENCES: Record<string, ListedDifference & { untrustedOnly?: boolean }> = {
  T68: {
    why: '20.1 takes a SCRIPT_NAME: header from any peer (gunicorn/http/wsgi.py); 23.0+ only from a peer in forwarded_allow_ips (forwarder_headers, commit 3e042e82) and drops it otherwise (header_map=drop, 22.0)',
    untrustedOnly: true,
    ours: { SCRIPT_NAME: '', PATH_INFO: '/app/page', HTTP_SCRIPT_NAME: null },
  },
  P07: {
    why: '20.1 lets header names with _ through; 22.0+ drops them (header_map=drop, CVE-2024-1135) unless in forwarder_headers from a trusted peer',
    ours: { HTTP_X_FORWARDED_FOR: null, HTTP_X_FORWARDED_PROTO: null },
  },
}

/** Debian's answer with the listed 26.x differences applied; asserts each one still differs. */
function expectedOurs(
  id: string,
  debian: Record<string, string>,
  trusted = false
): Record<string, string> {
  const difference = DIFFERENCES[id]
  return withDifference(id, debian, trusted && difference?.untrustedOnly ? undefined : difference)
}

async function askOurs(port: number, request: string) {
  const res = await sendRaw({ host: '127.0.0.1', port }, Buffer.from(request, 'latin1'), {
    timeoutMs: 3000,
  })
  const echo = res.status === 200 ? jsonBody<Record<string, string>>(res) : {}
  return { status: res.status, echo }
}

describe('--proxy-trust forwarded_allow_ips=10.9.9.9 against the observed gunicorn.untrusted', () => {
  let server: Awaited<ReturnType<typeof startOurs>>
  beforeAll(async () => {
    server = await startOurs([
      '--profile',
      'gunicorn',
      '--proxy-trust',
      'forwarded_allow_ips=10.9.9.9',
    ])
  })
  afterAll(() => server.close())
  test.each(ANSWERED)('%s', async (id) => {
    const observed = gunicornUntrusted.answers[id as keyof typeof gunicornUntrusted.answers]
    const got = await askOurs(server.port, serverRequest(id))
    expect(got.status).toBe(observed.status)
    expect(trustView(got.echo)).toEqual(
      expectedOurs(id, trustView(observed.echo as Record<string, string>))
    )
  })
})

describe('--proxy-trust forwarded_allow_ips=127.0.0.1 against Debian gunicorn, live', () => {
  let server: Awaited<ReturnType<typeof startOurs>>
  let debian: PythonServer | undefined
  let skipped = ''
  beforeAll(async () => {
    server = await startOurs([
      '--profile',
      'gunicorn',
      '--proxy-trust',
      'forwarded_allow_ips=127.0.0.1',
    ])
    const started = await startPythonServer('gunicorn', {
      args: ['--forwarded-allow-ips=127.0.0.1'],
    })
    if ('skipped' in started) skipped = started.skipped
    else debian = started
  }, 60_000)
  afterAll(async () => {
    await server.close()
    await debian?.close()
  })

  test.for([...ANSWERED, 'contradiction'])('%s', async (id, ctx) => {
    if (!debian) return ctx.skip(skipped)
    const request = id === 'contradiction' ? CONTRADICTION : serverRequest(id)
    const theirs = await askPythonServer(debian, request)
    const got = await askOurs(server.port, request)
    expect(got.status).toBe(theirs.status)
    if (theirs.status !== 200) return
    expect(trustView(got.echo)).toEqual(expectedOurs(id, trustView(theirs.json ?? {}), true))
  })

  test('a trusted X-Forwarded-Proto: https is the scheme (the test can fail)', async () => {
    const got = await askOurs(server.port, serverRequest('XF'))
    expect(got.echo['wsgi.url_scheme']).toBe('https')
  })
})
