/**
 * Structured requests become exact bytes: order, case and repeats kept, and only Host and
 * Content-Length added, each reported with where it went.
 */
import { describe, expect, test } from 'vitest'
import { hostPort, latin1Bytes } from '../../../server/contract/http.ts'
import { type RequestParts, serializeRequest } from '../../../server/contract/serialize.ts'

const HOST = '127.0.0.1:8000'
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')
const request = (overrides: Partial<RequestParts> = {}): RequestParts => ({
  method: 'GET',
  target: '/',
  httpVersion: '1.1',
  headers: [],
  body: new Uint8Array(0),
  ...overrides,
})

describe('serializeRequest', () => {
  const cases: Array<{
    name: string
    given: Partial<RequestParts>
    bytes: string
    added: string[]
  }> = [
    {
      name: 'adds Host to an HTTP/1.1 request that has none, first',
      given: { headers: [['Accept', '*/*']] },
      bytes: `GET / HTTP/1.1\r\nHost: ${HOST}\r\nAccept: */*\r\n\r\n`,
      added: ['Host'],
    },
    {
      name: 'keeps a Host the user chose, in any case, and adds nothing',
      given: { headers: [['hOST', 'example.test']] },
      bytes: 'GET / HTTP/1.1\r\nhOST: example.test\r\n\r\n',
      added: [],
    },
    {
      name: 'adds no Host to HTTP/1.0, which does not need one',
      given: { httpVersion: '1.0' },
      bytes: 'GET / HTTP/1.0\r\n\r\n',
      added: [],
    },
    {
      name: 'keeps header order, case and duplicates exactly',
      given: {
        headers: [
          ['Host', 'h'],
          ['X-Dup', 'a'],
          ['x-dup', 'b'],
          ['X_Under', 'c'],
          ['X-Dup', ''],
        ],
      },
      bytes: 'GET / HTTP/1.1\r\nHost: h\r\nX-Dup: a\r\nx-dup: b\r\nX_Under: c\r\nX-Dup: \r\n\r\n',
      added: [],
    },
    {
      name: 'adds Content-Length after the headers when there is a body',
      given: { method: 'POST', headers: [['Host', 'h']], body: latin1Bytes('hi') },
      bytes: 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi',
      added: ['Content-Length'],
    },
    {
      name: 'keeps a Content-Length the user set, even a wrong one',
      given: {
        method: 'POST',
        headers: [
          ['Host', 'h'],
          ['content-length', '5'],
        ],
        body: latin1Bytes('hi'),
      },
      bytes: 'POST / HTTP/1.1\r\nHost: h\r\ncontent-length: 5\r\n\r\nhi',
      added: [],
    },
    {
      name: 'adds no Content-Length next to Transfer-Encoding: the body is sent as framed',
      given: {
        method: 'POST',
        headers: [
          ['Host', 'h'],
          ['Transfer-Encoding', 'chunked'],
        ],
        body: latin1Bytes('2\r\nhi\r\n0\r\n\r\n'),
      },
      bytes: 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n',
      added: [],
    },
    {
      name: 'adds no Content-Length for an empty body',
      given: { method: 'POST', headers: [['Host', 'h']] },
      bytes: 'POST / HTTP/1.1\r\nHost: h\r\n\r\n',
      added: [],
    },
    {
      name: 'writes an absolute-form target as given',
      given: { target: 'http://other.example/p?q=1', httpVersion: '1.0' },
      bytes: 'GET http://other.example/p?q=1 HTTP/1.0\r\n\r\n',
      added: [],
    },
    {
      name: 'writes latin-1 strings one byte per character',
      given: {
        headers: [
          ['Host', 'h'],
          ['X-Latin', 'caf\u00e9'],
        ],
      },
      bytes: 'GET / HTTP/1.1\r\nHost: h\r\nX-Latin: caf\xe9\r\n\r\n',
      added: [],
    },
  ]

  test.each(cases)('$name', ({ given, bytes, added }) => {
    const out = serializeRequest(request(given), HOST)
    expect(text(out.bytes)).toBe(bytes)
    expect(out.added.map((a) => a.name)).toEqual(added)
  })

  test('reports each added header with its value, reason and byte range', () => {
    const out = serializeRequest(request({ body: latin1Bytes('abc') }), HOST)
    const sent = text(out.bytes)
    expect(out.added).toEqual([
      expect.objectContaining({ name: 'Host', value: HOST }),
      expect.objectContaining({ name: 'Content-Length', value: '3' }),
    ])
    for (const { name, value, reason, range } of out.added) {
      expect(sent.slice(range[0], range[1])).toBe(`${name}: ${value}`)
      expect(reason).toMatch(/RFC 9112/)
    }
  })

  test('keeps body bytes exactly, including non-UTF-8 ones', () => {
    const body = new Uint8Array([0, 0xff, 0x0d, 0x0a, 0x80])
    const out = serializeRequest(request({ headers: [['Host', 'h']], body }), HOST)
    expect([...out.bytes.subarray(out.bytes.length - 5)]).toEqual([...body])
  })
})

describe('hostPort', () => {
  test.each([
    ['127.0.0.1', 8000, '127.0.0.1:8000'],
    ['::1', 8000, '[::1]:8000'],
  ])('%s port %i → %s', (address, port, want) => {
    expect(hostPort(address, port)).toBe(want)
  })
})
