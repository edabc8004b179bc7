import { describe, expect, test } from 'vitest'
import { REDACTED } from '../../../server/capture/options.ts'
import { compileRedactor } from '../../../server/capture/redact.ts'

const R = REDACTED

describe('compileRedactor', () => {
  test('has nothing to do without names', () => {
    expect(compileRedactor([])).toBeUndefined()
  })

  const headerCases = [
    {
      name: 'replaces the value of a named header, any case',
      names: ['authorization'],
      given: ['Host', 'h', 'AUTHORIZATION', 'Bearer x'],
      want: ['Host', 'h', 'AUTHORIZATION', R],
      redacted: ['AUTHORIZATION'],
    },
    {
      name: 'replaces every repeat and lists the name once',
      names: ['cookie'],
      given: ['Cookie', 'a=1', 'cookie', 'b=2'],
      want: ['Cookie', R, 'cookie', R],
      redacted: ['Cookie'],
    },
    {
      name: 'treats - and _ alike, as the environ does (X_Api_Key becomes HTTP_X_API_KEY too)',
      names: ['x-api-key'],
      given: ['X-Api-Key', 'k1', 'X_Api_Key', 'k2'],
      want: ['X-Api-Key', R, 'X_Api_Key', R],
      redacted: ['X-Api-Key', 'X_Api_Key'],
    },
    {
      name: 'leaves other headers alone, names that only start alike included',
      names: ['cookie'],
      given: ['Set-Cookie', 's', 'Cookies', 'c', 'X-Cookie', 'x'],
      want: ['Set-Cookie', 's', 'Cookies', 'c', 'X-Cookie', 'x'],
      redacted: [],
    },
  ]
  test.each(headerCases)('headers: $name', ({ names, given, want, redacted }) => {
    const result = compileRedactor(names)?.headers(given)
    expect(result?.rawHeaders).toEqual(want)
    expect(result?.redacted).toEqual(redacted)
  })

  test('returns the very array it was given when nothing matched (no copy per request)', () => {
    const given = ['Host', 'h']
    expect(compileRedactor(['cookie'])?.headers(given).rawHeaders).toBe(given)
  })

  test('never changes the array it was given', () => {
    const given = ['Cookie', 'a=1']
    compileRedactor(['cookie'])?.headers(given)
    expect(given).toEqual(['Cookie', 'a=1'])
  })

  const environCases = [
    {
      name: 'the HTTP_* keys of the named headers',
      names: ['authorization', 'cookie'],
      given: { HTTP_AUTHORIZATION: 'Bearer x', HTTP_COOKIE: 'a=1', HTTP_HOST: 'h' },
      want: { HTTP_AUTHORIZATION: R, HTTP_COOKIE: R, HTTP_HOST: 'h' },
    },
    {
      name: 'Content-Type and Content-Length, which have no HTTP_ prefix',
      names: ['content-type'],
      given: { CONTENT_TYPE: 'text/secret', CONTENT_LENGTH: '3' },
      want: { CONTENT_TYPE: R, CONTENT_LENGTH: '3' },
    },
    {
      name: 'adds no key that was not there',
      names: ['cookie'],
      given: { HTTP_HOST: 'h' },
      want: { HTTP_HOST: 'h' },
    },
  ]
  test.each(environCases)('environ: $name', ({ names, given, want }) => {
    const keys = Object.keys(given)
    const values = Object.values(given)
    compileRedactor(names)?.environ(keys, values)
    expect(Object.fromEntries(keys.map((key, i) => [key, values[i]]))).toEqual(want)
  })
})
