/**
 * @module
 * Export a request as a curl command for a POSIX shell (bash, zsh), safe to paste.
 *
 * Paste safety: a terminal acts on control characters as they are pasted (a CR runs the line,
 * ESC starts a sequence, C1 controls U+0080–U+009F are the 8-bit form of the same), and bidi
 * overrides make text read differently from what runs. So words holding any of those are
 * written in ANSI-C quoting (`$'\x1b'`), never raw, and a body holding them, or a NUL (which no
 * argument can hold), is piped in with `printf` and `--data-binary @-`. A leading `@` would make
 * curl read a file, so such a body is piped too. Everything else is single-quoted.
 */
import { utf8Bytes, utf8Text } from './byte-codecs.ts'
import { printfOf } from './curl.ts'
import { type HttpRequest, hasHeader, requestTarget } from './http-request.ts'

export interface CurlExportOptions {
  /** Where the request is sent: `http://127.0.0.1:8000`. */
  readonly origin: string
}

/** C0 controls but tab and LF, DEL, C1 controls, and the bidi embedding/override/isolate marks. */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/

/**
 * Return true when `text` can sit inside single quotes in a pasted command and mean itself.
 * A line break can (`multiline` bodies); a tab cannot, since without bracketed paste a shell
 * takes it as completion.
 */
export function isPasteSafe(text: string, multiline = false): boolean {
  return !UNSAFE.test(text) && !text.includes('\t') && (multiline || !text.includes('\n'))
}

/** Return `text` quoted for a POSIX shell: bare when plain, `'…'` when paste-safe, else `$'…'`. */
export function shellWord(text: string): string {
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(text)) return text
  if (isPasteSafe(text)) return `'${text.replaceAll("'", "'\\''")}'`
  return ansiC(text)
}

/** Return `text` in bash's ANSI-C quoting: controls as `\xHH`, unsafe non-ASCII as `\uHHHH`. */
export function ansiC(text: string): string {
  let out = "$'"
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\' || ch === "'") out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else if (UNSAFE.test(ch)) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += ch
  }
  return `${out}'`
}

/** True when curl would squash the path (`/./`, `/../`, `//`) without `--path-as-is`. */
function needsPathAsIs(path: string): boolean {
  return /(^|\/)\.\.?(\/|$)/.test(path) || path.includes('//')
}

/**
 * Return a curl command that sends the request to `origin`.
 *
 * When a body has no Content-Type row, `-H 'Content-Type:'` stops curl from adding its form
 * type; an empty header value is written `-H 'Name;'` (curl's spelling; `Name:` removes a header).
 */
export function toCurlCommand(request: HttpRequest, { origin }: CurlExportOptions): string {
  const target = requestTarget(request)
  const url = `${origin}${target}`
  const parts: string[] = [shellWord(url)]
  const hasBody = request.body.length > 0
  if (request.method === 'HEAD' && !hasBody) parts.push('-I')
  else if (request.method !== (hasBody ? 'POST' : 'GET'))
    parts.push(`-X ${shellWord(request.method)}`)
  if (request.httpVersion === '1.0') parts.push('--http1.0')
  if (needsPathAsIs(request.path)) parts.push('--path-as-is')
  if (/[[\]{}]/.test(target)) parts.push('--globoff')
  for (const [name, value] of request.headers)
    parts.push(`-H ${shellWord(value.trim() === '' ? `${name};` : `${name}: ${value}`)}`)
  let pipe = ''
  if (hasBody) {
    if (!hasHeader(request, 'content-type')) parts.push(`-H ${shellWord('Content-Type:')}`)
    const text = utf8Text(request.body)
    const sameBytes = text !== undefined && utf8Bytes(text).length === request.body.length
    if (text !== undefined && sameBytes && isPasteSafe(text, true) && !text.startsWith('@')) {
      parts.push(`--data-binary '${text.replaceAll("'", "'\\''")}'`)
    } else {
      pipe = `${printfOf(request.body)} | `
      parts.push('--data-binary @-')
    }
  }
  return `${pipe}curl ${parts.join(parts.length > 2 ? ' \\\n  ' : ' ')}`
}
