import { describe, expect, test } from 'vitest'
import type { SendAnswer } from '../../../server/contract/api/send.ts'
import { litRuns, splitLines } from '../../../web/logic/byte-lines.ts'
import {
  exactOutcome,
  keysForRange,
  overlaps,
  rangesForKey,
  reasonPhrase,
} from '../../../web/logic/exact-result.ts'
import { explainDifference, profileRows } from '../../../web/logic/profile-notes.ts'

const TEXT = 'GET /p HTTP/1.1\r\nHost: h\r\nX-Dup: a\r\nX-Dup: b\r\n\r\n'

/** A relay answer for TEXT, shaped as the API answers it (see tests/http/relay.test.ts). */
const ANSWER = {
  mode: 'structured',
  sent: { text: TEXT, base64: '', length: TEXT.length },
  added: [],
  head: { requestLine: null, headers: [], bodyStart: TEXT.length, lineEndings: 'crlf' },
  response: {
    status: 200,
    statusLine: 'HTTP/1.1 200 OK',
    headers: [],
    body: { text: '{}', base64: '', length: 321 },
    informational: [],
    complete: true,
  },
  error: null,
  handledBy: 'gateway',
  summary: 'the echo answered 200 (wsgiref profile)',
  timing: { connectMs: 1, firstByteMs: 2, totalMs: 3.5 },
  serverProfile: 'wsgiref',
  mount: { scriptName: '', perRequest: false },
  environ: { PATH_INFO: '/p', HTTP_HOST: 'h', HTTP_X_DUP: 'a,b', SERVER_NAME: 'localhost' },
  provenance: {
    PATH_INFO: { ranges: [[4, 6]], steps: ['split-query', 'percent-decode', 'latin-1'] },
    HTTP_HOST: { ranges: [[23, 24]], nameRanges: [[17, 21]], steps: ['prefix'] },
    HTTP_X_DUP: {
      ranges: [
        [33, 34],
        [43, 44],
      ],
      nameRanges: [
        [26, 31],
        [36, 41],
      ],
      steps: ['comma-join'],
    },
    SERVER_NAME: { ranges: [], steps: ['server'] },
  },
  ignored: [],
} satisfies SendAnswer

describe('exactOutcome', () => {
  test('an echo answer reads like a browser send: status, time, size, environ', () => {
    expect(exactOutcome({ ok: true, answer: ANSWER, timeMs: 9 })).toEqual({
      ok: true,
      status: 200,
      statusText: 'OK',
      timeMs: 3.5,
      sizeBytes: 321,
      environ: ANSWER.environ,
    })
  })

  test('a refusal keeps its status and the relay’s one-line reason', () => {
    const refused: SendAnswer = {
      ...ANSWER,
      environ: null,
      provenance: null,
      handledBy: 'parser',
      summary: "Node's HTTP parser refused the bytes with 400: Duplicate Content-Length",
      response: { ...ANSWER.response, status: 400, statusLine: 'HTTP/1.1 400 Bad Request' },
    }
    expect(exactOutcome({ ok: true, answer: refused, timeMs: 9 })).toMatchObject({
      ok: false,
      kind: 'refused',
      status: 400,
      statusText: 'Bad Request',
      message: refused.summary,
    })
  })

  test('the API’s own refusal and an unreachable server are errors without an environ', () => {
    const api = exactOutcome({ ok: false, kind: 'refused', status: 400, timeMs: 1, message: 'x' })
    expect(api).toMatchObject({ ok: false, kind: 'http-error', status: 400, message: 'x' })
    const down = exactOutcome({
      ok: false,
      kind: 'unreachable',
      status: 0,
      timeMs: 1,
      message: 'y',
    })
    expect(down).toMatchObject({ ok: false, kind: 'unreachable' })
  })

  test('reasonPhrase keeps every word after the code', () => {
    expect(reasonPhrase('HTTP/1.1 431 Request Header Fields Too Large')).toBe(
      'Request Header Fields Too Large'
    )
    expect(reasonPhrase(null)).toBe('')
  })
})

describe('provenance both ways', () => {
  test('a key points at its value bytes, then the header names', () => {
    const at = (r: readonly [number, number]) => TEXT.slice(r[0], r[1])
    expect(rangesForKey(ANSWER, 'HTTP_X_DUP').map(at)).toEqual(['a', 'b', 'X-Dup', 'X-Dup'])
    expect(rangesForKey(ANSWER, 'SERVER_NAME')).toEqual([])
    expect(rangesForKey(ANSWER, 'NOT_THERE')).toEqual([])
  })

  test('a header line points at the keys it produced', () => {
    expect(keysForRange(ANSWER, [36, 44])).toEqual([{ key: 'HTTP_X_DUP', via: 'direct' }])
    expect(keysForRange(ANSWER, [36, 41])).toEqual([{ key: 'HTTP_X_DUP', via: 'related' }])
    expect(keysForRange(ANSWER, [0, 3])).toEqual([])
  })

  test.each([
    [[0, 2], [1, 3], true],
    [[0, 2], [2, 4], false],
    [[2, 2], [0, 2], true],
    [[5, 5], [0, 2], false],
    [[0, 4], [3, 3], true],
  ] as const)('overlaps(%j, %j) is %s', (a, b, want) => {
    expect(overlaps(a, b)).toBe(want)
  })
})

describe('byte lines', () => {
  test('split at LF, with the ending of each line', () => {
    expect(splitLines('A\r\nB\nC')).toEqual([
      { start: 0, end: 1, ending: 'crlf' },
      { start: 3, end: 4, ending: 'lf' },
      { start: 5, end: 6, ending: 'none' },
    ])
    expect(splitLines('\r\n')).toEqual([{ start: 0, end: 0, ending: 'crlf' }])
  })

  test('cut a line into lit and unlit runs', () => {
    expect(
      litRuns(0, 10, [
        [2, 4],
        [3, 6],
        [8, 20],
      ])
    ).toEqual([
      { start: 0, end: 2, lit: false },
      { start: 2, end: 6, lit: true },
      { start: 6, end: 8, lit: false },
      { start: 8, end: 10, lit: true },
    ])
    expect(litRuns(0, 3, [[5, 5]])).toEqual([{ start: 0, end: 3, lit: false }])
  })
})

describe('profiles side by side', () => {
  const profiles = {
    wsgiref: {
      environ: { PATH_INFO: '/p', CONTENT_TYPE: 'text/plain', HTTP_X_A: '1' },
      provenance: {},
      ignored: [],
    },
    gunicorn: { environ: { PATH_INFO: '/p', RAW_URI: '/p' }, provenance: {}, ignored: [] },
    werkzeug: { rejected: { status: 400, reason: 'nope' } },
  }
  const differences = [
    { key: 'CONTENT_TYPE', kind: 'absent', values: { wsgiref: 'text/plain', gunicorn: null } },
    { key: 'HTTP_X_A', kind: 'absent', values: { wsgiref: '1', gunicorn: null } },
    { key: 'RAW_URI', kind: 'absent', values: { wsgiref: null, gunicorn: '/p' } },
  ] as const

  test('every key of every profile, differences marked and explained', () => {
    const rows = profileRows(profiles, differences)
    expect(rows.map((row) => row.key)).toEqual(['PATH_INFO', 'CONTENT_TYPE', 'HTTP_X_A', 'RAW_URI'])
    expect(rows[0]).toMatchObject({
      values: { wsgiref: '/p', gunicorn: '/p', werkzeug: null },
      difference: undefined,
      why: undefined,
    })
    expect(rows[1]?.why).toMatch(/wsgiref always sets CONTENT_TYPE/)
    expect(rows[2]?.why).toMatch(/drop header names containing "_"/)
    expect(rows[3]?.values).toEqual({ wsgiref: null, gunicorn: '/p', werkzeug: null })
  })

  test('a key without a note is explained by who sets it', () => {
    expect(
      explainDifference({
        key: 'X_NEW',
        kind: 'absent',
        values: { wsgiref: null, gunicorn: 'x', werkzeug: 'y' },
      })
    ).toBe('Only gunicorn and werkzeug set this key.')
    expect(
      explainDifference({ key: 'X_NEW', kind: 'differs', values: { a: '1', b: '2' } })
    ).toMatch(/derive this value differently/)
  })
})
