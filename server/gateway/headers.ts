/**
 * @module
 * Map request headers to environ keys in one pass (spec §3.13–3.17).
 *
 * The pass also picks out what the builder needs (the first Content-Type and
 * Content-Length, chunked transfer coding, Expect), so the raw header list is walked once
 * per request. Header spellings repeat across requests, so their mapped names are memoised.
 */
import { boundedMemo } from '../contract/memo.ts'
import { RequestRejected } from './errors.ts'
import { keysBeforeHeaders, type WsgiProfile } from './profiles/index.ts'

/** How every server turns one header name into an environ key (before the profile's rules). */
export interface MappedName {
  /** `name.upper()` with `-` → `_`, as every server computes it. */
  readonly upper: string
  /** The environ key: `CONTENT_TYPE`/`CONTENT_LENGTH`, or `HTTP_` + upper. */
  readonly key: string
  /** The raw name has an `_`: ambiguous with a `-` name (§3.16). */
  readonly underscore: boolean
}

/** A profile's header rules, compiled once per server. */
export interface HeaderRules {
  readonly underscore: 'keep' | 'drop'
  /** The keys set before the headers, which a header may not overwrite (wsgiref); else none. */
  readonly existingKeys: ReadonlySet<string> | undefined
  readonly singletons: readonly string[]
  readonly join: string
  readonly underscoreAsDash: boolean
  readonly joinContentRepeats: boolean
  /** Lower-case names whose repeats join; the rest keep the last value (cheroot). */
  readonly joinOnly?: ReadonlySet<string>
  /**
   * Upper-case names with `_` let through although the profile drops them: the headers a
   * server takes from a proxy it trusts (gunicorn's `forwarder_headers`).
   */
  readonly keepUnderscore?: ReadonlySet<string>
}

/** The request's headers as environ entries, plus the facts the builder needs. */
export interface MappedHeaders {
  /** Environ keys in first-occurrence order, and their (comma-joined) values. */
  readonly keys: string[]
  readonly values: string[]
  /** The first `Content-Type` / `Content-Length` header (exact names only). */
  contentType?: string
  contentLength?: string
  /** A Transfer-Encoding header lists `chunked`. */
  chunked: boolean
  expect?: string
  /** How many header fields the request had. */
  count: number
}

/** Map a header name to its environ key; memoised, as the same names come on every request. */
export const mapName = boundedMemo(function mapHeaderName(name: string): MappedName {
  const upper = name.toUpperCase().replaceAll('-', '_')
  const underscore = name.includes('_')
  const isContent = !underscore && (upper === 'CONTENT_TYPE' || upper === 'CONTENT_LENGTH')
  return { upper, key: isContent ? upper : `HTTP_${upper}`, underscore }
}, 4096)

function listsChunked(value: string): boolean {
  if (!value.toLowerCase().includes('chunked')) return false
  return value
    .toLowerCase()
    .split(',')
    .some((coding) => coding.trim() === 'chunked')
}

/**
 * Whether a repeat of header `name` replaces the value before it instead of joining it:
 * CONTENT_TYPE/CONTENT_LENGTH (`cgiNamed`) unless the profile joins those too, and every name
 * outside a `joinOnly` list (cheroot). The builder and the byte provenance both ask this.
 */
export function lastValueWins(
  rules: Pick<HeaderRules, 'joinContentRepeats' | 'joinOnly'>,
  name: string,
  cgiNamed: boolean
): boolean {
  if (cgiNamed && !rules.joinContentRepeats) return true
  return rules.joinOnly !== undefined && !rules.joinOnly.has(name.toLowerCase())
}

/** Compile a profile's header rules. */
export function headerRules(
  profile: WsgiProfile,
  keepUnderscore: readonly string[] = []
): HeaderRules {
  const { underscore, skipExistingKeys, singletons } = profile.headers
  return {
    underscore,
    existingKeys: skipExistingKeys ? keysBeforeHeaders(profile) : undefined,
    singletons,
    join: profile.headers.join ?? ',',
    underscoreAsDash: profile.headers.underscoreAsDash ?? false,
    joinContentRepeats: profile.headers.joinContentRepeats ?? false,
    ...(profile.headers.joinOnly
      ? { joinOnly: new Set(profile.headers.joinOnly.map((n) => n.toLowerCase())) }
      : {}),
    ...(keepUnderscore.length > 0 ? { keepUnderscore: new Set(keepUnderscore) } : {}),
  }
}

/**
 * Map each header to its environ key in wire order and join repeats with `,`.
 *
 * Content-Type and Content-Length take their CGI names; the profile decides whether names
 * with `_` are dropped and whether wsgiref's "skip keys that already exist" rule applies.
 * Throws `RequestRejected` for a repeated singleton header (gunicorn 26).
 */
export function mapHeaders(rawHeaders: readonly string[], rules: HeaderRules): MappedHeaders {
  const { underscore: underscoreRule, existingKeys, singletons, join, keepUnderscore } = rules
  const out: MappedHeaders = { keys: [], values: [], chunked: false, count: rawHeaders.length / 2 }
  const index = new Map<string, number>()
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string
    const value = rawHeaders[i + 1] as string
    const mapped = mapName(name)
    const { upper } = mapped
    const { key, underscore } =
      mapped.underscore && rules.underscoreAsDash && underscoreRule === 'keep'
        ? mapName(name.replaceAll('_', '-'))
        : mapped
    if (!underscore) {
      // exact names only: `Content_Type` is not the Content-Type header
      if (upper === 'CONTENT_TYPE') out.contentType ??= value
      else if (upper === 'CONTENT_LENGTH') out.contentLength ??= value
      else if (upper === 'TRANSFER_ENCODING') out.chunked ||= listsChunked(value)
      else if (upper === 'EXPECT') out.expect ??= value
    } else if (underscoreRule === 'drop' && !keepUnderscore?.has(name.toUpperCase())) {
      continue // X_Forwarded_For must not pose as X-Forwarded-For
    }
    if (existingKeys && (existingKeys.has(upper) || index.has(upper))) continue
    const at = index.get(key)
    if (at === undefined) {
      index.set(key, out.keys.length)
      out.keys.push(key)
      out.values.push(value)
    } else if (singletons.includes(upper)) {
      throw new RequestRejected(400, `Duplicate header: ${name}`)
    } else {
      out.values[at] = lastValueWins(rules, name, key === upper)
        ? value
        : `${out.values[at]}${join}${value}`
    }
  }
  return out
}
