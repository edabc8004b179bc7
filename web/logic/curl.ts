/**
 * @module
 * Turn a sent request into a POSIX-shell-safe curl command that reproduces it.
 *
 * Everything is single-quoted (`'` becomes `'\''`), which is safe in any POSIX shell
 * and needs no `$'…'`. A body holding bytes a terminal might mangle (CR, NUL, other
 * controls) is piped in through `printf` with octal escapes and `--data-binary @-`.
 */

/** A request as it left the composer: the input of `toCurl`. */
export interface CurlRequest {
  readonly method: string
  /** Absolute URL, already normalised and percent-encoded the way the browser sent it. */
  readonly url: string
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  /** Undefined when no body was sent; text is sent as UTF-8, bytes as they are. */
  readonly body?: string | Uint8Array | undefined
}

/** Return `text` quoted for a POSIX shell; plain words (no glob or shell characters) stay bare. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_\-.,:/@%+=]+$/.test(text)) return text
  return singleQuote(text)
}

/** Return `text` in single quotes, always (`'` becomes `'\''`). */
export function singleQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`
}

/**
 * Bytes that are safe to leave inside single quotes when the command is pasted in a terminal:
 * no C0 control but tab and newline, no DEL, and no C1 control (U+0080–U+009F: some
 * terminals read U+009B as CSI, the start of an escape sequence).
 */
export function isPasteSafe(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if ((code < 0x20 && ch !== '\t' && ch !== '\n') || (code >= 0x7f && code <= 0x9f)) return false
  }
  return true
}

/** Return a `printf` format that writes exactly the UTF-8 bytes of `text`. */
export function printfBytes(text: string): string {
  return printfOf(new TextEncoder().encode(text))
}

/** Return a `printf` command that writes exactly `bytes` (octal escapes for the rest). */
export function printfOf(bytes: Uint8Array): string {
  let format = ''
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte)
    if (ch === '%') format += '%%'
    else if (ch === '\\') format += '\\\\'
    else if (ch === "'") format += '\\047'
    else if (byte >= 0x20 && byte < 0x7f) format += ch
    else format += `\\${byte.toString(8).padStart(3, '0')}`
  }
  return `printf '${format}'`
}

/**
 * Return a curl command line for the request.
 *
 * `--path-as-is` stops curl from squashing `/../` and `//`; `-sS` keeps only errors
 * on stderr. When a body is sent without a Content-Type row, `-H 'Content-Type:'`
 * stops curl from adding its own form type. HEAD uses `-I` so curl does not wait for a body.
 */
export function toCurl(request: CurlRequest): string {
  const parts = ['curl', '-sS']
  const method = request.method
  if (method === 'HEAD') parts.push('-I')
  else if (method !== 'GET' || request.body !== undefined) parts.push('-X', shellQuote(method))
  parts.push('--path-as-is')
  for (const [name, value] of request.headers) parts.push('-H', singleQuote(`${name}: ${value}`))
  const hasType = request.headers.some(([name]) => name.toLowerCase() === 'content-type')
  let pipe = ''
  if (request.body !== undefined) {
    if (!hasType) parts.push('-H', singleQuote('Content-Type:'))
    // a leading @ would make curl read a file; printf sidesteps that too
    const body = request.body
    if (typeof body === 'string' && isPasteSafe(body) && !body.startsWith('@')) {
      parts.push('--data-binary', singleQuote(body))
    } else {
      pipe = `${typeof body === 'string' ? printfBytes(body) : printfOf(body)} | `
      parts.push('--data-binary', '@-')
    }
  }
  parts.push(singleQuote(request.url))
  return pipe + parts.join(' ')
}
