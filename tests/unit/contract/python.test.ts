import { describe, expect, test } from 'vitest'
import { pyJsonDumps, pyJsonString, pyRepr, pyStr } from '../../../server/contract/python.ts'

describe('pyStr renders values as Python str() does', () => {
  const cases = [
    { name: 'a str is itself', given: 'café', want: 'café' },
    { name: 'True and False are capitalised', given: true, want: 'True' },
    { name: 'an int prints in decimal', given: 40776, want: '40776' },
    { name: 'None is None', given: null, want: 'None' },
    { name: 'a tuple has a space after each comma', given: { pyTuple: [1, 0] }, want: '(1, 0)' },
    { name: 'a one-tuple keeps its trailing comma', given: { pyTuple: [2] }, want: '(2,)' },
    {
      name: 'an object prints its repr',
      given: { pyRepr: "<class 'wsgiref.util.FileWrapper'>" },
      want: "<class 'wsgiref.util.FileWrapper'>",
    },
    {
      name: 'a dict is its repr with None for missing values (ProxyFix orig)',
      given: {
        pyDict: [
          ['REMOTE_ADDR', '127.0.0.1'],
          ['HTTP_HOST', null],
        ] as const,
      },
      want: "{'REMOTE_ADDR': '127.0.0.1', 'HTTP_HOST': None}",
    },
  ]
  test.each(cases)('$name', ({ given, want }) => {
    expect(pyStr(given)).toBe(want)
  })
})

// expected values checked against CPython 3 repr()
describe('pyRepr quotes and escapes as Python repr() does', () => {
  const cases = [
    { name: 'plain text gets single quotes', given: 'abc', want: "'abc'" },
    { name: 'a \' without " switches to double quotes', given: "it's", want: '"it\'s"' },
    { name: 'keeps single quotes around double quotes', given: 'say "hi"', want: `'say "hi"'` },
    {
      name: 'both quotes keep single quotes and escape the single',
      given: 'both\'"',
      want: "'both\\'\"'",
    },
    {
      name: 'tab, newline and return use short escapes',
      given: 'a\tb\nc\rd',
      want: "'a\\tb\\nc\\rd'",
    },
    { name: 'backslash is doubled', given: 'a\\b', want: "'a\\\\b'" },
    {
      name: 'C0, DEL, C1, NBSP and soft hyphen become \\xNN',
      given: '\x00\x1f\x7f\x80\xa0\xad',
      want: "'\\x00\\x1f\\x7f\\x80\\xa0\\xad'",
    },
    {
      name: 'escapes DEL, C1 controls, NBSP and the soft hyphen, keeps printable latin-1',
      given: '\x7f\x80\x9f\xa0\xa1\xad\xe9',
      want: "'\\x7f\\x80\\x9f\\xa0¡\\xadé'",
    },
    { name: 'printable latin-1 stays raw', given: 'caf\xe9 \xa1\xff', want: "'caf\xe9 \xa1\xff'" },
    { name: 'keeps latin-1 mojibake as is', given: 'cafÃ©', want: "'cafÃ©'" },
    { name: 'escapes NUL as \\x00', given: 'nul\0', want: "'nul\\x00'" },
    {
      name: 'escapes the single quote when both kinds occur',
      given: `both ' and "`,
      want: `'both \\' and "'`,
    },
    { name: 'doubles backslashes', given: 'back\\slash', want: "'back\\\\slash'" },
    { name: 'escapes a non-printable BMP character as \\u', given: '\u2028', want: "'\\u2028'" },
    { name: 'keeps a printable astral character', given: '😀', want: "'😀'" },
    { name: 'escapes a lone surrogate', given: '\ud800', want: "'\\ud800'" },
    { name: 'an astral non-printable becomes \\U', given: '\u{e0001}', want: "'\\U000e0001'" },
  ]
  test.each(cases)('$name', ({ given, want }) => {
    expect(pyRepr(given)).toBe(want)
  })
})

describe('pyJsonDumps writes what json.dumps writes', () => {
  test('escapes exactly as the spec example shows (§1.2)', () => {
    const value = '\x00\x01\x08\t\n\x0c\r\x1f "\\/\x7f\x80\xe9\xff'
    expect(pyJsonString(value)).toBe(
      '"\\u0000\\u0001\\b\\t\\n\\f\\r\\u001f \\"\\\\/\\u007f\\u0080\\u00e9\\u00ff"'
    )
  })

  test('uses ", " and ": " separators and keeps insertion order', () => {
    expect(pyJsonDumps({ b: '2', a: '1' })).toBe('{"b": "2", "a": "1"}')
  })

  test('writes characters above U+FFFF as surrogate-pair escapes', () => {
    expect(pyJsonString('\u{1f600}')).toBe('"\\ud83d\\ude00"')
  })

  test('renders non-string values with str() first', () => {
    expect(pyJsonDumps({ 'wsgi.version': { pyTuple: [1, 0] }, 'wsgi.run_once': false })).toBe(
      '{"wsgi.version": "(1, 0)", "wsgi.run_once": "False"}'
    )
  })
})
