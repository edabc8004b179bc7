import { describe, expect, test } from 'vitest'
import {
  bodyPreview,
  formatBytes,
  formatPeer,
  formatTime,
  isRedacted,
  parseRecord,
  parseSummary,
  redactedEnvironKeys,
  toReplayRequest,
} from '../../../web/logic/live-record.ts'

/** A full record as `GET /_inspector/api/requests/:id` sends it. */
function recordJson(body: string, change: Record<string, unknown> = {}) {
  const bytes = new TextEncoder().encode(body)
  return {
    id: '7',
    time: '2026-01-02T03:04:05.678Z',
    durationMs: 2,
    peer: { address: '::1', port: 4242 },
    method: 'POST',
    target: '/hook?x=1',
    httpVersion: '1.1',
    status: 200,
    responseBytes: 900,
    bodySize: bytes.length,
    contentType: 'text/plain',
    refusal: null,
    headers: [['Host', 'h']],
    local: { address: '::1', port: 8000 },
    request: {
      method: 'POST',
      target: '/hook?x=1',
      httpVersion: '1.1',
      requestLine: 'POST /hook?x=1 HTTP/1.1',
      headers: [
        ['Host', 'h'],
        ['Authorization', '[redacted]'],
        ['X-Note', '[redacted]'],
        ['X-Dup', 'a'],
        ['X-Dup', 'b'],
      ],
      head: { text: '…', bytes: 1, reconstructed: true },
      body: {
        size: bytes.length,
        sha256: 'ab'.repeat(32),
        kept: bytes.length,
        truncated: false,
        base64: btoa(String.fromCharCode(...bytes)),
      },
    },
    environ: { REQUEST_METHOD: 'POST', HTTP_X_DUP: 'a,b' },
    redacted: ['Authorization'],
    ...change,
  }
}

describe('parseSummary', () => {
  test('reads a list row, with a numeric id', () => {
    const row = parseSummary(recordJson(''))
    expect(row).toMatchObject({ id: 7, method: 'POST', peer: { address: '::1', port: 4242 } })
  })

  test.each([
    ['not an object', 'x'],
    ['an id that is not a positive integer', { ...recordJson(''), id: '0' }],
    ['a missing target', { ...recordJson(''), target: undefined }],
    ['a peer without port', { ...recordJson(''), peer: { address: '::1' } }],
  ])('rejects %s', (_name, value) => {
    expect(parseSummary(value)).toBeUndefined()
  })
})

describe('parseRecord', () => {
  test('decodes the body and keeps headers in order with duplicates', () => {
    const record = parseRecord(recordJson('héllo'))
    expect(new TextDecoder().decode(record?.body.bytes)).toBe('héllo')
    expect(record?.headers.map(([name]) => name)).toEqual([
      'Host',
      'Authorization',
      'X-Note',
      'X-Dup',
      'X-Dup',
    ])
    expect(record?.environ).toEqual({ REQUEST_METHOD: 'POST', HTTP_X_DUP: 'a,b' })
  })

  test('a refused request has no environ', () => {
    expect(parseRecord(recordJson('', { environ: null }))?.environ).toBeNull()
  })

  test('marks as redacted only the headers the server says it replaced', () => {
    const record = parseRecord(recordJson(''))
    if (!record) throw new Error('no record')
    const marked = record.headers.filter((header) => isRedacted(record, header))
    // X-Note's value merely looks redacted: the sender typed it
    expect(marked).toEqual([['Authorization', '[redacted]']])
  })

  test('names the environ keys that hold a redacted value', () => {
    const record = parseRecord(
      recordJson('', {
        environ: {
          HTTP_AUTHORIZATION: '[redacted]',
          HTTP_X_NOTE: '[redacted]',
          CONTENT_TYPE: '[redacted]',
        },
        redacted: ['Authorization', 'Content-Type'],
      })
    )
    if (!record) throw new Error('no record')
    expect([...redactedEnvironKeys(record)].sort()).toEqual(['CONTENT_TYPE', 'HTTP_AUTHORIZATION'])
  })
})

describe('bodyPreview', () => {
  const bytes = (...values: number[]) => new Uint8Array(values)

  test('shows UTF-8 as text, and nothing for an empty body', () => {
    expect(bodyPreview(new TextEncoder().encode('{"a":1}'))).toEqual({
      kind: 'text',
      text: '{"a":1}',
    })
    expect(bodyPreview(bytes())).toEqual({ kind: 'empty' })
  })

  test('a character cut in two by truncation still reads as text', () => {
    // "hé" then the first byte of another é
    expect(bodyPreview(bytes(0x68, 0xc3, 0xa9, 0xc3))).toEqual({ kind: 'text', text: 'hé' })
  })

  test('shows other bytes as hex, 16 per line', () => {
    const preview = bodyPreview(new Uint8Array(20).fill(0xff))
    expect(preview.kind).toBe('binary')
    if (preview.kind !== 'binary') return
    expect(preview.hex.split('\n')).toHaveLength(2)
    expect(preview.hex.startsWith('ff ff')).toBe(true)
    expect(preview.shownBytes).toBe(20)
  })
})

describe('toReplayRequest', () => {
  test('passes method, target, version, headers in order and the body text', () => {
    const record = parseRecord(recordJson('a=1&b=2'))
    if (!record) throw new Error('no record')
    const replay = toReplayRequest(record)
    expect(replay).toMatchObject({
      method: 'POST',
      target: '/hook?x=1',
      httpVersion: 'HTTP/1.1',
      body: 'a=1&b=2',
    })
    expect(replay.headers).toEqual(record.headers)
  })
})

test('formatPeer brackets IPv6 addresses', () => {
  expect(formatPeer({ address: '::1', port: 80 })).toBe('[::1]:80')
  expect(formatPeer({ address: '10.0.0.1', port: 80 })).toBe('10.0.0.1:80')
})

test('formatTime shows local time to the millisecond', () => {
  const iso = new Date(2026, 0, 2, 3, 4, 5, 6).toISOString()
  expect(formatTime(iso)).toBe('03:04:05.006')
})

test.each([
  [1, '1 byte'],
  [1234, '1,234 bytes'],
  [64 * 1024, '64 KiB'],
  [2 * 1024 * 1024, '2 MiB'],
])('formatBytes(%i) is %s', (bytes, want) => {
  expect(formatBytes(bytes)).toBe(want)
})
