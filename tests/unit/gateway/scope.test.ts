/**
 * The ASGI scope builder (gateway/scope.ts) under the uvicorn profile, against the scope
 * Debian's uvicorn 0.17.6 (h11) echoed for the same bytes (tests/corpus/servers/uvicorn.json).
 * The one difference on these requests: 0.17.6 had no `state` key (added in 0.21.0, #1818).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { strEnviron } from '../../../server/contract/python.ts'
import { buildEnviron } from '../../../server/gateway/environ.ts'
import { RequestRejected } from '../../../server/gateway/errors.ts'
import { SERVER_REQUESTS } from '../../corpus/servers/requests.ts'
import { parseHead, SERVER } from '../../helpers/request.ts'

interface Answer {
  readonly status: number
  readonly echo?: Record<string, string>
}
const FIXTURE = JSON.parse(
  readFileSync(new URL('../../corpus/servers/uvicorn.json', import.meta.url), 'utf8')
) as { answers: Record<string, Answer> }

/** Requests parseHead reads as Node would: CRLF lines, one space between the words. */
const CASES = [
  'T01',
  'T05',
  'T11',
  'T12',
  'T13',
  'T14',
  'T20',
  'T21',
  'T61',
  'T62',
  'T65',
  'T67',
  'T78',
]

function scopeOf(id: string): Record<string, string> {
  const request = SERVER_REQUESTS.find((r) => r.id === id)
  if (!request) throw new Error(`no request ${id}`)
  const scope = strEnviron(buildEnviron(parseHead(request.request), SERVER, 'uvicorn'))
  // the fixture masks the ports; Debian's 0.17.6 has no `state` (0.21.0, #1818)
  const { state, ...rest } = scope
  expect(state).toBe('{}')
  return {
    ...rest,
    server: rest.server?.replace(/, \d+\)$/, ', <port>)') ?? '',
    client: rest.client?.replace(/, \d+\)$/, ', <client-port>)') ?? '',
  }
}

describe('the uvicorn scope', () => {
  test.each(CASES)('%s: as Debian uvicorn echoed it, key order included', (id) => {
    const answer = FIXTURE.answers[id]
    expect(answer?.status, id).toBe(200)
    const ours = scopeOf(id)
    expect(Object.keys(ours)).toEqual(Object.keys(answer?.echo ?? {}))
    expect(ours).toEqual(answer?.echo)
  })

  test('renders the issue example: bytes reprs, a list of tuples, a decoded path', () => {
    const request = parseHead('GET /a%20b?x=1 HTTP/1.1\r\nHost: h:1\r\nX-A: \xe9\r\n\r\n')
    const scope = strEnviron(buildEnviron(request, SERVER, 'uvicorn'))
    expect(scope).toMatchObject({
      path: '/a b',
      raw_path: "b'/a%20b'",
      query_string: "b'x=1'",
      headers: "[(b'host', b'h:1'), (b'x-a', b'\\xe9')]",
      asgi: "{'version': '3.0', 'spec_version': '2.3'}",
    })
  })

  test('--script-name is root_path, put in front of path and raw_path (uvicorn ≥0.26)', () => {
    const scope = strEnviron(
      buildEnviron(
        parseHead('GET /x%C3%A9 HTTP/1.1\r\nHost: h\r\n\r\n'),
        { ...SERVER, scriptName: '/caf\xe9' },
        'uvicorn'
      )
    )
    expect(scope).toMatchObject({
      root_path: '/caf\xe9',
      path: '/caf\xe9/x\xe9',
      raw_path: "b'/caf\\xc3\\xa9/x%C3%A9'",
    })
  })

  test("refuses a target byte h11 does not accept with uvicorn's 400", () => {
    expect(() =>
      buildEnviron(parseHead('GET /\xe9 HTTP/1.1\r\nHost: h\r\n\r\n'), SERVER, 'uvicorn')
    ).toThrow(RequestRejected)
  })

  // h11 0.16 (_abnf.py, _headers.py:185-203, _events.py:112-119); Node lets each of these through
  test.each([
    ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', 400],
    ['HTTP/1.0 without Host', 'GET / HTTP/1.0\r\n\r\n', 200],
    ['two Host fields', 'GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n', 400],
    [
      'Transfer-Encoding: gzip, chunked',
      'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n',
      400,
    ],
    [
      'Transfer-Encoding: Chunked (case-insensitive)',
      'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n',
      200,
    ],
    [
      'two Transfer-Encoding fields',
      'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n',
      400,
    ],
  ])('h11: %s → %i', (_, raw, status) => {
    const build = () => buildEnviron(parseHead(raw), SERVER, 'uvicorn')
    if (status === 200) expect(build).not.toThrow()
    else expect(build).toThrow(expect.objectContaining({ status }))
  })

  test('an HTTP/0.9 request line is refused (h11 needs the version)', () => {
    const request = { ...parseHead('GET /nine\r\n\r\n'), httpVersion: '0.9' }
    expect(() => buildEnviron(request, SERVER, 'uvicorn')).toThrow(RequestRejected)
  })
})
