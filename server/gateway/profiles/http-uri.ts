/**
 * @module
 * Which request-targets the Rust `http` crate's `Uri` refuses although Node's parser takes
 * them (http 1.4.2 `src/uri/path.rs:408-515`, `scan_path_and_query`; 1.5.0 changed no rule).
 * hyper parses every target with it (role.rs:221), so granian answers them 400.
 */

// path: 0x21 0x24-0x3B 0x3D 0x40-0x5F 0x61-0x7A 0x7C 0x7E, `"{}` (JSON in paths), UTF-8
const PATH = /^[\x21\x24-\x3b\x3d\x40-\x5f\x61-\x7a\x7c\x7e"{}\x80-\xff]*$/
// query: 0x21 0x24-0x3B 0x3D 0x3F-0x7E, UTF-8
const QUERY = /^[\x21\x24-\x3b\x3d\x3f-\x7e\x80-\xff]*$/

/** The path-and-query of an origin- or absolute-form target; `undefined` for other forms. */
function pathAndQuery(target: string): string | undefined {
  if (target.startsWith('/')) return target
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(target)
  if (!scheme) return undefined
  // the authority runs to the first '/', '?' or '#' (uri/authority.rs)
  const rest = target.slice(scheme[0].length)
  const end = rest.search(/[/?#]/)
  return end === -1 ? undefined : rest.slice(end)
}

/** True when `http::Uri` would refuse a byte of the target's path or query (before any '#'). */
export function uriCharRefused(target: string): boolean {
  const pq = pathAndQuery(target)
  if (pq === undefined) return false
  const beforeFragment = pq.split('#', 1)[0] as string
  const q = beforeFragment.indexOf('?')
  const path = q === -1 ? beforeFragment : beforeFragment.slice(0, q)
  const query = q === -1 ? '' : beforeFragment.slice(q + 1)
  return !PATH.test(path) || !QUERY.test(query)
}
