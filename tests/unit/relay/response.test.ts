/**
 * Framing one response out of the bytes received so far, the way the relay reads its answer.
 */
import { describe, expect, test } from 'vitest'
import { latin1Bytes } from '../../../server/contract/http.ts'
import { frameResponse } from '../../../server/relay/response.ts'

const frame = (raw: string, options: { head?: boolean; closed?: boolean } = {}) => {
  const out = frameResponse(latin1Bytes(raw), { head: false, closed: false, ...options })
  return { ...out, body: Buffer.from(out.body).toString('latin1') }
}

describe('frameResponse', () => {
  test('is complete once Content-Length bytes arrived', () => {
    expect(frame('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab')).toMatchObject({
      complete: false,
    })
    expect(frame('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc')).toMatchObject({
      status: 200,
      statusLine: 'HTTP/1.1 200 OK',
      headers: [['Content-Length', '3']],
      body: 'abc',
      complete: true,
    })
  })

  test('decodes a chunked body and waits for its last chunk', () => {
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'
    expect(frame(`${head}2\r\nhi\r\n`)).toMatchObject({ body: 'hi', complete: false })
    expect(frame(`${head}2\r\nhi\r\n3\r\n!!!\r\n0\r\n\r\n`)).toMatchObject({
      body: 'hi!!!',
      complete: true,
      error: null,
    })
  })

  test('skips interim responses and keeps their status lines', () => {
    const out = frame('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n')
    expect(out).toMatchObject({
      status: 204,
      informational: ['HTTP/1.1 100 Continue'],
      complete: true,
    })
  })

  test('reads no body after HEAD', () => {
    expect(frame('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n', { head: true })).toMatchObject({
      body: '',
      complete: true,
    })
  })

  test('reads to the close when there is no framing', () => {
    expect(frame('HTTP/1.0 200 OK\r\n\r\nall')).toMatchObject({ complete: false })
    expect(frame('HTTP/1.0 200 OK\r\n\r\nall', { closed: true })).toMatchObject({
      body: 'all',
      complete: true,
    })
  })

  test('says what went wrong when the server closes early', () => {
    expect(frame('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab', { closed: true }).error).toBe(
      'closed after 2 of 9 bytes'
    )
    expect(frame('HTTP/1.1 200', { closed: true }).error).toBe(
      'the connection closed inside the head'
    )
  })

  test('refuses conflicting lengths', () => {
    const out = frame('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab')
    expect(out.error).toMatch(/bad Content-Length/)
  })
})
