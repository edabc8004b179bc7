/**
 * @module
 * Sort environ keys into the four groups the table shows, and look up their docs.
 *
 * Docs come from the gateway's key-data file (`server/gateway/environ-keys.ts`), the one
 * description of every key; nothing about a key is written twice.
 */
import {
  type EnvironKeyDoc,
  findKeyDoc,
  type KeyGroup,
  OS_ENVIRON_KEY,
} from '../../server/gateway/environ-keys.ts'

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
  if (profile !== 'wsgiref' || findKeyDoc(key)) return false
  const at = keys.indexOf(key)
  const serverName = keys.indexOf('SERVER_NAME')
  return at >= 0 && serverName > at
}

/** Return the doc for a key as it appears in this environ (OS copies get the os.environ doc). */
export function docFor(
  key: string,
  keys: readonly string[],
  profile: string
): EnvironKeyDoc | undefined {
  if (isOsEnvironKey(key, keys, profile)) return findKeyDoc(OS_ENVIRON_KEY)
  return findKeyDoc(key)
}

/** Return the group of a key: its doc's group, else guessed from its spelling. */
export function groupOf(key: string, keys: readonly string[] = [], profile = ''): KeyGroup {
  if (key.startsWith('HTTP_')) return 'http'
  const doc = docFor(key, keys, profile)
  if (doc) return doc.group
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
