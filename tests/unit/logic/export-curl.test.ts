import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ansiC, isPasteSafe, shellWord, toCurlCommand } from '../../../web/logic/export-curl.ts'
import { httpRequest } from '../../../web/logic/http-request.ts'
import { importCurl } from '../../../web/logic/import-curl.ts'
import { importRaw } from '../../../web/logic/import-raw.ts'
import { type RequestCapture, sentBy, startRequestCapture } from '../../helpers/request-capture.ts'
import { REQUESTS } from './requests.ts'

const ORIGIN = 'http://127.0.0.1:8000'
const plain = <T extends { body: Uint8Array }>(request: T) => ({
  ...request,
  body: Buffer.from(request.body).toString('latin1'),
})

describe('toCurlCommand', () => {
  test('writes the README example on one line', () => {
    expect(
      toCurlCommand(httpRequest({ path: '/foo/bar', query: 'baz=bat' }), { origin: ORIGIN })
    ).toBe("curl 'http://127.0.0.1:8000/foo/bar?baz=bat'")
  })

  test('writes a POST as a browser copy does: URL first, one option a line', () => {
    const request = httpRequest({
      method: 'POST',
      path: '/api',
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Empty', ''],
      ],
      body: new TextEncoder().encode(`{"a": "it's"}`),
    })
    expect(toCurlCommand(request, { origin: ORIGIN })).toBe(
      [
        'curl http://127.0.0.1:8000/api \\',
        "  -H 'Content-Type: application/json' \\",
        "  -H 'X-Empty;' \\",
        `  --data-binary '{"a": "it'\\''s"}'`,
      ].join('\n')
    )
  })

  test('stops curl adding its own Content-Type to a body without one', () => {
    const request = httpRequest({ method: 'PUT', path: '/x', body: Uint8Array.of(0x61) })
    expect(toCurlCommand(request, { origin: ORIGIN })).toContain('-H Content-Type:')
  })

  test('pipes a body a terminal would act on through printf', () => {
    const request = httpRequest({
      method: 'POST',
      path: '/x',
      body: Uint8Array.of(0x1b, 0x5b, 0x32, 0x4a),
    })
    expect(toCurlCommand(request, { origin: ORIGIN })).toMatch(/^printf '\\033\[2J' \| curl /)
  })
})

describe('paste safety', () => {
  test.each([
    ['plain text', 'hello world', true],
    ['a tab', 'a\tb', false],
    ['ESC', 'a\x1b[2Jb', false],
    ['CR', 'a\rb', false],
    ['DEL', 'a\x7fb', false],
    ['a C1 control (NEL)', 'a\u0085b', false],
    ['a C1 control (CSI)', 'a\u009bb', false],
    ['a bidi override', 'a\u202eb', false],
    ['non-ASCII letters', 'café ✓', true],
  ])('%s → %s', (_name, text, safe) => {
    expect(isPasteSafe(text)).toBe(safe)
  })

  test('writes unsafe words in ANSI-C quoting, nothing raw', () => {
    expect(shellWord("a\x1bb\u0085c\u202ed'e\\")).toBe("$'a\\x1bb\\u0085c\\u202ed\\'e\\\\'")
    expect(ansiC('\n\r\t')).toBe("$'\\n\\r\\t'")
    for (const request of REQUESTS) {
      const command = toCurlCommand(request.request, { origin: ORIGIN })
      expect(command, request.name).not.toMatch(
        /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\t]/
      )
    }
  })
})

describe('toCurlCommand round trips', () => {
  test.each(REQUESTS)('through importCurl: $name', ({ request }) => {
    const back = importCurl(toCurlCommand(request, { origin: ORIGIN }))
    expect(back.ok && plain(back.value.request)).toEqual(plain(request))
    expect(back.ok && back.value.dropped).toEqual([])
  })
})

// The command runs in bash and real curl sends it to a capture server; the bytes on the wire,
// read back, must be the request. curl's own Host, User-Agent, Accept, Content-Length and
// Expect are set aside when the request does not have them.
describe('toCurlCommand sends the request with real curl', () => {
  let capture: RequestCapture
  beforeAll(async () => {
    capture = await startRequestCapture()
  })
  afterAll(() => capture.close())

  test.each(REQUESTS)('$name', async ({ request }) => {
    const origin = `http://127.0.0.1:${capture.port}`
    const command = toCurlCommand(request, { origin })
    const wire = await sentBy(capture, 'bash', ['-c', `${command} >/dev/null`])
    const sent = importRaw(new Uint8Array(wire))
    if (!sent.ok) throw new Error(sent.error)
    const own = ['host', 'user-agent', 'accept', 'content-length', 'expect']
    const has = (name: string) => request.headers.some(([n]) => n.toLowerCase() === name)
    const theirs = sent.value.request
    expect(
      plain({
        ...theirs,
        headers: theirs.headers.filter(
          ([n]) => !own.includes(n.toLowerCase()) || has(n.toLowerCase())
        ),
      })
    ).toEqual(plain(request))
  })
})
