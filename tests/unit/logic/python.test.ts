import { describe, expect, test } from 'vitest'
import { pyRepr, toPythonDict } from '../../../web/logic/python.ts'

// expected values checked against CPython 3 repr()
const cases = [
  { name: 'quotes with single quotes by default', given: 'plain', want: "'plain'" },
  { name: 'switches to double quotes for a lone single quote', given: "it's", want: `"it's"` },
  { name: 'keeps single quotes around double quotes', given: 'say "hi"', want: `'say "hi"'` },
  {
    name: 'escapes the single quote when both kinds occur',
    given: `both ' and "`,
    want: `'both \\' and "'`,
  },
  {
    name: 'escapes tab, newline and carriage return',
    given: 'a\tb\nc\rd',
    want: "'a\\tb\\nc\\rd'",
  },
  { name: 'escapes NUL as \\x00', given: 'nul\0', want: "'nul\\x00'" },
  {
    name: 'escapes DEL, C1 controls, NBSP and the soft hyphen, keeps printable latin-1',
    given: '\x7f\x80\x9f\xa0\xa1\xad\xe9',
    want: "'\\x7f\\x80\\x9f\\xa0¡\\xadé'",
  },
  { name: 'doubles backslashes', given: 'back\\slash', want: "'back\\\\slash'" },
  { name: 'keeps latin-1 mojibake as is', given: 'cafÃ©', want: "'cafÃ©'" },
  { name: 'escapes a non-printable BMP character as \\u', given: '\u2028', want: "'\\u2028'" },
  { name: 'keeps a printable astral character', given: '😀', want: "'😀'" },
  { name: 'escapes a lone surrogate', given: '\ud800', want: "'\\ud800'" },
]

describe('pyRepr', () => {
  test.each(cases)('$name', ({ given, want }) => {
    expect(pyRepr(given)).toBe(want)
  })
})

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
