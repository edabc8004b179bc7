import { execFileSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { stdoutOf } from '../../../web/logic/shell-stdin.ts'
import { shellWords } from '../../../web/logic/shell-words.ts'

/** The words bash passes to a command (`args` prints each, NUL-terminated), as binary strings. */
function bashWords(commandLine: string): string[] {
  const out = execFileSync(
    'bash',
    [
      '--norc',
      '--noprofile',
      '-c',
      `args() { for a; do printf '%s\\0' "$a"; done; }\n${commandLine}`,
    ],
    { env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8' } }
  )
  return out.toString('latin1').split('\0').slice(0, -1)
}

const cases = [
  { name: 'plain words', line: 'args -X POST http://h/x' },
  { name: 'single quotes keep everything', line: `args 'a b' '$HOME \\n "q"'` },
  { name: 'double quotes with escapes', line: 'args "a \\"b\\" \\\\ \\$x \\q"' },
  {
    name: 'ANSI-C escapes',
    line: "args $'a\\nb\\tc\\x41\\101\\u00e9\\U0001F600\\cA\\'\\\\\\e\\z'",
  },
  { name: 'ANSI-C bytes that are not UTF-8', line: "args $'\\xff\\xfe\\0010'" },
  { name: 'line continuations', line: "args 'a' \\\n  -H 'x: y' \\\n  --data-raw 'z'" },
  { name: 'escaped spaces', line: 'args a\\ b c\\\\d' },
  { name: 'adjacent quoting joins one word', line: `args 'a'"b"$'c'd` },
  { name: 'a comment after the words', line: 'args a # not a word' },
  { name: 'empty strings are words', line: `args '' "" x` },
  { name: 'non-ASCII text as UTF-8', line: "args 'café ✓' naïve" },
  { name: 'a locale string $"…"', line: 'args $"x y"' },
  { name: 'an escaped newline inside double quotes', line: 'args "a\\\nb"' },
  { name: 'a hash inside a word', line: 'args a#b' },
]

describe('shellWords agrees with bash', () => {
  test.each(cases)('$name', ({ line }) => {
    const { commands } = shellWords(line)
    expect(commands).toHaveLength(1)
    expect(commands[0]?.words.slice(1)).toEqual(bashWords(line))
  })
})

describe('shellWords', () => {
  test('splits commands at operators and says which ended each', () => {
    const { commands } = shellWords("printf 'x' | curl -d @- h && echo done; ls &\nnext")
    expect(commands.map((c) => [c.words[0], c.next])).toEqual([
      ['printf', '|'],
      ['curl', '&&'],
      ['echo', ';'],
      ['ls', '&'],
      ['next', ''],
    ])
  })

  test('keeps expansions as written and says so', () => {
    const { commands, notes } = shellWords('curl -H "Authorization: Bearer $TOKEN" $(cat url)')
    expect(commands[0]?.words).toEqual([
      'curl',
      '-H',
      'Authorization: Bearer $TOKEN',
      '$(cat',
      'url)',
    ])
    expect(notes.join(' ')).toMatch(/\$TOKEN was kept as written/)
    expect(notes.join(' ')).toMatch(/\$\(cat url\)/)
  })

  test('leaves out redirections, file descriptor included', () => {
    const { commands, notes } = shellWords('curl http://h/ > out.json 2>/dev/null')
    expect(commands[0]?.words).toEqual(['curl', 'http://h/'])
    expect(notes).toHaveLength(2)
  })

  test('reads CRLF line ends as a Windows copy has them', () => {
    const { commands } = shellWords("curl 'http://h/' \\\r\n  -H 'a: b'\r\n")
    expect(commands).toEqual([{ words: ['curl', 'http://h/', '-H', 'a: b'], next: ';' }])
  })

  test.each([
    ["curl 'open", /single quote/],
    ['curl "open', /double quote/],
    ["curl $'open", /\$'…' string/],
  ])('names what is never closed: %s', (line, error) => {
    expect(() => shellWords(line)).toThrow(error)
  })
})

describe('stdoutOf', () => {
  const sh = (command: string) =>
    execFileSync('bash', ['--norc', '--noprofile', '-c', command], {
      env: { LC_ALL: 'C.UTF-8', PATH: process.env.PATH },
    })
  test.each([
    "printf 'a\\000b\\047%%\\\\\\n'",
    "printf '%s-%s' one two",
    "printf '%b' 'x\\0101\\ty'",
    "printf '\\x41\\101\\045s'",
    "echo -n 'no newline'",
    'echo two words',
    "echo -ne 'a\\tb\\0101'",
  ])('writes what bash writes: %s', (command) => {
    const words = shellWords(command).commands[0]?.words ?? []
    expect(stdoutOf(words)).toBe(sh(command).toString('latin1'))
  })

  test('does not guess conversions it cannot know', () => {
    expect(stdoutOf(['printf', '%d', '3'])).toBeUndefined()
    expect(stdoutOf(['cat', 'file'])).toBeUndefined()
  })
})
