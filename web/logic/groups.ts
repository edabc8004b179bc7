/**
 * @module
 * Sort environ keys into the four groups the table shows.
 *
 * Groups come from the short half of the gateway's key reference
 * (`server/gateway/environ-key-groups.ts`), so the table can group keys before the long
 * half (their docs, see key-docs.ts) has loaded; nothing about a key is written twice.
 */
import {
  type DocumentedKey,
  findDocumentedKey,
  KEY_GROUPS,
  type KeyGroup,
  OS_ENVIRON_KEY,
} from '../../server/gateway/environ-key-groups.ts'

/** Group titles in table order. */
export const GROUPS: ReadonlyArray<{ readonly id: KeyGroup; readonly title: string }> = [
  { id: 'cgi', title: 'CGI' },
  { id: 'http', title: 'HTTP_*' },
  { id: 'wsgi', title: 'wsgi.*' },
  { id: 'extension', title: 'Extensions' },
]

/**
 * Return true when `key` is a copy of a server OS variable (wsgiref with --os-environ).
 *
 * Those keys have no doc of their own and come first in wsgiref's order, before the
 * first CGI key the server sets (SERVER_NAME).
 */
export function isOsEnvironKey(key: string, keys: readonly string[], profile: string): boolean {
  if (profile !== 'wsgiref' || findDocumentedKey(key)) return false
  const at = keys.indexOf(key)
  const serverName = keys.indexOf('SERVER_NAME')
  return at >= 0 && serverName > at
}

/** Return the reference entry for a key as it appears in this environ (OS copies: os.environ). */
export function documentedKeyFor(
  key: string,
  keys: readonly string[],
  profile: string
): DocumentedKey | undefined {
  if (isOsEnvironKey(key, keys, profile)) return OS_ENVIRON_KEY
  return findDocumentedKey(key)
}

/** Return the group of a key: its reference entry's group, else guessed from its spelling. */
export function groupOf(key: string, keys: readonly string[] = [], profile = ''): KeyGroup {
  if (key.startsWith('HTTP_')) return 'http'
  const documented = documentedKeyFor(key, keys, profile)
  if (documented) return KEY_GROUPS[documented]
  if (key.startsWith('wsgi.')) return 'wsgi'
  return /^[A-Z][A-Z0-9_]*$/.test(key) ? 'cgi' : 'extension'
}

/** One group of table rows. */
export interface EnvironGroup {
  readonly id: KeyGroup
  readonly title: string
  readonly rows: ReadonlyArray<readonly [key: string, value: string]>
}

/**
 * Return the environ split into groups, keeping the server's key order inside each group.
 *
 * `filter` matches key or value, case-insensitively; empty groups are left out.
 */
export function groupEnviron(
  environ: Readonly<Record<string, string>>,
  profile: string,
  filter = ''
): EnvironGroup[] {
  const keys = Object.keys(environ)
  const needle = filter.trim().toLowerCase()
  const matches = ([key, value]: readonly [string, string]) =>
    !needle || key.toLowerCase().includes(needle) || value.toLowerCase().includes(needle)
  const rows = Object.entries(environ).filter(matches)
  return GROUPS.map(({ id, title }) => ({
    id,
    title,
    rows: rows.filter(([key]) => groupOf(key, keys, profile) === id),
  })).filter((group) => group.rows.length > 0)
}
