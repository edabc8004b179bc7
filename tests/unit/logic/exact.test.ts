import { describe, expect, test } from 'vitest'
import { PROFILE_IDS } from '../../../server/contract/profiles.ts'
import {
  buildExact,
  exactTarget,
  formAsRawText,
  planExactHeaders,
} from '../../../web/logic/exact.ts'
import { isDraft } from '../../../web/logic/guards.ts'
import { bytesToLatin1, rawBytes } from '../../../web/logic/raw-text.ts'
import { replayDraft } from '../../../web/logic/replay.ts'
import { type Draft, draftMode } from '../../../web/logic/request.ts'
import { makeRow } from '../../../web/logic/rows.ts'

const BASE: Draft = {
  method: 'GET',
  path: '/p',
  queryMode: 'raw',
  queryRows: [],
  rawQuery: '',
  headers: [],
  body: '',
  mode: 'exact',
}

function draftWith(change: Partial<Draft>): Draft {
  return { ...BASE, ...change }
}

describe('buildExact (structured)', () => {
  test('keeps every header, its case, order and repeats; nothing refused', () => {
    const plan = buildExact(
      draftWith({
        headers: [
          makeRow('Host', 'example.test'),
          makeRow('X-Dup', 'a'),
          makeRow('x-dup', 'b'),
          makeRow('Content-Length', '0'),
          makeRow('Connection', 'close'),
          makeRow('X-Off', '1', false),
        ],
      })
    )
    expect(plan.problems).toEqual([])
    expect(plan.request).toMatchObject({
      method: 'GET',
      target: '/p',
      httpVersion: '1.1',
      headers: [
        ['Host', 'example.test'],
        ['X-Dup', 'a'],
        ['x-dup', 'b'],
        ['Content-Length', '0'],
        ['Connection', 'close'],
      ],
      profiles: [...PROFILE_IDS],
    })
    expect(plan.notes).toContain('The 2 "x-dup" rows go out as 2 separate lines.')
  })

  test('says what the server will add: Host for HTTP/1.1, Content-Length for a body', () => {
    const plan = buildExact(draftWith({ method: 'POST', body: 'hé' }), '127.0.0.1:8000')
    expect(plan.notes).toEqual([
      'No Host row: the server adds Host: 127.0.0.1:8000 (HTTP/1.1 requires one).',
      'No Content-Length row: the server adds Content-Length: 3 to frame the body.',
    ])
    expect(buildExact(draftWith({ httpVersion: '1.0' })).notes).toEqual([])
  })

  test('sends the target as typed, non-ASCII as raw UTF-8 bytes', () => {
    const plan = buildExact(draftWith({ path: '/café', rawQuery: 'q=%zz&x' }))
    expect(plan.request).toMatchObject({ target: '/caf\xc3\xa9?q=%zz&x' })
    expect(plan.target).toBe('/café?q=%zz&x') // shown as typed
    expect(plan.notes[0]).toMatch(/raw UTF-8 bytes/)
    expect(exactTarget(draftWith({ path: '' }))).toBe('/')
    expect(exactTarget(draftWith({ path: 'http://other.example/x' }))).toBe(
      'http://other.example/x'
    )
  })

  test.each([
    ['a method that is not a token', { method: 'GET X' }, /method must be a token/],
    ['a space in the target', { path: '/a b' }, /write %20, or use the Raw tab/],
    ['a body over the relay’s limit', { body: 'x'.repeat(65537) }, /at most 65536/],
  ])('reports %s as a problem', (_name, change, message) => {
    expect(buildExact(draftWith(change)).problems.join(' ')).toMatch(message)
  })

  test('marks header rows the relay would refuse, and only those', () => {
    const plan = planExactHeaders([
      makeRow('Host', 'h'),
      makeRow('Bad Name', 'v'),
      makeRow('X-Ok', 'line\nbreak'),
      makeRow('', 'no name'),
    ])
    expect(plan.map((p) => p.status)).toEqual(['send', 'invalid', 'invalid', 'empty'])
  })
})

describe('buildExact (raw)', () => {
  test('sends the Raw tab’s bytes as base64, whatever the form says', () => {
    const plan = buildExact(
      draftWith({ sendRaw: true, raw: 'GET /r HTTP/1.0\\n\n\\n\n', method: 'bad method' })
    )
    expect(plan.problems).toEqual([])
    expect(plan).toMatchObject({
      raw: true,
      method: 'GET',
      target: '/r',
      httpVersion: '1.0',
      byteCount: 17,
    })
    if (!('raw' in plan.request)) throw new Error('expected a raw request')
    expect(Buffer.from(plan.request.raw, 'base64').toString('latin1')).toBe('GET /r HTTP/1.0\n\n')
    expect(plan.request.rawEncoding).toBe('base64')
  })

  test('an empty raw request is a problem', () => {
    expect(buildExact(draftWith({ sendRaw: true, raw: '' })).problems[0]).toMatch(/empty/)
  })
})

test('formAsRawText writes what the server would send, Host and Content-Length included', () => {
  const draft = draftWith({
    method: 'PUT',
    path: '/caf\u00e9',
    rawQuery: 'a=1',
    headers: [makeRow('X-Back', 'a\\b')],
    body: 'line1\nline2',
  })
  const text = formAsRawText(draft, '127.0.0.1:8000')
  expect(text).toBe(
    'PUT /café?a=1 HTTP/1.1\nHost: 127.0.0.1:8000\nX-Back: a\\\\b\nContent-Length: 11\n\nline1\\n\nline2'
  )
  expect(bytesToLatin1(rawBytes(text))).toBe(
    'PUT /caf\xc3\xa9?a=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nX-Back: a\\b\r\nContent-Length: 11\r\n\r\nline1\nline2'
  )
})

describe('drafts and replay', () => {
  test('a draft saved before exact mode still loads, as a browser draft', () => {
    const old = {
      method: 'GET',
      path: '/',
      queryMode: 'table',
      queryRows: [],
      rawQuery: '',
      headers: [],
      body: '',
    }
    expect(isDraft(old)).toBe(true)
    expect(draftMode(old as Draft)).toBe('browser')
  })

  test.each([
    [{ mode: 'telnet' }],
    [{ httpVersion: 'HTTP/1.1' }],
    [{ raw: 42 }],
    [{ sendRaw: 'yes' }],
  ])('a draft with a bad exact field is refused: %j', (change) => {
    expect(isDraft({ ...BASE, ...change })).toBe(false)
  })

  test('replay opens a captured request in exact mode, headers exactly as captured', () => {
    const draft = replayDraft({
      method: 'POST',
      target: '/a/b?x=1&y',
      httpVersion: 'HTTP/1.0',
      headers: [
        ['Host', 'captured.example'],
        ['Content-Length', '2'],
        ['X-Dup', 'a'],
        ['x-dup', 'b'],
      ],
      body: 'hi',
    })
    expect(isDraft(draft)).toBe(true)
    expect(draft).toMatchObject({
      mode: 'exact',
      httpVersion: '1.0',
      path: '/a/b',
      rawQuery: 'x=1&y',
    })
    const plan = buildExact(draft)
    expect(plan.problems).toEqual([])
    expect(plan.request).toMatchObject({
      method: 'POST',
      target: '/a/b?x=1&y',
      httpVersion: '1.0',
      headers: [
        ['Host', 'captured.example'],
        ['Content-Length', '2'],
        ['X-Dup', 'a'],
        ['x-dup', 'b'],
      ],
      body: 'hi',
    })
    expect(
      replayDraft({ method: 'GET', target: '/', httpVersion: '1.1', headers: [], body: '' })
        .httpVersion
    ).toBe('1.1')
  })
})
