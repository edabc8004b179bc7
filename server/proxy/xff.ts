/**
 * @module
 * Comma-separated list headers (`X-Forwarded-For`, `X-Forwarded-Proto`, …) split the way
 * Werkzeug 3.2's `parse_list_header` splits them, plus the per-item notes the trace shows.
 *
 * Werkzeug 3.2 splits at commas outside double quotes, strips each item, drops empty items,
 * removes the quotes of an item that is quoted as a whole, and returns no items at all when
 * a quote is left open (spec §5.1 table). ProxyFix counts these items from the right, so
 * which of them count decides which value it picks.
 */

/** One item of a list header, as written and as Werkzeug reads it. */
export interface ListItem {
  /** The item as written, surrounding whitespace removed. */
  readonly text: string
  /** The item after unquoting (`"[2001:db8::1]"` → `[2001:db8::1]`); `text` otherwise. */
  readonly value: string
  /** The whole item was a quoted-string. */
  readonly quoted: boolean
  /** Nothing but whitespace between two commas: Werkzeug 3.2 drops it. */
  readonly empty: boolean
}

/** A list header split into items, including the empty ones Werkzeug drops. */
export interface ListSplit {
  readonly items: readonly ListItem[]
  /** A `"` was never closed: Werkzeug 3.2 then returns no values at all. */
  readonly unclosedQuote: boolean
}

/**
 * Split a list header into items, keeping empty ones and noting quotes.
 *
 * Commas inside a quoted-string do not split; a backslash inside quotes escapes the next
 * character (RFC 9110 quoted-pair). A quote in the middle of an item (`a"b,c"d`) still
 * protects its commas, as in `urllib.request.parse_http_list`.
 */
export function splitListHeader(value: string): ListSplit {
  const items: ListItem[] = []
  let part = ''
  let inQuote = false
  let escaped = false
  for (const ch of value) {
    if (escaped) {
      part += ch
      escaped = false
    } else if (inQuote) {
      if (ch === '\\') escaped = true
      else if (ch === '"') inQuote = false
      part += ch
    } else if (ch === ',') {
      items.push(listItem(part))
      part = ''
    } else {
      if (ch === '"') inQuote = true
      part += ch
    }
  }
  items.push(listItem(part))
  return { items, unclosedQuote: inQuote || escaped }
}

function listItem(part: string): ListItem {
  const text = part.trim()
  const quoted = text.length >= 2 && text.startsWith('"') && text.endsWith('"')
  return {
    text,
    value: quoted ? text.slice(1, -1).replace(/\\(.)/gs, '$1') : text,
    quoted,
    empty: text === '',
  }
}

/**
 * Return the values of a list header as Werkzeug 3.2's `parse_list_header` does.
 *
 * `'1.1.1.1, , 2.2.2.2'` → `['1.1.1.1', '2.2.2.2']`; `'"a, b'` (open quote) → `[]`.
 *
 * @see werkzeug.http.parse_list_header
 */
export function parseListHeader(value: string): string[] {
  const { items, unclosedQuote } = splitListHeader(value)
  if (unclosedQuote) return []
  return items.filter((item) => !item.empty).map((item) => item.value)
}
