/**
 * @module
 * `--redact`: replace the values of named headers in captured records, in the header list
 * and in the environ keys they became. The echo itself is never redacted.
 *
 * Names are compared the way the environ compares them: case-insensitively and with `-` and
 * `_` alike, so `--redact x-api-key` also covers an `X_Api_Key` header, which the wsgiref
 * profile merges into the same `HTTP_X_API_KEY` key. Values derived from a redacted header
 * (ProxyFix's REMOTE_ADDR from X-Forwarded-For, `inspector.proxy_fix.orig`) are not redacted:
 * `--redact` is meant for credentials, not for forwarding headers.
 */
import { REDACTED } from './options.ts'

export interface RedactedHeaders {
  /** Flat [name, value, …] as sent, with the named headers' values replaced. */
  readonly rawHeaders: readonly string[]
  /** The header names (as sent, first spelling) whose values were replaced. */
  readonly redacted: readonly string[]
}

export interface Redactor {
  /** Replace the named headers' values; returns the input itself when none is present. */
  headers(rawHeaders: readonly string[]): RedactedHeaders
  /** Replace the environ values those headers became, in place (`values[i]` is `keys[i]`'s). */
  environ(keys: readonly string[], values: string[]): void
}

const NONE: readonly string[] = []
const MEMO_LIMIT = 4096

/** The environ spelling of a header name: upper case, `-` as `_` (wsgiref, gunicorn, Werkzeug). */
function cgiName(name: string): string {
  return name.toUpperCase().replaceAll('-', '_')
}

/** Compile the `--redact` names once; undefined when there is nothing to redact. */
export function compileRedactor(names: readonly string[]): Redactor | undefined {
  if (names.length === 0) return undefined
  const targets = new Set(names.map(cgiName))
  const environKeys: string[] = []
  for (const name of targets) {
    environKeys.push(`HTTP_${name}`)
    // wsgiref and friends keep these two without the HTTP_ prefix
    if (name === 'CONTENT_TYPE' || name === 'CONTENT_LENGTH') environKeys.push(name)
  }
  // header names repeat from request to request; bounded, so new names cannot grow it
  const memo = new Map<string, boolean>()
  const isTarget = (name: string): boolean => {
    let hit = memo.get(name)
    if (hit === undefined) {
      hit = targets.has(cgiName(name))
      if (memo.size < MEMO_LIMIT) memo.set(name, hit)
    }
    return hit
  }

  return {
    headers(rawHeaders) {
      let copy: string[] | undefined
      let redacted: string[] | undefined
      for (let i = 0; i < rawHeaders.length; i += 2) {
        const name = rawHeaders[i] as string
        if (!isTarget(name)) continue
        copy ??= [...rawHeaders]
        copy[i + 1] = REDACTED
        redacted ??= []
        if (!redacted.some((seen) => seen.toLowerCase() === name.toLowerCase())) redacted.push(name)
      }
      return { rawHeaders: copy ?? rawHeaders, redacted: redacted ?? NONE }
    },
    environ(keys, values) {
      for (const key of environKeys) {
        const index = keys.indexOf(key)
        if (index !== -1) values[index] = REDACTED
      }
    },
  }
}
