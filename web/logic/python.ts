/**
 * @module
 * Write an environ as a Python dict literal, with `repr()` quoting rules.
 *
 * The echo returns `str(v)` of every value, so the literal is a `dict[str, str]`; pasting it
 * into a test gives exactly the strings the app saw.
 */
import { pyRepr } from '../../server/contract/python.ts'

/** Return the environ as a Python dict literal, one key per line, in the server's key order. */
export function toPythonDict(environ: Readonly<Record<string, string>>): string {
  const lines = Object.entries(environ).map(
    ([key, value]) => `    ${pyRepr(key)}: ${pyRepr(value)},`
  )
  return lines.length ? `{\n${lines.join('\n')}\n}` : '{}'
}
