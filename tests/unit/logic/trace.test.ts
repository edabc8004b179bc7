import { describe, expect, test } from 'vitest'
import {
  headerKey,
  headerNameFromKey,
  keysForPart,
  partsForKey,
  samePart,
} from '../../../web/logic/trace.ts'

describe('headerKey', () => {
  test.each([
    ['X-Forwarded-For', 'HTTP_X_FORWARDED_FOR'],
    ['x-forwarded-for', 'HTTP_X_FORWARDED_FOR'],
    ['X_Forwarded_For', 'HTTP_X_FORWARDED_FOR'],
    ['Content-Type', 'CONTENT_TYPE'],
    ['content-length', 'CONTENT_LENGTH'],
    ['Host', 'HTTP_HOST'],
    ['X.Dot', 'HTTP_X.DOT'],
  ])('maps %s to %s', (name, key) => {
    expect(headerKey(name)).toBe(key)
  })
})

test('headerNameFromKey title-cases the words of an HTTP_ key', () => {
  expect(headerNameFromKey('HTTP_X_REAL_IP')).toBe('X-Real-Ip')
  expect(headerNameFromKey('HTTP_HOST')).toBe('Host')
})

const ENVIRON_KEYS = [
  'SERVER_NAME',
  'SERVER_PORT',
  'REQUEST_METHOD',
  'SCRIPT_NAME',
  'PATH_INFO',
  'QUERY_STRING',
  'CONTENT_TYPE',
  'CONTENT_LENGTH',
  'REMOTE_ADDR',
  'HTTP_HOST',
  'HTTP_X_FORWARDED_FOR',
  'wsgi.input',
  'wsgi.url_scheme',
]

describe('keysForPart', () => {
  const cases = [
    { name: 'the method gives REQUEST_METHOD', part: { kind: 'method' }, want: ['REQUEST_METHOD'] },
    {
      name: 'the path gives PATH_INFO and SCRIPT_NAME',
      part: { kind: 'path' },
      want: ['PATH_INFO', 'SCRIPT_NAME'],
    },
    { name: 'the query gives QUERY_STRING', part: { kind: 'query' }, want: ['QUERY_STRING'] },
    {
      name: 'the body gives wsgi.input and CONTENT_LENGTH',
      part: { kind: 'body' },
      want: ['wsgi.input', 'CONTENT_LENGTH'],
    },
    {
      name: 'Host gives HTTP_HOST and hints at SERVER_NAME/SERVER_PORT',
      part: { kind: 'header', name: 'host' },
      want: ['HTTP_HOST', 'SERVER_NAME', 'SERVER_PORT'],
    },
    {
      name: 'Content-Type gives CONTENT_TYPE',
      part: { kind: 'header', name: 'Content-Type' },
      want: ['CONTENT_TYPE'],
    },
    {
      name: 'X-Forwarded-For gives its key and hints at REMOTE_ADDR',
      part: { kind: 'header', name: 'X-Forwarded-For' },
      want: ['HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR'],
    },
    {
      name: 'a header missing from the environ gives nothing',
      part: { kind: 'header', name: 'X-Gone' },
      want: [],
    },
  ] as const

  test.each(cases)('$name', ({ part, want }) => {
    expect(keysForPart(part, ENVIRON_KEYS).map((link) => link.key)).toEqual(want)
  })

  test('marks hints as related', () => {
    const links = keysForPart({ kind: 'header', name: 'Host' }, ENVIRON_KEYS)
    expect(links).toEqual([
      { key: 'HTTP_HOST', via: 'direct' },
      { key: 'SERVER_NAME', via: 'related' },
      { key: 'SERVER_PORT', via: 'related' },
    ])
  })
})

describe('partsForKey', () => {
  const headers = ['Host', 'X-Forwarded-For', 'X_Forwarded_For', 'Content-Type']
  test('points an HTTP_ key at every header spelling that maps to it', () => {
    expect(partsForKey('HTTP_X_FORWARDED_FOR', headers)).toEqual([
      { kind: 'header', name: 'X-Forwarded-For' },
      { kind: 'header', name: 'X_Forwarded_For' },
    ])
  })

  test('points CONTENT_LENGTH at its header and the body', () => {
    expect(partsForKey('CONTENT_LENGTH', ['Content-Length'])).toEqual([
      { kind: 'header', name: 'Content-Length' },
      { kind: 'body' },
    ])
  })

  test.each([
    ['REQUEST_METHOD', 'method'],
    ['PATH_INFO', 'path'],
    ['SCRIPT_NAME', 'path'],
    ['QUERY_STRING', 'query'],
    ['SERVER_PROTOCOL', 'protocol'],
    ['wsgi.input', 'body'],
    ['REMOTE_ADDR', 'connection'],
    ['wsgi.url_scheme', 'connection'],
    ['SERVER_SOFTWARE', 'server'],
    ['wsgi.version', 'server'],
  ])('points %s at the %s', (key, kind) => {
    expect(partsForKey(key, headers)).toEqual([{ kind }])
  })

  test('points RAW_URI at the path and the query', () => {
    expect(partsForKey('RAW_URI', [])).toEqual([{ kind: 'path' }, { kind: 'query' }])
  })
})

test('samePart compares header names the way the environ does', () => {
  expect(samePart({ kind: 'header', name: 'x-a' }, { kind: 'header', name: 'X_A' })).toBe(true)
  expect(samePart({ kind: 'header', name: 'x-a' }, { kind: 'header', name: 'x-b' })).toBe(false)
  expect(samePart({ kind: 'path' }, { kind: 'query' })).toBe(false)
})
