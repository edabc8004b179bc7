/**
 * @module
 * Query-string building and parsing for the composer's query table.
 *
 * The table encodes names and values the way a form would (UTF-8, percent-encoded), so
 * what the table shows is what reaches QUERY_STRING. The raw mode bypasses all of this:
 * whatever is typed goes out verbatim, `%zz` and `+` included (the server never decodes
 * QUERY_STRING, PEP 3333 / RFC 3875 §4.1.7).
 */
import { type KeyValueRow, makeRow } from './rows.ts'

/**
 * Percent-encode one name or value for the query table.
 *
 * Like `encodeURIComponent`, plus `'` (the URL parser would turn it into %27 anyway, so
 * encoding it here keeps the preview equal to what the browser sends).
 */
export function encodeQueryComponent(text: string): string {
  return encodeURIComponent(text).replaceAll("'", '%27')
}

/** Decode one component as a form would (`+` is a space); keep it verbatim if malformed. */
export function decodeQueryComponent(text: string): string {
  const spaced = text.replaceAll('+', ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/** Return the query string for the enabled, named rows, in table order. */
export function buildQueryString(rows: readonly KeyValueRow[]): string {
  return rows
    .filter((row) => row.enabled && (row.name !== '' || row.value !== ''))
    .map((row) => `${encodeQueryComponent(row.name)}=${encodeQueryComponent(row.value)}`)
    .join('&')
}

/** Split a raw query string into table rows (`a=1&b` → a=1, b=""). Empty pieces are skipped. */
export function parseQueryString(raw: string): KeyValueRow[] {
  const text = raw.startsWith('?') ? raw.slice(1) : raw
  if (text === '') return []
  return text
    .split('&')
    .filter((piece) => piece !== '')
    .map((piece) => {
      const eq = piece.indexOf('=')
      const name = eq < 0 ? piece : piece.slice(0, eq)
      const value = eq < 0 ? '' : piece.slice(eq + 1)
      return makeRow(decodeQueryComponent(name), decodeQueryComponent(value))
    })
}

/**
 * Return true when turning `raw` into table rows and back gives `raw` again.
 *
 * When false, switching from raw mode to the table would change what is sent (`%zz`,
 * `+`, empty pieces, a bare `flag`), so the UI warns first.
 */
export function queryRoundTrips(raw: string): boolean {
  return buildQueryString(parseQueryString(raw)) === raw
}
