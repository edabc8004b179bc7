import { describe, expect, test } from 'vitest'
import type { HttpRequest } from '../../../web/logic/http-request.ts'
import { dechunk, importRaw } from '../../../web/logic/import-raw.ts'

function imported(input: string | Uint8Array) {
  const result = importRaw(input)
  if (!result.ok) throw new Error(result.error)
  return result.value
}

const body = (request: HttpRequest) => Buffer.from(request.body).toString('latin1')

describe('importRaw', () => {
  const cases = [
    {
      name: 'a request as it goes on the wire (CRLF)',
      input:
        'POST /api/items?x=1 HTTP/1.1\r\nHost: shop.example\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello',
      want: {
        method: 'POST',
        path: '/api/items',
        query: 'x=1',
        headers: [
          ['Host', 'shop.example'],
          ['Content-Type', 'text/plain'],
          ['Content-Length', '5'],
        ],
        body: 'hello',
      },
    },
    {
      name: 'a paste with LF line ends, blank lines and a comment first',
      input: '\n# copied from the proxy log\nGET /a%20b HTTP/1.1\nX-Dup: one\nx-dup: two\n\n',
      want: {
        method: 'GET',
        path: '/a%20b',
        headers: [
          ['X-Dup', 'one'],
          ['x-dup', 'two'],
        ],
        body: '',
      },
    },
    {
      name: 'a .http file: absolute URL, no version',
      input: 'PUT https://api.example/v1/thing?y=2\nContent-Type: application/json\n\n{"a": 1}',
      want: { method: 'PUT', path: '/v1/thing', query: 'y=2', body: '{"a": 1}' },
    },
    {
      name: 'HTTP/1.0',
      input: 'GET / HTTP/1.0\r\n\r\n',
      want: { httpVersion: '1.0' },
    },
    {
      name: 'OPTIONS *',
      input: 'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n',
      want: { method: 'OPTIONS', path: '*' },
    },
    {
      name: 'header values trimmed of their optional whitespace, empty ones kept',
      input: 'GET / HTTP/1.1\r\nX-A:   spaced  \r\nX-Empty:\r\n\r\n',
      want: {
        headers: [
          ['X-A', 'spaced'],
          ['X-Empty', ''],
        ],
      },
    },
    {
      name: 'UTF-8 in a header value and in the body',
      input: 'POST / HTTP/1.1\nX-Name: café\n\nnaïve',
      want: { headers: [['X-Name', 'café']], body: Buffer.from('naïve').toString('latin1') },
    },
  ]
  test.each(cases)('$name', ({ input, want }) => {
    const request = imported(input).request
    expect({ ...request, body: body(request) }).toMatchObject(want)
  })

  test('keeps the bytes of a binary body exactly', () => {
    const bytes = Buffer.concat([
      Buffer.from('PUT /blob HTTP/1.1\r\nContent-Length: 4\r\n\r\n'),
      Buffer.from([0x00, 0xff, 0x0d, 0x0a]),
    ])
    expect([...imported(new Uint8Array(bytes)).request.body]).toEqual([0x00, 0xff, 0x0d, 0x0a])
  })

  test('reads header bytes that are not UTF-8 as latin-1, and says so', () => {
    const bytes = Buffer.concat([
      Buffer.from('GET / HTTP/1.1\r\nX-L: '),
      Buffer.from([0xe9]),
      Buffer.from('\r\n\r\n'),
    ])
    const value = imported(new Uint8Array(bytes))
    expect(value.request.headers).toEqual([['X-L', 'é']])
    expect(value.notes.join(' ')).toMatch(/X-L is not UTF-8/)
  })

  test('de-chunks a chunked body and drops Transfer-Encoding, with why', () => {
    const value = imported(
      'POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n'
    )
    expect(body(value.request)).toBe('hello world')
    expect(value.request.headers).toEqual([])
    expect(value.dropped[0]).toMatchObject({
      what: 'Transfer-Encoding: chunked',
      why: /de-chunked/,
    })
  })

  test('cuts what follows the Content-Length body, and says so', () => {
    const value = imported('POST / HTTP/1.1\nContent-Length: 2\n\nhi\nGET / HTTP/1.1\n')
    expect(body(value.request)).toBe('hi')
    expect(value.dropped[0]?.why).toMatch(/Content-Length says the body is 2 bytes/)
  })

  test('notes a Content-Length longer than the body', () => {
    expect(imported('POST / HTTP/1.1\nContent-Length: 9\n\nhi').notes.join(' ')).toMatch(
      /says 9 bytes, but the body has 2/
    )
  })

  test('joins folded lines and drops lines that are not headers', () => {
    const value = imported('GET / HTTP/1.1\r\nX-Long: a\r\n  b\r\nnot a header\r\n\r\n')
    expect(value.request.headers).toEqual([['X-Long', 'a b']])
    expect(value.dropped).toEqual([
      { what: 'not a header', why: 'Not a "Name: value" header line.' },
    ])
    expect(value.notes.join(' ')).toMatch(/obs-fold/)
  })

  test('turns HTTP/2 pseudo-headers into the request line and Host', () => {
    const value = imported(
      ':method: POST\n:authority: example.com\n:scheme: https\n:path: /x?y=1\naccept: */*\n\nbody'
    )
    expect(value.request).toMatchObject({
      method: 'POST',
      path: '/x',
      query: 'y=1',
      headers: [
        ['Host', 'example.com'],
        ['accept', '*/*'],
      ],
    })
  })

  test('drops HTTP/2 as a version, keeping the request', () => {
    const value = imported('GET /x HTTP/2\nhost: h\n\n')
    expect(value.request.httpVersion).toBeUndefined()
    expect(value.dropped[0]).toMatchObject({ what: 'HTTP/2' })
  })

  test('imports the first request of a .http file only', () => {
    const value = imported(
      'POST http://h/one HTTP/1.1\n\n### Heading in the body stays\n\n### second\nGET http://h/two HTTP/1.1\n'
    )
    expect(value.request.path).toBe('/one')
    expect(body(value.request)).toBe('### Heading in the body stays')
    expect(value.dropped[0]?.why).toMatch(/first request/)
  })

  test('percent-encodes spaces typed in the target, with a note', () => {
    const value = imported('GET /a b?c d HTTP/1.1\n\n')
    expect(value.request).toMatchObject({ path: '/a%20b', query: 'c%20d' })
    expect(value.notes.join(' ')).toMatch(/percent-encoded/)
  })

  test('refuses text whose first line is no request line', () => {
    expect(importRaw('hello there')).toEqual({
      ok: false,
      error: 'The first line is not a request line.',
    })
  })
})

describe('dechunk', () => {
  test.each([
    ['0\r\n\r\n', ''],
    ['3\r\nabc\r\n0\r\n\r\n', 'abc'],
    ['a\nabcdefghij\n0\n\n', 'abcdefghij'],
  ])('%j → %j', (input, want) => {
    expect(dechunk(input)).toBe(want)
  })

  test.each(['zz\r\n', '3\r\nabcd', '3\r\nabc'])('refuses %j', (input) => {
    expect(dechunk(input)).toBeUndefined()
  })
})
