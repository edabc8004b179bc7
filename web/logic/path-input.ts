/**
 * @module
 * Read what was typed or pasted into the Path field: a path, `path?query`, or a whole URL
 * copied from an address bar (`http://host:8000/shop/item?x=1`).
 *
 * The preview and the send use the same reading, so `path?query` previews as one request
 * line while it is typed, not only once the field loses focus.
 */

export interface PathInput {
  /** The path: everything before the first "?" (of a URL: its path, `/` when it has none). */
  readonly path: string
  /** Everything after the first "?"; undefined when there is no "?". */
  readonly query?: string
  /** A URL's `host[:port]`; undefined for a plain path. */
  readonly host?: string
  /** A URL's scheme, lower case (`http`, `https`). */
  readonly scheme?: string
  /** A URL's `user:password@`, which no request line carries. */
  readonly userinfo?: string
  /** A URL's `#fragment`, which browsers never send. */
  readonly fragment?: string
}

/** `scheme://authority` then the rest; authority-less schemes (`mailto:`) are not URLs here. */
const URL_START = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s

/**
 * Return what `text` stands for; a plain path is returned as typed, "?" split off. With
 * `urls: false` a whole URL is a path too (exact mode sends it as an absolute-form target).
 */
export function splitPathInput(text: string, { urls = true } = {}): PathInput {
  const url = urls ? URL_START.exec(text.trim()) : null
  if (!url) return splitQuery(text)
  const [, scheme = '', authority = '', rest = ''] = url
  const at = authority.lastIndexOf('@')
  const host = authority.slice(at + 1)
  const hash = rest.indexOf('#')
  const sent = hash < 0 ? rest : rest.slice(0, hash)
  const parts = splitQuery(sent.startsWith('/') || sent === '' ? sent : `/${sent}`)
  return {
    ...parts,
    path: parts.path === '' ? '/' : parts.path,
    host,
    scheme: scheme.toLowerCase(),
    ...(at >= 0 && { userinfo: authority.slice(0, at + 1) }),
    ...(hash >= 0 && { fragment: rest.slice(hash) }),
  }
}

function splitQuery(text: string): PathInput {
  const mark = text.indexOf('?')
  return mark < 0 ? { path: text } : { path: text.slice(0, mark), query: text.slice(mark + 1) }
}

/** True when `input` came from a whole URL rather than a path. */
export function isUrl(input: PathInput): boolean {
  return input.host !== undefined
}

/**
 * Say what committing a pasted URL did in Browser mode, where only its path and query can
 * go out: the page cannot choose the host, and browsers never send a fragment.
 */
export function urlNotice(input: PathInput, here: string): string {
  const query = input.query ? `, query ${input.query}` : ''
  const parts = [`The URL was split: path ${input.path}${query}.`]
  if (input.host === here) parts.push(`The browser sends Host: ${here} itself.`)
  else
    parts.push(
      `The browser sends only to this server, so Host stays ${here}; Exact mode can send Host: ${input.host}.`
    )
  if (input.userinfo) parts.push('The user name and password in it are not sent.')
  if (input.fragment) parts.push(`${input.fragment} is dropped: browsers never send a fragment.`)
  return parts.join(' ')
}
