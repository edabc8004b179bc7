/**
 * @module
 * Which header lines feed which environ key, per profile, with their byte ranges. Follows
 * gateway/headers.ts (which computes the values) and takes its name mapping from there; the
 * underscore, "skip existing keys" and repeat rules are walked again here because this walk
 * keeps offsets and the lines left out.
 */

import type { ByteRange, HeadField, RequestHead } from '../contract/api/send.ts'
import { headerRules, lastValueWins, mapName } from '../gateway/headers.ts'
import { keysBeforeHeaders, type WsgiProfile } from '../gateway/profiles/index.ts'
import { rangeText } from './head.ts'

/** The header lines one environ key was built from. */
export interface KeySource {
  readonly names: ByteRange[]
  readonly values: ByteRange[]
  /** How many lines mapped to the key (more than `values` when only the last counts). */
  count: number
  /** Some value had whitespace around it that was stripped. */
  stripped: boolean
  /** More than one line fed the key: joined, or one of them chosen. */
  readonly rule: 'comma-join' | 'last-wins'
}

export interface HeaderSources {
  /** Environ key → the lines it came from, in first-occurrence order. */
  readonly keys: Map<string, KeySource>
  /** wsgiref's CONTENT_TYPE / CONTENT_LENGTH slots: the first exact header of each. */
  readonly firstContentType?: HeadField
  readonly firstContentLength?: HeadField
  /** How many exact Content-Type / Content-Length lines there were. */
  readonly contentCounts: { CONTENT_TYPE: number; CONTENT_LENGTH: number }
  /** Lines that reached no key, and why. */
  readonly ignored: Array<{ range: ByteRange; reason: string }>
  /** A Transfer-Encoding line, for wsgi.input and wsgi.input_terminated. */
  readonly transferEncoding: ByteRange[]
}

/**
 * Whether removing whitespace changed the value: more than the one conventional space after
 * the colon, or any after the value. (Every parser removes it; only this is worth showing.)
 */
export function wasStripped(field: HeadField): boolean {
  return field.value[0] - field.name[1] > 2 || field.value[1] < field.range[1]
}

/** Map each well-formed header line of `head` to its environ key the way `profile` does. */
export function locateHeaders(
  bytes: Uint8Array,
  head: RequestHead,
  profile: WsgiProfile
): HeaderSources {
  const { underscore: underscoreRule, skipExistingKeys } = profile.headers
  const existingKeys = keysBeforeHeaders(profile)
  const wsgirefSlots = profile.contentDefaults !== undefined
  const keys = new Map<string, KeySource>()
  const ignored: HeaderSources['ignored'] = []
  const transferEncoding: ByteRange[] = []
  let firstContentType: HeadField | undefined
  let firstContentLength: HeadField | undefined
  const contentCounts = { CONTENT_TYPE: 0, CONTENT_LENGTH: 0 }
  const rules = headerRules(profile)
  for (const field of head.headers) {
    if (field.problem) {
      ignored.push({ range: field.range, reason: `malformed header line (${field.problem})` })
      continue
    }
    const name = rangeText(bytes, field.name)
    const mapped = mapName(name)
    const { upper } = mapped
    // uWSGI maps an `_` name exactly like its `-` twin (profiles/types.ts underscoreAsDash)
    const { key, underscore } =
      mapped.underscore && profile.headers.underscoreAsDash && underscoreRule === 'keep'
        ? mapName(name.replaceAll('_', '-'))
        : mapped
    const content = key === upper && !profile.headers.joinContentRepeats // CONTENT_TYPE / CONTENT_LENGTH keep their CGI names
    const lastWins = lastValueWins(rules, name, key === upper)
    if (!underscore && upper === 'TRANSFER_ENCODING') transferEncoding.push(field.value)
    if (content) contentCounts[upper as keyof typeof contentCounts]++
    if (underscore && underscoreRule === 'drop') {
      ignored.push({
        range: field.range,
        reason: `"${name}" has an underscore: ${profile.name} drops it, so it cannot pose as a "-" header`,
      })
      continue
    }
    if (wsgirefSlots && content) {
      // wsgiref's CONTENT_TYPE/CONTENT_LENGTH slots read the first one; the loop skips all
      const first = upper === 'CONTENT_TYPE' ? firstContentType : firstContentLength
      if (first) {
        ignored.push({ range: field.range, reason: `wsgiref takes only the first ${name}` })
      } else if (upper === 'CONTENT_TYPE') firstContentType = field
      else firstContentLength = field
      continue
    }
    if (skipExistingKeys && (existingKeys.has(upper) || keys.has(upper))) {
      ignored.push({
        range: field.range,
        reason: `"${name}" maps to ${upper}, which the environ already has: wsgiref skips it`,
      })
      continue
    }
    const source = keys.get(key)
    const stripped = wasStripped(field)
    if (!source) {
      keys.set(key, {
        names: [field.name],
        values: [field.value],
        count: 1,
        stripped,
        rule: lastWins ? 'last-wins' : 'comma-join',
      })
    } else if (lastWins) {
      // CONTENT_TYPE/CONTENT_LENGTH: the last one wins (gunicorn refuses a repeat first)
      const name0 = source.names.pop()
      const value0 = source.values.pop()
      if (name0 && value0) {
        ignored.push({
          range: [name0[0], value0[1]],
          reason: `${profile.name} keeps the last ${name}`,
        })
      }
      source.names.push(field.name)
      source.values.push(field.value)
      source.count++
      source.stripped ||= stripped
    } else {
      source.names.push(field.name)
      source.values.push(field.value)
      source.count++
      source.stripped ||= stripped
    }
  }
  return {
    keys,
    ...(firstContentType && { firstContentType }),
    ...(firstContentLength && { firstContentLength }),
    contentCounts,
    ignored,
    transferEncoding,
  }
}
