/**
 * @module
 * A scope's `headers`: `[(name.lower(), value), …]` as each ASGI server lists them. Servers
 * differ in order (wire order, or grouped by name as Twisted's and hyper's header maps
 * iterate), in names they leave out (daphne drops `_` names and takes `Daphne-Root-Path`
 * for itself) and in a Host they add (granian).
 */
import type { EnvironValue } from '../contract/python.ts'
import type { AsgiProfile } from './profiles/types.ts'
import { unquoteUtf8 } from './target.ts'

/** The `headers` list, and the root path a header set (daphne), if one did. */
export interface ScopeHeaders {
  readonly tuples: readonly EnvironValue[]
  readonly rootPath?: string
}

type HeaderRules = Pick<
  AsgiProfile,
  'underscoreHeaders' | 'headerOrder' | 'hostWhenMissing' | 'rootPathHeader'
>

/**
 * The request's headers as the profile's server hands them to the app; `authority` is the
 * absolute-form target's host, which granian lists when there is no Host header.
 */
export function scopeHeaders(
  rawHeaders: readonly string[],
  rules: HeaderRules,
  authority = ''
): ScopeHeaders {
  const drop = rules.underscoreHeaders === 'drop'
  const rootHeader = rules.rootPathHeader
  let rootPath: string | undefined
  let pairs: [string, string][] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).replace(/[A-Z]/g, (c) => c.toLowerCase())
    const value = rawHeaders[i + 1] as string
    if (drop && name.includes('_')) continue // daphne: "Prevent CVE-2015-0219"
    if (name === rootHeader) rootPath = unquoteUtf8(value)
    else pairs.push([name, value])
  }
  if (rules.headerOrder === 'by-name') pairs = groupedByName(pairs)
  if (rules.hostWhenMissing && !pairs.some(([name]) => name === 'host')) {
    // granian: with no Host, the URI's authority (none in origin-form) goes first
    pairs.unshift(['host', authority])
  }
  const tuples = pairs.map(
    ([n, v]): EnvironValue => ({ pyTuple: [{ pyBytes: n }, { pyBytes: v }] })
  )
  return rootPath === undefined ? { tuples } : { tuples, rootPath }
}

/** Every value of a name together, names in first-occurrence order (a multimap's iteration). */
function groupedByName(pairs: readonly [string, string][]): [string, string][] {
  const byName = new Map<string, [string, string][]>()
  for (const pair of pairs) {
    const group = byName.get(pair[0])
    if (group) group.push(pair)
    else byName.set(pair[0], [pair])
  }
  return [...byName.values()].flat()
}
