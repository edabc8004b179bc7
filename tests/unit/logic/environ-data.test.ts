import { describe, expect, test } from 'vitest'
import { compareEnvirons, connectionNoise, countChanges } from '../../../web/logic/diff.ts'
import { groupEnviron, groupOf, isOsEnvironKey } from '../../../web/logic/groups.ts'
import { isDraft } from '../../../web/logic/guards.ts'
import { addEntry, HISTORY_LIMIT, type HistoryEntry } from '../../../web/logic/history.ts'
import { makeDraft } from './drafts.ts'

describe('compareEnvirons', () => {
  test('marks added, removed, changed and same keys', () => {
    const rows = compareEnvirons(
      { A: '1', GONE: 'x', PATH_INFO: '/a', Z: 'z' },
      { A: '1', PATH_INFO: '/b', NEW: 'n', Z: 'z' }
    )
    expect(rows.map((r) => [r.key, r.change])).toEqual([
      ['A', 'same'],
      ['GONE', 'removed'],
      ['PATH_INFO', 'changed'],
      ['NEW', 'added'],
      ['Z', 'same'],
    ])
    expect(countChanges(rows)).toEqual({ same: 2, added: 1, removed: 1, changed: 1 })
  })

  test('tells an empty value from an absent key', () => {
    expect(compareEnvirons({ K: '' }, {})[0]).toMatchObject({
      change: 'removed',
      a: '',
      b: undefined,
    })
  })
})

describe('groups', () => {
  test.each([
    ['REQUEST_METHOD', 'cgi'],
    ['HTTP_X_ANYTHING', 'http'],
    ['wsgi.input', 'wsgi'],
    ['wsgi.something_new', 'wsgi'],
    ['gunicorn.socket', 'extension'],
    ['RAW_URI', 'cgi'],
  ])('puts %s in %s', (key, group) => {
    expect(groupOf(key)).toBe(group)
  })

  test('recognises OS variables copied first by wsgiref', () => {
    const keys = ['PATH', 'HOME', 'SERVER_NAME', 'REQUEST_METHOD']
    expect(isOsEnvironKey('HOME', keys, 'wsgiref')).toBe(true)
    expect(isOsEnvironKey('HOME', keys, 'gunicorn')).toBe(false)
    expect(groupOf('HOME', keys, 'wsgiref')).toBe('extension')
  })

  test('keeps the server order inside each group and filters by key or value', () => {
    const environ = {
      SERVER_NAME: 'localhost',
      HTTP_HOST: 'h',
      'wsgi.version': '(1, 0)',
      PATH_INFO: '/x',
    }
    expect(groupEnviron(environ, 'wsgiref').map((g) => [g.id, g.rows.map(([k]) => k)])).toEqual([
      ['cgi', ['SERVER_NAME', 'PATH_INFO']],
      ['http', ['HTTP_HOST']],
      ['wsgi', ['wsgi.version']],
    ])
    expect(groupEnviron(environ, 'wsgiref', '/X').flatMap((g) => g.rows.map(([k]) => k))).toEqual([
      'PATH_INFO',
    ])
  })
})

describe('history', () => {
  const draft = makeDraft()
  const entry = (id: string): HistoryEntry => ({
    id,
    at: 0,
    draft,
    method: 'GET',
    target: '/',
    status: 200,
    timeMs: 1,
  })

  test('adds newest first and keeps the last 50', () => {
    let list: HistoryEntry[] = []
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) list = addEntry(list, entry(String(i)))
    expect(list).toHaveLength(HISTORY_LIMIT)
    expect(list[0]?.id).toBe(String(HISTORY_LIMIT + 4))
  })

  test('accepts a stored draft only when it has the right shape', () => {
    expect(isDraft(draft)).toBe(true)
    expect(isDraft({ ...draft, headers: [{ name: 'x' }] })).toBe(false)
    expect(isDraft(null)).toBe(false)
  })
})

describe('connection noise in Compare', () => {
  test.each([
    ['wsgi.input', '<_io.BufferedReader name=7>', '<_io.BufferedReader name=9>', true],
    ['wsgi.input', '<_io.BufferedReader name=7>', '<gunicorn.http.body.Body object>', false],
    [
      'gunicorn.socket',
      "<socket.socket fd=7, family=2, type=1, proto=0, laddr=('127.0.0.1', 8000), raddr=('127.0.0.1', 5001)>",
      "<socket.socket fd=8, family=2, type=1, proto=0, laddr=('127.0.0.1', 8000), raddr=('127.0.0.1', 5002)>",
      true,
    ],
    [
      'gunicorn.socket',
      "<socket.socket fd=7, family=2, type=1, proto=0, laddr=('127.0.0.1', 8000), raddr=('127.0.0.1', 5001)>",
      "<socket.socket fd=7, family=2, type=1, proto=0, laddr=('127.0.0.1', 8000), raddr=('10.0.0.1', 5001)>",
      false,
    ],
    ['PATH_INFO', '/a', '/b', false],
  ])('%s: %s vs %s counts as the same: %s', (key, a, b, same) => {
    expect(connectionNoise(key, a, b) !== undefined).toBe(same)
    const [row] = compareEnvirons({ [key]: a }, { [key]: b })
    expect(row?.change).toBe(same ? 'same' : 'changed')
  })
})
