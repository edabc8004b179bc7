import { describe, expect, test } from 'vitest'
import {
  cmdWords,
  isCmdSyntax,
  isPowerShellSyntax,
  powershellWords,
} from '../../../web/logic/windows-words.ts'

const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1')

// The two browsers' cmd quoting, written out from their documented rules, as test oracles:
// both wrap in ^"…^", double backslashes, write " as \", caret-escape what is not known safe,
// break "%name" with "%^", and write a newline as ^ plus two line breaks.
const CHROME_SAFE = /[^a-zA-Z0-9\s_\-:=+~'/.,?;()*`]/g
const FIREFOX_SAFE = /[^a-zA-Z0-9\s_\-:=+~/.',?;()*$&\\{}"`]/g

function chromeCmd(text: string): string {
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(CHROME_SAFE, '^$&')
    .replace(/%(?=[a-zA-Z0-9_])/g, '%^')
    .replace(/\r?\n|\r/g, '^\n\n')
  return `^"${body}^"`
}

function firefoxCmd(text: string): string {
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[`$]/g, '\\$&')
    .replace(FIREFOX_SAFE, '^$&')
    .replace(/%(?=[a-zA-Z0-9_])/g, '%^')
    .replace(/\r\n?/g, '\n')
    .replace(/\n/g, '^\n\n')
  return `^"${body}^"`
}

const values = [
  'https://example.com/api?a=1&b=2',
  '{"name":"a & b","pct":"100%","path":"C:\\\\dir\\\\"}',
  'line one\nline two\r\nthree',
  '$HOME and `cmd` and $(calc)',
  'caret ^ pipe | lt < gt > bang ! at @ hash #',
  '"quoted" \\" tail\\',
  '%PATH% and %^ and 50%',
  'accept: text/html,*/*;q=0.8',
  '',
]

// cmd has no way to write a CR: both browsers send every line break as LF
const sent = (value: string) => utf8(value.replace(/\r\n?/g, '\n'))

describe('cmdWords undoes the browsers’ cmd quoting', () => {
  test.each(values)('Chrome: %j', (value) => {
    const line = `curl ${chromeCmd(value)} ^\n  --data-raw ${chromeCmd(value)}`
    expect(cmdWords(line).words).toEqual(['curl', sent(value), '--data-raw', sent(value)])
  })

  test.each(values)('Firefox: %j', (value) => {
    const line = `curl ${firefoxCmd(value)} ^\r\n  -H ${firefoxCmd(value)}`
    expect(cmdWords(line).words).toEqual(['curl', sent(value), '-H', sent(value)])
  })
})

describe('cmdWords', () => {
  test('reads a whole Chrome command, line continuations included', () => {
    const line = [
      'curl ^"https://example.com/search?q=a^&n=1^" ^',
      '  -H ^"accept: */*^" ^',
      '  -H ^"content-type: application/json^" ^',
      '  --data-raw ^"^{^\\^"q^\\^":^\\^"x^\\^"^}^" ^',
      '  --compressed',
    ].join('\r\n')
    expect(cmdWords(line).words).toEqual([
      'curl',
      'https://example.com/search?q=a&n=1',
      '-H',
      'accept: */*',
      '-H',
      'content-type: application/json',
      '--data-raw',
      '{"q":"x"}',
      '--compressed',
    ])
  })

  test('stops at the first command of "Copy all as cURL (cmd)"', () => {
    const { words, notes } = cmdWords('curl ^"http://a/^" &\r\ncurl ^"http://b/^"')
    expect(words).toEqual(['curl', 'http://a/'])
    expect(notes[0]).toMatch(/first command/)
  })

  test('reads plain double quotes too', () => {
    expect(cmdWords('curl "http://h/a b" -H "x: \\"y\\""').words).toEqual([
      'curl',
      'http://h/a b',
      '-H',
      'x: "y"',
    ])
  })

  test('names an unclosed quote', () => {
    expect(() => cmdWords('curl ^"http://h/')).toThrow(/never closed/)
  })
})

describe('powershellWords', () => {
  test('reads quotes, doubled quotes, backtick escapes and continuations', () => {
    const line = [
      "curl.exe 'https://example.com/?a=1&b=2' `",
      "  -H 'x-note: it''s' `",
      '  --data-raw "{`"a`":`"tab`there`"}"',
    ].join('\r\n')
    expect(powershellWords(line).words).toEqual([
      'curl.exe',
      'https://example.com/?a=1&b=2',
      '-H',
      "x-note: it's",
      '--data-raw',
      '{"a":"tab\there"}',
    ])
  })

  test('stops at ; and notes it', () => {
    const { words, notes } = powershellWords("curl.exe 'http://a/'; Write-Host done")
    expect(words).toEqual(['curl.exe', 'http://a/'])
    expect(notes).toHaveLength(1)
  })
})

describe('dialect detection', () => {
  test.each([
    ['curl ^"http://h/^"', 'cmd'],
    ['curl "http://h/" ^\n  -H "a: b"', 'cmd'],
    ["curl.exe 'http://h/'", 'powershell'],
    ["curl 'http://h/' `\n  -H 'a: b'", 'powershell'],
    ["curl 'http://h/' \\\n  -H 'a: b'", 'posix'],
  ])('%j is %s', (line, dialect) => {
    const found = isCmdSyntax(line) ? 'cmd' : isPowerShellSyntax(line) ? 'powershell' : 'posix'
    expect(found).toBe(dialect)
  })
})
