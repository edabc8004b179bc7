/**
 * @module
 * Reading a built scope's Python values back as text: the frameworks model and the proxy
 * trace both read what a server put in `headers`, `client` and the like.
 */
import { type EnvironValue, pyStr } from './python.ts'

/** A str as its text; any other value as Python's `str()` prints it; absent as ''. */
export function scopeText(value: EnvironValue | undefined): string {
  return value === undefined ? '' : typeof value === 'string' ? value : pyStr(value)
}

/** Bytes as latin-1 text, one character per byte. */
export function scopeBytes(value: EnvironValue | undefined): string {
  if (value && typeof value === 'object' && 'pyBytes' in value) return value.pyBytes
  return scopeText(value)
}

/** The items of a Python tuple or list; nothing for any other value. */
export function scopeItems(value: EnvironValue | undefined): readonly EnvironValue[] {
  if (!value || typeof value !== 'object') return []
  return 'pyTuple' in value ? value.pyTuple : 'pyList' in value ? value.pyList : []
}

/** `headers` as (name, value) pairs of latin-1 text; pairs are tuples (uvicorn) or lists. */
export function scopeHeaderPairs(
  value: EnvironValue | undefined
): Array<readonly [string, string]> {
  return scopeItems(value).flatMap((pair) => {
    const [name, field] = scopeItems(pair)
    return name === undefined || field === undefined
      ? []
      : [[scopeBytes(name), scopeBytes(field)] as const]
  })
}
