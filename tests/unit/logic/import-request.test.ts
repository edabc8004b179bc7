import { describe, expect, test } from 'vitest'
import { importHar } from '../../../web/logic/import-har.ts'
import { detectFormat, importRequest, MAX_IMPORT_CHARS } from '../../../web/logic/import-request.ts'
import { importUrl, splitUrl } from '../../../web/logic/import-url.ts'

describe('detectFormat', () => {
  test.each([
    ["curl 'http://h/'", 'curl'],
    ['  curl http://h/ -H "a: b"', 'curl'],
    ["printf 'a|b' | curl --data-binary @- http://h/", 'curl'],
    ['/usr/bin/curl http://h/', 'curl'],
    ['curl ^"http://h/^"', 'curl'],
    ["curl.exe 'http://h/'", 'curl'],
    ['Invoke-WebRequest -Uri "http://h/"', 'curl'],
    ['https://example.com/a?b=c', 'url'],
    ['GET / HTTP/1.1\nHost: h\n\n', 'raw'],
    ['POST https://h/x\n\ncurl is mentioned in the body', 'raw'],
    ['# a comment\nGET /x', 'raw'],
    [':method: GET\n:path: /', 'raw'],
    ['{"log": {"entries": []}}', 'har'],
    ['hello', undefined],
    ['example.com/path', undefined],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text)).toBe(format)
  })
})

describe('importRequest', () => {
  test('says what it takes when nothing fits', () => {
    expect(importRequest('hello')).toEqual({
      ok: false,
      error: expect.stringMatching(/curl command, a full http:\/\/ URL, a raw HTTP request/),
    })
  })

  test('refuses a paste larger than the limit, before reading it', () => {
    const result = importRequest(`GET / HTTP/1.1\n\n${'x'.repeat(MAX_IMPORT_CHARS)}`)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(/at most 1048576/)
  })

  test.each([
    ["curl -X POST 'http://h/p?q=1' -d x", 'curl'],
    ['http://h/p?q=1', 'url'],
    ['GET /p?q=1 HTTP/1.1\n\n', 'raw'],
  ])('hands %j to the %s importer', (text, format) => {
    const result = importRequest(text)
    expect(result.ok && result.value.format).toBe(format)
    expect(result.ok && result.value.request.path).toBe('/p')
  })
})

describe('importUrl', () => {
  test('keeps the path and query exactly, escapes and all', () => {
    const result = importUrl('https://api.example:8443/v1/caf%C3%A9/%7euser/../x?q=a+b&r=%zz&&')
    expect(result).toEqual({
      ok: true,
      value: {
        format: 'url',
        request: expect.objectContaining({
          method: 'GET',
          path: '/v1/caf%C3%A9/%7euser/../x',
          query: 'q=a+b&r=%zz&&',
        }),
        origin: 'https://api.example:8443',
        dropped: [],
        notes: [],
      },
    })
  })

  test('drops the fragment and credentials, with why', () => {
    const result = importUrl('http://bob:pw@h/p#frag')
    expect(result.ok && result.value.dropped).toEqual([
      { what: 'bob:pw@', why: expect.stringMatching(/Authorization header/) },
      { what: '#frag', why: 'The fragment is never sent to the server.' },
    ])
  })

  test('percent-encodes what cannot go on the wire, as a browser does, with a note', () => {
    const result = importUrl('http://h/café/ñ?q=ü')
    expect(result.ok && result.value.request.path).toBe('/caf%C3%A9/%C3%B1')
    expect(result.ok && result.value.request.query).toBe('q=%C3%BC')
    expect(result.ok && result.value.notes[0]).toMatch(/percent-encoded/)
  })

  test('gives an empty path as /', () => {
    expect(importUrl('http://h').ok && importUrl('http://h?x').ok).toBe(true)
    const result = importUrl('http://h?x')
    expect(result.ok && [result.value.request.path, result.value.request.query]).toEqual(['/', 'x'])
  })

  test.each(['ftp://h/x', 'not a url', 'http://h/a b'])('refuses %j', (text) => {
    expect(importUrl(text).ok).toBe(false)
  })

  test('splits IPv6 hosts and userinfo without decoding anything', () => {
    expect(splitUrl('http://u:p%40@[::1]:8000/a?b#c')).toEqual({
      scheme: 'http',
      userinfo: 'u:p%40',
      authority: '[::1]:8000',
      path: '/a',
      query: 'b',
      fragment: 'c',
    })
  })
})

describe('importHar', () => {
  const har = (request: object, extra: object[] = []) =>
    JSON.stringify({ log: { version: '1.2', entries: [{ request }, ...extra] } })

  test('reads the first entry of a DevTools HAR', () => {
    const result = importHar(
      har(
        {
          method: 'POST',
          url: 'https://example.com/api?x=1',
          httpVersion: 'h2',
          headers: [
            { name: ':authority', value: 'example.com' },
            { name: ':method', value: 'POST' },
            { name: 'content-type', value: 'application/json' },
          ],
          postData: { mimeType: 'application/json', text: '{"a":1}' },
        },
        [{ request: { method: 'GET', url: 'https://example.com/b' } }]
      )
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.request).toMatchObject({
      method: 'POST',
      path: '/api',
      query: 'x=1',
      headers: [
        ['Host', 'example.com'],
        ['content-type', 'application/json'],
      ],
    })
    expect(Buffer.from(result.value.request.body).toString()).toBe('{"a":1}')
    expect(result.value.dropped[0]?.what).toBe('1 more entries')
  })

  test('reads a base64 body as bytes', () => {
    const result = importHar(
      har({ method: 'PUT', url: 'http://h/', postData: { text: 'AP8=', encoding: 'base64' } })
    )
    expect(result.ok && [...result.value.request.body]).toEqual([0, 255])
  })

  test.each([
    ['{', /not valid JSON/],
    ['{"log": {"entries": []}}', /No request/],
    [JSON.stringify({ request: { method: 'GET', url: 'ws://h/' } }), /Only http/],
    [
      JSON.stringify({
        request: { method: 'PUT', url: 'http://h/', postData: { text: '!', encoding: 'base64' } },
      }),
      /not valid base64/,
    ],
  ])('refuses %s', (text, error) => {
    const result = importHar(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(error)
  })
})
