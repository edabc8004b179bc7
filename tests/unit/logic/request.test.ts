import { describe, expect, test } from 'vitest'
import { forbiddenReason, headerProblem } from '../../../web/logic/headers.ts'
import { buildOutgoing, normalizeMethod } from '../../../web/logic/request.ts'
import { makeRow } from '../../../web/logic/rows.ts'
import { makeDraft } from './drafts.ts'

const ORIGIN = 'http://127.0.0.1:8000'

const draft = makeDraft

describe('forbiddenReason', () => {
  test.each([
    'Host',
    'cookie',
    'Content-Length',
    'Connection',
    'Origin',
    'Referer',
    'Sec-Fetch-Mode',
    'Proxy-Authorization',
    'Transfer-Encoding',
  ])('refuses %s with a reason', (name) => {
    expect(forbiddenReason(name)).toMatch(/\w+/)
  })

  test.each(['X-Forwarded-For', 'Accept', 'Authorization', 'Forwarded', 'Content-Type'])(
    'allows %s',
    (name) => {
      expect(forbiddenReason(name)).toBeUndefined()
    }
  )

  test('refuses a method override only when it names a forbidden method', () => {
    expect(forbiddenReason('X-HTTP-Method-Override', 'TRACE')).toBeDefined()
    expect(forbiddenReason('X-HTTP-Method-Override', 'PATCH')).toBeUndefined()
  })
})

describe('headerProblem', () => {
  test('rejects names that are not tokens and values with CR, LF, NUL or non-latin-1', () => {
    expect(headerProblem('Bad Name', 'x')).toBeDefined()
    expect(headerProblem('X-A', 'a\r\nb')).toBeDefined()
    expect(headerProblem('X-A', 'a\0')).toBeDefined()
    expect(headerProblem('X-A', '✓')).toBeDefined()
    expect(headerProblem('X_Under', 'café <b>')).toBeUndefined()
  })
})

test('normalizeMethod upper-cases only the six standard methods, like fetch()', () => {
  expect(normalizeMethod('get')).toBe('GET')
  expect(normalizeMethod('delete')).toBe('DELETE')
  expect(normalizeMethod('patch')).toBe('patch')
  expect(normalizeMethod('PROPFIND')).toBe('PROPFIND')
})

describe('buildOutgoing', () => {
  test('reproduces the README example', () => {
    const out = buildOutgoing(
      draft({ path: '/foo/bar', queryRows: [makeRow('baz', 'bat')] }),
      ORIGIN
    )
    expect(out).toMatchObject({
      method: 'GET',
      url: `${ORIGIN}/foo/bar?baz=bat`,
      target: '/foo/bar?baz=bat',
      body: undefined,
      problems: [],
    })
  })

  test('percent-encodes a UTF-8 path the way the browser does, and says so', () => {
    const out = buildOutgoing(draft({ path: '/café' }), ORIGIN)
    expect(out.target).toBe('/caf%C3%A9')
    expect(out.notes.join()).toContain('/caf%C3%A9')
  })

  test('sends a raw query verbatim, %zz and + included', () => {
    const out = buildOutgoing(draft({ queryMode: 'raw', rawQuery: 'x=%zz&y=a+b' }), ORIGIN)
    expect(out.target).toBe('/?x=%zz&y=a+b')
  })

  test('merges repeated headers with ", " like fetch, and notes it', () => {
    const out = buildOutgoing(
      draft({
        headers: [makeRow('X-Tag', 'one'), makeRow('x-tag', ' two '), makeRow('X-Other', '1')],
      }),
      ORIGIN
    )
    expect(out.headers).toEqual([
      ['X-Tag', 'one, two'],
      ['X-Other', '1'],
    ])
    expect(out.notes.join()).toContain('merges')
  })

  test('leaves out disabled, forbidden and invalid rows, and plans each one', () => {
    const out = buildOutgoing(
      draft({
        headers: [
          makeRow('X-On', '1'),
          makeRow('X-Off', '1', false),
          makeRow('Host', 'evil'),
          makeRow('Bad Name', 'x'),
        ],
      }),
      ORIGIN
    )
    expect(out.headers).toEqual([['X-On', '1']])
    expect(out.plan.map((p) => p.status)).toEqual(['send', 'disabled', 'forbidden', 'invalid'])
  })

  test('drops the body on GET and HEAD, with a note', () => {
    const out = buildOutgoing(draft({ body: 'hello' }), ORIGIN)
    expect(out.body).toBeUndefined()
    expect(out.notes.join()).toContain('cannot send a body')
  })

  test('counts body bytes as UTF-8', () => {
    expect(buildOutgoing(draft({ method: 'POST', body: 'é' }), ORIGIN).bodyBytes).toBe(2)
  })

  test('sends multipart bodies with CRLF line endings', () => {
    const out = buildOutgoing(
      draft({
        method: 'POST',
        body: 'a\nb',
        headers: [makeRow('Content-Type', 'multipart/form-data; boundary=x')],
      }),
      ORIGIN
    )
    expect(out.body).toBe('a\r\nb')
  })

  test.each([
    ['TRACE', /forbidden method/],
    ['GE T', /token/],
  ])('refuses the method %s', (method, problem) => {
    expect(buildOutgoing(draft({ method }), ORIGIN).problems.join()).toMatch(problem)
  })

  test('refuses paths under /_inspector/', () => {
    expect(buildOutgoing(draft({ path: '/_inspector/api/info' }), ORIGIN).problems).toHaveLength(1)
  })

  test('notes that a # would start a fragment', () => {
    expect(
      buildOutgoing(draft({ queryMode: 'raw', rawQuery: 'a=#1' }), ORIGIN).notes.join()
    ).toContain('%23')
  })
})
