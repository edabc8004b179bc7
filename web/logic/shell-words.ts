/**
 * @module
 * Split a POSIX shell command line (bash, zsh) into words, the way the shell would pass them
 * to a program: quotes removed, escapes applied, line continuations joined.
 *
 * Covers what "Copy as cURL" and hand-written commands use: `'…'`, `"…"`, `$'…'` (ANSI-C
 * escapes: `\n`, `\xHH`, `\uHHHH`, octal, `\cX`), backslashes, `\` + newline, `#` comments,
 * and the operators between commands (`|`, `;`, `&&`, `||`, `&`, newline). Nothing is run:
 * `$VAR`, `$(…)` and backticks stay as written and are reported.
 *
 * Words are binary strings (one character per byte): `$'\xff'` is one byte, not a character,
 * and plain text is taken as its UTF-8 bytes, as a UTF-8 terminal sends it.
 */
import { utf8Latin1 } from './byte-codecs.ts'

/** One simple command and the operator that ended it (`''` at the end of the input). */
export interface ShellCommand {
  readonly words: readonly string[]
  readonly next: '|' | ';' | '&&' | '||' | '&' | ''
}

export interface ShellParse {
  readonly commands: readonly ShellCommand[]
  /** What was kept as written or skipped: expansions, redirections. */
  readonly notes: readonly string[]
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  e: 27,
  E: 27,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63,
}

/** Read the escape at `text[i]` (a backslash) inside `$'…'`: its bytes and the length read. */
function ansiEscape(text: string, i: number): [bytes: string, length: number] {
  const next = text.charAt(i + 1)
  const simple = SIMPLE_ESCAPES[next]
  if (simple !== undefined) return [String.fromCharCode(simple), 2]
  const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))
  if (octal) return [String.fromCharCode(Number.parseInt(octal[0], 8) & 0xff), 1 + octal[0].length]
  const hex = next === 'x' ? /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 2, i + 4)) : null
  if (hex) return [String.fromCharCode(Number.parseInt(hex[0], 16)), 2 + hex[0].length]
  const width = next === 'u' ? 4 : next === 'U' ? 8 : 0
  const unicode = width ? /^[0-9A-Fa-f]+/.exec(text.slice(i + 2, i + 2 + width)) : null
  if (unicode) {
    const code = Number.parseInt(unicode[0], 16)
    return [code <= 0x10ffff ? utf8Latin1(String.fromCodePoint(code)) : '', 2 + unicode[0].length]
  }
  if (next === 'c' && i + 2 < text.length)
    return [String.fromCharCode(text.charCodeAt(i + 2) & 0x1f), 3]
  return ['\\', 1]
}

/** Decode the inside of `$'…'` starting at `start`; return the bytes and the index after the `'`. */
function ansiC(text: string, start: number): { bytes: string; end: number } | undefined {
  let bytes = ''
  let i = start
  while (i < text.length) {
    const ch = text.charAt(i)
    if (ch === "'") return { bytes, end: i + 1 }
    if (ch === '\\') {
      const [escaped, length] = ansiEscape(text, i)
      bytes += escaped
      i += length
    } else {
      const char = String.fromCodePoint(text.codePointAt(i) ?? 0)
      bytes += utf8Latin1(char)
      i += char.length
    }
  }
  return undefined
}

const OPERATORS = ['&&', '||', '|', ';', '&', '\n'] as const

/** Split `text` into commands and words. Throws an Error naming what is unterminated. */
export function shellWords(input: string): ShellParse {
  // a command copied on Windows keeps its CRLF line ends; the shell would see LF
  const text = input.replace(/\r\n/g, '\n')
  const commands: ShellCommand[] = []
  const notes: string[] = []
  let words: string[] = []
  let word: string | undefined
  const add = (bytes: string) => {
    word = (word ?? '') + bytes
  }
  const endWord = () => {
    if (word !== undefined) words.push(word)
    word = undefined
  }
  const endCommand = (next: ShellCommand['next']) => {
    endWord()
    commands.push({ words, next })
    words = []
  }
  const expansion = (at: number) => {
    const found = /^\$(\{[^}]*\}|\([^)]*\)|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])|^`[^`]*`/.exec(
      text.slice(at)
    )
    if (found) notes.push(`${found[0]} was kept as written: nothing is run or expanded here.`)
  }

  let i = 0
  while (i < text.length) {
    const ch = text.charAt(i)
    if (ch === '\\') {
      const next = text.charAt(i + 1)
      if (next === '\n') i += 2
      else {
        if (next !== '') add(utf8Latin1(String.fromCodePoint(text.codePointAt(i + 1) ?? 0)))
        i += 1 + (next === '' ? 0 : String.fromCodePoint(text.codePointAt(i + 1) ?? 0).length)
      }
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) throw new Error("A single quote (') is never closed.")
      add(utf8Latin1(text.slice(i + 1, end)))
      i = end + 1
    } else if (ch === '$' && text.charAt(i + 1) === "'") {
      const decoded = ansiC(text, i + 2)
      if (!decoded) throw new Error("A $'…' string is never closed.")
      add(decoded.bytes)
      i = decoded.end
    } else if (ch === '"' || (ch === '$' && text.charAt(i + 1) === '"')) {
      i += ch === '$' ? 2 : 1
      let inside = ''
      for (;;) {
        if (i >= text.length) throw new Error('A double quote (") is never closed.')
        const c = text.charAt(i)
        if (c === '"') break
        if (c === '\\' && '$`"\\\n'.includes(text.charAt(i + 1)) && text.charAt(i + 1) !== '') {
          if (text.charAt(i + 1) !== '\n') inside += text.charAt(i + 1)
          i += 2
          continue
        }
        if (c === '$' || c === '`') expansion(i)
        inside += c
        i += 1
      }
      add(utf8Latin1(inside))
      i += 1
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord()
      i += 1
    } else if (ch === '#' && word === undefined) {
      const end = text.indexOf('\n', i)
      i = end < 0 ? text.length : end
    } else if (ch === '<' || ch === '>') {
      // "2>": the digits name a file descriptor, they are not a word
      if (word !== undefined && /^[0-9]+$/.test(word) && /[0-9]/.test(text.charAt(i - 1)))
        word = undefined
      endWord()
      const redirection =
        /^[<>]+&?\s*(?:'[^']*'|"[^"]*"|[^\s|;&<>]*)/.exec(text.slice(i))?.[0] ?? ch
      notes.push(`The redirection ${redirection.trim()} was left out.`)
      i += redirection.length
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i))
      if (op) {
        endCommand(op === '\n' ? ';' : op)
        i += op.length
      } else {
        if (ch === '$' || ch === '`') expansion(i)
        const char = String.fromCodePoint(text.codePointAt(i) ?? 0)
        add(utf8Latin1(char))
        i += char.length
      }
    }
  }
  endCommand('')
  // blank lines and a trailing newline make empty commands
  return { commands: commands.filter((c) => c.words.length > 0), notes }
}
