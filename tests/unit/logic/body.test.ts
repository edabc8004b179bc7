import { describe, expect, test } from 'vitest'
import {
  bodyBytes,
  bodyLength,
  bodyText,
  bytesBody,
  isBody,
  receivedBody,
} from '../../../web/logic/body.ts'
import { buildExact } from '../../../web/logic/exact.ts'
import { buildOutgoing } from '../../../web/logic/request.ts'
import { makeDraft } from './drafts.ts'

const BINARY = Uint8Array.from([0xff, 0x00, 0x0a, 0x80, 0xc3, 0x28])

describe('body', () => {
  test('bytes stay the same bytes, whatever they are', () => {
    const body = bytesBody(BINARY)
    expect(bodyBytes(body)).toEqual(BINARY)
    expect(bodyLength(body)).toBe(6)
    expect(bodyText(body)).toBeUndefined()
    expect(isBody(body)).toBe(true)
    expect(bytesBody(new Uint8Array(0))).toBe('')
  })

  test.each([
    { name: 'UTF-8 text becomes text', bytes: 'café', type: 'text/plain', text: true },
    { name: 'invalid UTF-8 stays bytes', bytes: BINARY, type: 'text/plain', text: false },
    {
      name: 'multipart with CRLF is text',
      bytes: 'a\r\nb',
      type: 'multipart/form-data',
      text: true,
    },
    {
      name: 'multipart with a bare LF stays bytes',
      bytes: 'a\nb',
      type: 'multipart/x',
      text: false,
    },
    { name: 'a BOM is kept', bytes: '\ufeffhi', type: undefined, text: true },
  ])('receivedBody: $name', ({ bytes, type, text }) => {
    const raw = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
    const body = receivedBody(raw, type)
    expect(typeof body === 'string').toBe(text)
    expect(bodyBytes(body)).toEqual(raw)
  })

  test('exact mode sends bytes as base64, untouched even under multipart', () => {
    const draft = makeDraft({
      method: 'PUT',
      mode: 'exact',
      body: bytesBody(BINARY),
      headers: [{ id: 'h', name: 'Content-Type', value: 'multipart/form-data', enabled: true }],
    })
    const plan = buildExact(draft)
    expect(plan.request).toMatchObject({
      bodyEncoding: 'base64',
      body: btoa('\xff\x00\n\x80\xc3('),
    })
    expect(plan.notes).toContain(
      'No Content-Length row: the server adds Content-Length: 6 to frame the body.'
    )
  })

  test('browser mode sends bytes as bytes, with no implicit text type', () => {
    const out = buildOutgoing(makeDraft({ method: 'PUT', body: bytesBody(BINARY) }), 'http://h')
    expect(out.body).toEqual(BINARY)
    expect(out.bodyBytes).toBe(6)
  })
})
