/**
 * @module
 * Split a Windows command line into words: "Copy as cURL (cmd)" from Chrome, "Copy as cURL
 * (Windows)" from Firefox, and `curl.exe` commands written for PowerShell.
 *
 * cmd: the browsers escape with `^` (`^"`, `^{`, `%^`), end lines with ` ^`, write a newline
 * inside a value as `^` + two line breaks, and escape `\` and `"` as `\\` and `\"` (Firefox
 * also `\$` and `` \` ``). These rules are undone exactly, which gives back the request the
 * browser had; real cmd.exe plus the C runtime's argument parser would keep some of those
 * backslashes, a known flaw of the generated commands, not of the request.
 *
 * PowerShell: `'…'` (`''` is a quote), `"…"` (backtick escapes, `""` is a quote), and
 * `` ` `` at the end of a line.
 *
 * Words are binary strings of the text's UTF-8 bytes, like shell-words.ts.
 */
import { utf8Latin1 } from './byte-codecs.ts'

export interface WindowsParse {
  /** The words of the first command. */
  readonly words: readonly string[]
  readonly notes: readonly string[]
}

/** Return true when `text` reads as a cmd.exe command line (carets) rather than POSIX. */
export function isCmdSyntax(text: string): boolean {
  return /\^"/.test(text) || /\s\^\r?\n/.test(text)
}

/** Return true when `text` reads as a PowerShell command line (backtick line ends, curl.exe). */
export function isPowerShellSyntax(text: string): boolean {
  return /`\r?\n/.test(text) || /^\s*curl\.exe\b/i.test(text)
}

interface Char {
  readonly ch: string
  /** Written with a caret before it, so it is never syntax (a `^"` does not open a string). */
  readonly escaped: boolean
}

/** Apply cmd's caret escapes: `^X` is a literal X, `^` + line break joins the next line. */
function uncaret(text: string): Char[] {
  const out: Char[] = []
  let escapeNext = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i)
    if (ch === '^' && !escapeNext) {
      if (text.charAt(i + 1) === '\n') {
        // the first character of the next line is taken literally: "^\n\n" is a newline
        escapeNext = true
        i += 1
      } else if (i + 1 < text.length) {
        out.push({ ch: text.charAt(i + 1), escaped: true })
        i += 1
      }
      continue
    }
    out.push({ ch, escaped: escapeNext })
    escapeNext = false
  }
  return out
}

/** Split a cmd.exe command line (the first command; `&` ends it). */
export function cmdWords(input: string): WindowsParse {
  const chars = uncaret(input.replace(/\r\n/g, '\n'))
  const words: string[] = []
  const notes: string[] = []
  let word: string | undefined
  let i = 0
  const at = (k: number) => chars[k]?.ch ?? ''
  while (i < chars.length) {
    const { ch, escaped } = chars[i] as Char
    if (ch === '\n' && !escaped && (words.length > 0 || word !== undefined)) {
      if (chars.slice(i).some((c) => /\S/.test(c.ch)))
        notes.push('Only the first command was read; the lines after it were left out.')
      break
    }
    if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word)
      word = undefined
      i += 1
    } else if (ch === '&' && !escaped) {
      notes.push('Only the first command was read; the rest after "&" was left out.')
      break
    } else if (ch === '"') {
      word ??= ''
      i += 1
      while (i < chars.length && !(at(i) === '"' && at(i + 1) !== '"')) {
        const c = at(i)
        const next = at(i + 1)
        if (c === '\\' && '\\"$`'.includes(next) && next !== '') {
          word += next
          i += 2
        } else if (c === '"') {
          word += '"' // "" inside quotes: a literal quote (older generators)
          i += 2
        } else {
          word += c
          i += 1
        }
      }
      if (i >= chars.length) throw new Error('A double quote (") is never closed.')
      i += 1
    } else {
      word = (word ?? '') + ch
      i += 1
    }
  }
  if (word !== undefined) words.push(word)
  return { words: words.map(utf8Latin1), notes }
}

const PS_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
}

/** Split a PowerShell command line (the first command; `;` or `|` ends it). */
export function powershellWords(input: string): WindowsParse {
  const text = input.replace(/\r\n/g, '\n')
  const words: string[] = []
  const notes: string[] = []
  let word: string | undefined
  let i = 0
  while (i < text.length) {
    const ch = text.charAt(i)
    if (ch === '`') {
      const next = text.charAt(i + 1)
      if (next !== '\n') word = (word ?? '') + next
      i += 2
    } else if (ch === '\n' && (words.length > 0 || word !== undefined)) {
      if (/\S/.test(text.slice(i)))
        notes.push('Only the first command was read; the lines after it were left out.')
      break
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word)
      word = undefined
      i += 1
    } else if (ch === ';' || ch === '|') {
      notes.push(`Only the first command was read; the rest after "${ch}" was left out.`)
      break
    } else if (ch === "'" || ch === '"') {
      word ??= ''
      i += 1
      for (;;) {
        if (i >= text.length) throw new Error(`A quote (${ch}) is never closed.`)
        const c = text.charAt(i)
        if (c === ch && text.charAt(i + 1) === ch) {
          word += ch
          i += 2
        } else if (c === ch) {
          i += 1
          break
        } else if (ch === '"' && c === '`') {
          const next = text.charAt(i + 1)
          word += PS_ESCAPES[next] ?? next
          i += 2
        } else {
          if (ch === '"' && c === '$' && /[A-Za-z_{(]/.test(text.charAt(i + 1)))
            notes.push('A $variable inside "…" was kept as written: nothing is expanded here.')
          word += c
          i += 1
        }
      }
    } else {
      word = (word ?? '') + ch
      i += 1
    }
  }
  if (word !== undefined) words.push(word)
  return { words: words.map(utf8Latin1), notes }
}
