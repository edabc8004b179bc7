/**
 * @module
 * The bytes `printf …` or `echo …` write, for a curl command that reads its body from a pipe
 * (`printf 'a\000b' | curl --data-binary @- …`), the form this tool's own curl export uses
 * for bodies that cannot be pasted into a terminal as they are.
 *
 * Only what is safe to work out without a shell: the format's escapes, `%%`, `%s` and `%b`.
 * Anything else (`%d`, a variable) makes the result undefined, and the importer says so.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  "'": "'",
}

/**
 * Read the backslash escape at `text[i]` as printf does (`\n`, `\\`, octal, `\xHH`); `zeroOctal`
 * is the `%b` / `echo -e` spelling of octal (`\0NNN`). Returns the byte and the length read.
 */
function escapeAt(text: string, i: number, zeroOctal: boolean): [string, number] {
  const next = text.charAt(i + 1)
  const skip = zeroOctal && next === '0' ? 1 : 0
  const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1 + skip, i + 4 + skip))
  const hex = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 2, i + 4))
  const simple = ESCAPES[next]
  if (simple !== undefined) return [simple, 2]
  if (skip && !octal) return ['\0', 2]
  if (octal)
    return [String.fromCharCode(Number.parseInt(octal[0], 8) & 0xff), 1 + skip + octal[0].length]
  if (next === 'x' && hex)
    return [String.fromCharCode(Number.parseInt(hex[0], 16)), 2 + hex[0].length]
  return ['\\', 1]
}

/** Apply every backslash escape in `text` (`%b`, `echo -e`). */
function applyEscapes(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; ) {
    if (text.charAt(i) === '\\' && i + 1 < text.length) {
      const [bytes, length] = escapeAt(text, i, true)
      out += bytes
      i += length
    } else out += text.charAt(i++)
  }
  return out
}

/** Return what `printf format args…` writes, or undefined for conversions it cannot know. */
function printf(format: string, args: readonly string[]): string | undefined {
  let out = ''
  let next = 0
  for (let i = 0; i < format.length; ) {
    const ch = format.charAt(i)
    if (ch === '\\' && i + 1 < format.length) {
      const [bytes, length] = escapeAt(format, i, false)
      out += bytes
      i += length
    } else if (ch === '%') {
      const conversion = format.charAt(i + 1)
      if (conversion === '%') out += '%'
      else if (conversion === 's') out += args[next++] ?? ''
      else if (conversion === 'b') out += applyEscapes(args[next++] ?? '')
      else return undefined
      i += 2
    } else {
      out += ch
      i += 1
    }
  }
  return out
}

/**
 * Return the bytes (a binary string) the command `words` writes to its standard output, or
 * undefined when it is not a `printf` or `echo` whose output is known without running it.
 */
export function stdoutOf(words: readonly string[]): string | undefined {
  const [program, ...args] = words
  if (program === 'printf' && args.length > 0) return printf(args[0] as string, args.slice(1))
  if (program !== 'echo') return undefined
  let newline = true
  let escapes = false
  while (/^-[neE]+$/.test(args[0] ?? '')) {
    const flags = args.shift() as string
    if (flags.includes('n')) newline = false
    if (flags.includes('e')) escapes = true
    if (flags.includes('E')) escapes = false
  }
  const text = args.join(' ')
  return (escapes ? applyEscapes(text) : text) + (newline ? '\n' : '')
}
