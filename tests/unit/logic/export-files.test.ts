import { describe, expect, test } from 'vitest'
import { isText } from '../../../web/logic/byte-codecs.ts'
import { toHar } from '../../../web/logic/export-har.ts'
import { toHttpFile } from '../../../web/logic/export-http.ts'
import { httpRequest } from '../../../web/logic/http-request.ts'
import { importHar } from '../../../web/logic/import-har.ts'
import { importRaw } from '../../../web/logic/import-raw.ts'
import { ALL_BYTES, REQUESTS } from './requests.ts'

const ORIGIN = 'http://127.0.0.1:8000'
const plain = <T extends { body: Uint8Array }>(request: T) => ({
  ...request,
  body: Buffer.from(request.body).toString('latin1'),
})
const json = (text: string) => new TextEncoder().encode(text)

describe('toHttpFile', () => {
  test('writes the request line with the full URL, headers, an empty line and the body', () => {
    const request = httpRequest({
      method: 'POST',
      path: '/api',
      query: 'x=1',
      headers: [['Content-Type', 'application/json']],
      body: json('{"a": 1}'),
    })
    expect(toHttpFile(request, { origin: ORIGIN })).toBe(
      'POST http://127.0.0.1:8000/api?x=1 HTTP/1.1\nContent-Type: application/json\n\n{"a": 1}'
    )
  })

  test('writes only the path when there is a Host header', () => {
    const request = httpRequest({ path: '/p', headers: [['Host', 'h.test']] })
    expect(toHttpFile(request, { origin: ORIGIN })).toBe('GET /p HTTP/1.1\nHost: h.test\n')
  })

  test('leaves out a body that is not text, with a comment the tools skip', () => {
    const request = httpRequest({ method: 'PUT', path: '/b', body: ALL_BYTES })
    expect(toHttpFile(request, { origin: ORIGIN })).toBe(
      '# The body (256 bytes) is not text and is left out: export as curl or HAR to keep it.\nPUT http://127.0.0.1:8000/b HTTP/1.1\n'
    )
  })

  test.each(REQUESTS)('round trips through importRaw: $name', ({ request }) => {
    const back = importRaw(toHttpFile(request, { origin: ORIGIN }))
    expect(back.ok).toBe(true)
    if (!back.ok) return
    const keepsBody = isText(request.body)
    expect(plain(back.value.request)).toEqual(
      plain(keepsBody ? request : { ...request, body: new Uint8Array() })
    )
    if (!request.headers.some(([n]) => n.toLowerCase() === 'host'))
      expect(back.value.origin).toBe(ORIGIN)
  })
})

describe('toHar', () => {
  const har = (request = REQUESTS[1]?.request ?? httpRequest()) =>
    JSON.parse(toHar(request, { origin: ORIGIN, startedDateTime: '2026-01-02T03:04:05.000Z' }))

  test('is a HAR 1.2 log with one entry and the fields the spec requires', () => {
    const log = har().log
    expect(log.version).toBe('1.2')
    expect(log.creator.name).toBe('environ-inspector')
    expect(log.entries).toHaveLength(1)
    const entry = log.entries[0]
    expect(Object.keys(entry).sort()).toEqual(
      ['cache', 'request', 'response', 'startedDateTime', 'time', 'timings'].sort()
    )
    for (const field of [
      'method',
      'url',
      'httpVersion',
      'cookies',
      'headers',
      'queryString',
      'headersSize',
      'bodySize',
    ])
      expect(entry.request, field).toHaveProperty(field)
    for (const field of [
      'status',
      'statusText',
      'httpVersion',
      'cookies',
      'headers',
      'content',
      'redirectURL',
      'headersSize',
      'bodySize',
    ])
      expect(entry.response, field).toHaveProperty(field)
    expect(entry.timings).toEqual({ send: 0, wait: 0, receive: 0 })
  })

  test('writes the request: URL, headers in order, decoded query pairs, cookies, text body', () => {
    const request = httpRequest({
      method: 'POST',
      path: '/api',
      query: 'q=a+b&c=%C3%A9&flag',
      headers: [
        ['Cookie', 'a=1; b=two'],
        ['Content-Type', 'application/json'],
      ],
      body: json('{"a": "é"}'),
    })
    expect(har(request).log.entries[0].request).toEqual({
      method: 'POST',
      url: 'http://127.0.0.1:8000/api?q=a+b&c=%C3%A9&flag',
      httpVersion: 'HTTP/1.1',
      cookies: [
        { name: 'a', value: '1' },
        { name: 'b', value: 'two' },
      ],
      headers: [
        { name: 'Cookie', value: 'a=1; b=two' },
        { name: 'Content-Type', value: 'application/json' },
      ],
      queryString: [
        { name: 'q', value: 'a b' },
        { name: 'c', value: 'é' },
        { name: 'flag', value: '' },
      ],
      postData: { mimeType: 'application/json', text: '{"a": "é"}' },
      headersSize: -1,
      bodySize: 11,
    })
  })

  test('puts a binary body in base64 and says so', () => {
    const post = har(httpRequest({ method: 'PUT', body: Uint8Array.of(0, 255) })).log.entries[0]
      .request.postData
    expect(post).toEqual({
      mimeType: '',
      text: 'AP8=',
      encoding: 'base64',
      comment: expect.stringMatching(/base64/),
    })
  })

  test.each(REQUESTS)('round trips through importHar: $name', ({ request }) => {
    const back = importHar(toHar(request, { origin: ORIGIN }))
    expect(back.ok && plain(back.value.request)).toEqual(plain(request))
  })
})
