/**
 * "Copy as curl" for exact sends, checked against a real server: the command curl runs must
 * reach the echo with the environ the relay's bytes produced.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import type { SendAnswer } from '../../../server/relay/types.ts'
import { buildExact } from '../../../web/logic/exact.ts'
import { exactCommand } from '../../../web/logic/exact-curl.ts'
import { latin1Bytes } from '../../../web/logic/raw-text.ts'
import type { Draft } from '../../../web/logic/request.ts'
import { makeRow } from '../../../web/logic/rows.ts'
import { listen } from '../../helpers/server.ts'

const run = promisify(execFile)

const BASE: Draft = {
  method: 'GET',
  path: '/',
  queryMode: 'raw',
  queryRows: [],
  rawQuery: '',
  headers: [],
  body: '',
  mode: 'exact',
}

function address(port: number) {
  return { host: `127.0.0.1:${port}`, hostname: '127.0.0.1', port: String(port) }
}

/** Keys that differ between any two connections. */
const PER_CONNECTION = ['REMOTE_PORT', 'wsgi.input']

describe('exactCommand', () => {
  test.each([
    [
      'odd case, repeats, underscores, an empty value, HTTP/1.0',
      {
        httpVersion: '1.0',
        path: '/a/../b//c',
        rawQuery: 'x=%zz&y',
        headers: [
          makeRow('Host', 'example.test'),
          makeRow('X-Dup', 'a'),
          makeRow('x-DUP', "it's $HOME"),
          makeRow('X_Under', 'u'),
          makeRow('X-Empty', ''),
        ],
      },
    ],
    [
      'a body without a Content-Type, no Host row',
      { method: 'PATCH', path: '/caf%C3%A9', body: '@not-a-file\nline two caf\u00e9' },
    ],
    [
      'an absolute-form target and a chosen Accept',
      { path: 'http://other.example/abs', headers: [makeRow('Accept', 'text/x')] },
    ],
  ])('curl reproduces the environ: %s', async (_name, change) => {
    const server = await listen()
    const plan = buildExact({ ...BASE, ...change })
    const response = await fetch(`${server.url}/_inspector/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...plan.request, profiles: undefined }),
    })
    const answer = (await response.json()) as SendAnswer
    const { kind, command } = exactCommand(
      plan,
      latin1Bytes(answer.sent.text),
      address(server.port)
    )
    expect(kind).toBe('curl')
    const { stdout } = await run('sh', ['-c', command], { timeout: 10_000 })
    expect(answer.environ).not.toBeNull()
    const fromCurl = JSON.parse(stdout) as Record<string, string>
    const keys = new Set([...Object.keys(answer.environ ?? {}), ...Object.keys(fromCurl)])
    for (const key of [...keys].filter((k) => !PER_CONNECTION.includes(k))) {
      expect(fromCurl[key], key).toBe(answer.environ?.[key])
    }
  })

  test('HEAD uses -I, so curl does not wait for a body', () => {
    const plan = buildExact({ ...BASE, method: 'HEAD' })
    expect(exactCommand(plan, new Uint8Array(), address(1)).command).toMatch(/^curl -sS -I /)
  })

  test.each([
    ['raw bytes', { sendRaw: true, raw: 'GET / HTTP/1.1\nNo colon\n\n' }, /malformed bytes/],
    [
      'a Transfer-Encoding row',
      { headers: [makeRow('Transfer-Encoding', 'chunked')] },
      /frame the body/,
    ],
    ['two Host rows', { headers: [makeRow('Host', 'a'), makeRow('Host', 'b')] }, /one Host/],
    [
      'a Content-Length that lies',
      { body: 'abc', headers: [makeRow('Content-Length', '9')] },
      /real length/,
    ],
    ['HTTP/0.9', { httpVersion: '0.9' }, /HTTP\/0\.9/],
  ])('falls back to printf | nc for %s, and says why', async (_name, change, why) => {
    const plan = buildExact({ ...BASE, ...change })
    const bytes = latin1Bytes('GET / HTTP/1.1\r\n\r\n')
    const command = exactCommand(plan, bytes, address(8000))
    expect(command.kind).toBe('nc')
    expect(command.why).toMatch(why)
    expect(command.command).toBe(
      "printf 'GET / HTTP/1.1\\015\\012\\015\\012' | nc -w 3 127.0.0.1 8000"
    )
  })
})
