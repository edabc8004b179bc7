import { describe, expect, test } from 'vitest'
import { toPythonDict } from '../../../web/logic/python.ts'

describe('toPythonDict', () => {
  test('writes one key per line in the server order', () => {
    expect(toPythonDict({ REQUEST_METHOD: 'GET', 'wsgi.version': '(1, 0)', HTTP_X: "it's" })).toBe(
      `{\n    'REQUEST_METHOD': 'GET',\n    'wsgi.version': '(1, 0)',\n    'HTTP_X': "it's",\n}`
    )
  })

  test('writes an empty dict as {}', () => {
    expect(toPythonDict({})).toBe('{}')
  })
})
