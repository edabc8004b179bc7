/**
 * @module
 * Where PATH_INFO, QUERY_STRING and the authority sit inside the request-target bytes, per
 * profile. Mirrors gateway/target.ts (which computes the values) but keeps offsets.
 */

import type { ByteRange } from '../contract/api/send.ts'
import type { Step } from '../contract/steps.ts'
import type { WsgiProfile } from '../gateway/profiles/index.ts'

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*$/
const ESCAPE = /%[0-9A-Fa-f]{2}/

export interface TargetRanges {
  /** The target as RAW_URI/REQUEST_URI use it (after a collapse of leading slashes). */
  readonly uri: ByteRange
  readonly collapsed: boolean
  /** The path, before decoding and before the mount point is split off. */
  readonly path: ByteRange
  /** What the profile did to the path bytes, in order (decoding not included). */
  readonly pathSteps: readonly Step[]
  /** After the first "?", `null` when there is none. */
  readonly query: ByteRange | null
  readonly queryDropsFragment: boolean
  /** The authority of an absolute-form target (`h` in `http://h/p`), if any. */
  readonly netloc: ByteRange | null
}

/** Locate the parts of the target at `target` (absolute byte offsets) in `text`. */
export function locateTarget(text: string, target: ByteRange, profile: WsgiProfile): TargetRanges {
  let base = target[0]
  let rest = text
  let collapsed = false
  if (profile.target.collapseLeadingSlashes && rest.startsWith('//')) {
    let slashes = 0
    while (rest[slashes] === '/') slashes++
    base += slashes - 1
    rest = rest.slice(slashes - 1)
    collapsed = true
  }
  const uri: ByteRange = [base, target[1]]
  const steps: Step[] = collapsed ? ['collapse-slashes'] : []
  if (profile.target.split === 'question-mark') {
    const q = rest.indexOf('?')
    if (q === -1) return whole(uri, collapsed, steps)
    steps.push('split-query')
    return {
      uri,
      collapsed,
      path: [base, base + q],
      pathSteps: steps,
      query: [base + q + 1, uri[1]],
      queryDropsFragment: false,
      netloc: null,
    }
  }
  // urllib.parse.urlsplit; gunicorn reads a leading "//" as a path, not an authority
  let i = 0
  let netloc: ByteRange | null = null
  const pathLike = profile.target.split === 'urlsplit-gunicorn' && rest.startsWith('//')
  const colon = rest.indexOf(':')
  if (!pathLike && colon > 0 && SCHEME_CHARS.test(rest.slice(0, colon))) i = colon + 1
  if (!pathLike && rest.startsWith('//', i)) {
    let end = i + 2
    while (end < rest.length && !'/?#'.includes(rest[end] as string)) end++
    netloc = [base + i + 2, base + end]
    i = end
  }
  if (i > 0) steps.push('absolute-form-path')
  const hash = rest.indexOf('#', i)
  const end = hash === -1 ? rest.length : hash
  const q = rest.indexOf('?', i)
  const hasQuery = q !== -1 && q < end
  if (hasQuery) steps.push('split-query')
  if (hash !== -1) steps.push('drop-fragment')
  return {
    uri,
    collapsed,
    path: [base + i, base + (hasQuery ? q : end)],
    pathSteps: steps,
    query: hasQuery ? [base + q + 1, base + end] : null,
    queryDropsFragment: hash !== -1,
    netloc,
  }
}

function whole(uri: ByteRange, collapsed: boolean, steps: Step[]): TargetRanges {
  return {
    uri,
    collapsed,
    path: uri,
    pathSteps: steps,
    query: null,
    queryDropsFragment: false,
    netloc: null,
  }
}

/** Whether `text` holds a `%XX` escape that percent-decoding would change. */
export function hasEscape(text: string): boolean {
  return ESCAPE.test(text)
}

/** How many raw characters of `raw` decode to the first `decoded` characters. */
export function rawLengthOf(raw: string, decoded: number): number {
  let i = 0
  for (let n = 0; n < decoded && i < raw.length; n++) {
    i += raw[i] === '%' && ESCAPE.test(raw.slice(i, i + 3)) ? 3 : 1
  }
  return i
}
