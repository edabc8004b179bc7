/**
 * The send API's input checks: every refusal names its field, and structured mode refuses
 * whatever would change the request's shape.
 */
import { describe, expect, test } from 'vitest'
import { LIMITS, RelayInputError, readSendRequest } from '../../../server/relay/input.ts'

function refusal(body: unknown): { field: string; message: string } {
  try {
    readSendRequest(body)
  } catch (error) {
    if (error instanceof RelayInputError) return { field: error.field, message: error.message }
    throw error
  }
  throw new Error('accepted')
}

describe('readSendRequest accepts', () => {
  test('an empty object as GET / HTTP/1.1 with no headers', () => {
    expect(readSendRequest({})).toEqual({
      mode: 'structured',
      method: 'GET',
      target: '/',
      httpVersion: '1.1',
      headers: [],
      body: new Uint8Array(0),
    })
  })

  test('bodies in utf8, latin1 and base64', () => {
    const body = (value: string, bodyEncoding: string) => [
      ...(readSendRequest({ body: value, bodyEncoding }) as { body: Uint8Array }).body,
    ]
    expect(body('é', 'utf8')).toEqual([0xc3, 0xa9])
    expect(body('é', 'latin1')).toEqual([0xe9])
    expect(body('AP8=', 'base64')).toEqual([0x00, 0xff])
  })

  test('raw bytes, with profiles', () => {
    expect(
      readSendRequest({ raw: 'R0VUIC8=', rawEncoding: 'base64', profiles: ['gunicorn'] })
    ).toEqual({
      mode: 'raw',
      raw: new TextEncoder().encode('GET /'),
      profiles: ['gunicorn'],
    })
  })

  test('values with other control characters, which a server may refuse', () => {
    expect(readSendRequest({ headers: [['X-Ctl', 'a\x01b\x7f']] })).toMatchObject({
      headers: [['X-Ctl', 'a\x01b\x7f']],
    })
  })
})

describe('readSendRequest refuses', () => {
  const big = (n: number) => 'a'.repeat(n)
  const cases: Array<{ name: string; body: unknown; field: string; message?: RegExp }> = [
    { name: 'a JSON array', body: [], field: 'body' },
    {
      name: 'a host field',
      body: { host: 'evil.example' },
      field: 'host',
      message: /no host, port or URL/,
    },
    { name: 'a port field', body: { port: 22 }, field: 'port', message: /no host, port or URL/ },
    { name: 'a url field', body: { url: 'http://x/' }, field: 'url' },
    { name: 'an unknown field', body: { timeout: 1 }, field: 'timeout', message: /unknown field/ },
    {
      name: 'structured fields next to raw',
      body: { raw: 'x', method: 'GET' },
      field: 'method',
      message: /together with "raw"/,
    },
    {
      name: 'a method that is not a token',
      body: { method: 'GE T' },
      field: 'method',
      message: /not a token/,
    },
    {
      name: 'a method too long',
      body: { method: big(LIMITS.methodChars + 1) },
      field: 'method',
      message: /longer than 64/,
    },
    {
      name: 'a target with a space',
      body: { target: '/a b' },
      field: 'target',
      message: /a space at 2/,
    },
    {
      name: 'a target with CR LF',
      body: { target: '/a\r\nX: y' },
      field: 'target',
      message: /CR at 2/,
    },
    { name: 'a target too long', body: { target: `/${big(LIMITS.targetChars)}` }, field: 'target' },
    { name: 'an empty target', body: { target: '' }, field: 'target' },
    {
      name: 'a target beyond latin-1',
      body: { target: '/€' },
      field: 'target',
      message: /U\+20AC/,
    },
    {
      name: 'a version that is not digit.digit',
      body: { httpVersion: '1.1\r\n' },
      field: 'httpVersion',
    },
    { name: 'headers that are not an array', body: { headers: { Host: 'x' } }, field: 'headers' },
    { name: 'a header that is not a pair', body: { headers: [['Host']] }, field: 'headers[0]' },
    {
      name: 'a header value that is not a string',
      body: { headers: [['X', 1]] },
      field: 'headers[0][1]',
    },
    {
      name: 'a header name that is not a token',
      body: {
        headers: [
          ['Host', 'h'],
          ['Ok', '1'],
          ['X Bad', 'v'],
        ],
      },
      field: 'headers[2][0]',
      message: /^headers\[2\]\[0\]: "X Bad" is not a header token$/,
    },
    {
      name: 'a header name with a colon',
      body: { headers: [['X:', 'v']] },
      field: 'headers[0][0]',
    },
    { name: 'an empty header name', body: { headers: [['', 'v']] }, field: 'headers[0][0]' },
    {
      name: 'a header value with LF',
      body: { headers: [['X', 'a\nb']] },
      field: 'headers[0][1]',
      message: /LF at 1/,
    },
    {
      name: 'a header value with CR',
      body: { headers: [['X', 'a\rb']] },
      field: 'headers[0][1]',
      message: /CR/,
    },
    {
      name: 'a header value with NUL',
      body: { headers: [['X', 'a\0']] },
      field: 'headers[0][1]',
      message: /NUL/,
    },
    {
      name: 'a header value beyond latin-1',
      body: { headers: [['X', '€']] },
      field: 'headers[0][1]',
    },
    {
      name: 'a header name too long',
      body: { headers: [[big(LIMITS.headerNameChars + 1), 'v']] },
      field: 'headers[0][0]',
    },
    {
      name: 'a header value too long',
      body: { headers: [['X', big(LIMITS.headerValueChars + 1)]] },
      field: 'headers[0][1]',
    },
    {
      name: 'too many headers',
      body: { headers: Array.from({ length: LIMITS.headers + 1 }, () => ['X', 'v']) },
      field: 'headers',
      message: /at most 200/,
    },
    {
      name: 'a body too large',
      body: { body: big(LIMITS.bodyBytes + 1) },
      field: 'body',
      message: /larger than 65536/,
    },
    { name: 'a body not a string', body: { body: 5 }, field: 'body' },
    {
      name: 'bad base64 in the body',
      body: { body: 'a?==', bodyEncoding: 'base64' },
      field: 'body',
      message: /not valid base64/,
    },
    { name: 'unpadded base64', body: { body: 'QQ', bodyEncoding: 'base64' }, field: 'body' },
    {
      name: 'an unknown encoding',
      body: { body: 'x', bodyEncoding: 'hex' },
      field: 'bodyEncoding',
    },
    {
      name: 'latin1 text beyond U+00FF',
      body: { raw: 'GET €', rawEncoding: 'latin1' },
      field: 'raw',
    },
    { name: 'an empty raw request', body: { raw: '' }, field: 'raw' },
    {
      name: 'bad base64 in raw',
      body: { raw: '!!!!', rawEncoding: 'base64' },
      field: 'raw',
      message: /not valid base64/,
    },
    { name: 'raw too large', body: { raw: big(LIMITS.rawBytes + 1) }, field: 'raw' },
    {
      name: 'raw too large in base64',
      body: { raw: Buffer.alloc(LIMITS.rawBytes + 1).toString('base64'), rawEncoding: 'base64' },
      field: 'raw',
    },
    { name: 'an unknown profile', body: { profiles: ['no-such-server'] }, field: 'profiles[0]' },
    { name: 'a profile twice', body: { profiles: ['gunicorn', 'gunicorn'] }, field: 'profiles[1]' },
    { name: 'profiles that are not an array', body: { profiles: 'gunicorn' }, field: 'profiles' },
  ]
  test.each(cases)('$name', ({ body, field, message }) => {
    const got = refusal(body)
    expect(got.field).toBe(field)
    expect(got.message.startsWith(`${field}: `)).toBe(true)
    if (message) expect(got.message).toMatch(message)
  })
})
