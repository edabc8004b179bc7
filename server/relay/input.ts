/**
 * @module
 * Read and check the JSON body of `POST /_inspector/api/send`. Every refusal names its field.
 *
 * Checked by hand rather than by a Fastify schema: Fastify's Ajv removes unknown properties
 * silently (`removeAdditional`) and coerces types, and its messages do not say which header
 * was wrong in words a person can act on. Unknown fields are refused, so there is no host,
 * port or URL to smuggle in: the relay only ever connects to this server.
 *
 * Structured mode refuses what would change the shape of the request (a header name that is
 * not a token, CR, LF or NUL in a value, whitespace in the target); raw mode is where
 * malformed bytes belong.
 */

import type { ByteEncoding } from '../contract/api/send.ts'
import { isToken, latin1Bytes } from '../contract/http.ts'
import { isProfileId, PROFILE_IDS, type ProfileId } from '../contract/profiles.ts'
import type { RequestParts } from '../contract/serialize.ts'

export const KiB = 1024

/** Every limit of the API, reported by `GET /_inspector/api/send` for the UI. */
export const LIMITS = {
  methodChars: 64,
  targetChars: 16 * KiB,
  headers: 200,
  headerNameChars: 256,
  headerValueChars: 16 * KiB,
  bodyBytes: 64 * KiB,
  rawBytes: 64 * KiB,
  /** The whole JSON body: 64 KiB of any bytes fits even as `\u00XX` escapes. */
  jsonBytes: 512 * KiB,
} as const

const ENCODINGS: readonly ByteEncoding[] = ['utf8', 'latin1', 'base64']
const STRUCTURED_FIELDS = [
  'method',
  'target',
  'httpVersion',
  'headers',
  'body',
  'bodyEncoding',
  'profiles',
  'scriptName',
] as const
const RAW_FIELDS = ['raw', 'rawEncoding', 'profiles', 'scriptName'] as const

const VERSION = /^[0-9]\.[0-9]$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Structured mode, checked and decoded: the request's parts. */
export interface StructuredInput extends RequestParts {
  readonly mode: 'structured'
  readonly profiles?: readonly ProfileId[]
  /** A mount point for this request only, as `--script-name` sets one for the server. */
  readonly scriptName?: string
}

export interface RawInput {
  readonly mode: 'raw'
  readonly raw: Uint8Array
  readonly profiles?: readonly ProfileId[]
  readonly scriptName?: string
}

export type SendInput = StructuredInput | RawInput

/** A field the API refuses: answered as a 400 whose message starts with the field. */
export class RelayInputError extends Error {
  readonly field: string
  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`)
    this.name = 'RelayInputError'
    this.field = field
  }
}

/** Check a parsed JSON body and return the request it describes. */
export function readSendRequest(body: unknown): SendInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RelayInputError('body', 'expected a JSON object')
  }
  const fields = body as Record<string, unknown>
  const raw = Object.hasOwn(fields, 'raw')
  checkFields(fields, raw ? RAW_FIELDS : STRUCTURED_FIELDS, raw)
  const profiles = readProfiles(fields.profiles)
  const scriptName = readScriptName(fields.scriptName)
  const mount = scriptName === undefined ? {} : { scriptName }
  if (raw) {
    const bytes = decode('raw', fields.raw, fields.rawEncoding, 'rawEncoding', LIMITS.rawBytes)
    if (bytes.length === 0) throw new RelayInputError('raw', 'must not be empty')
    return { mode: 'raw', raw: bytes, ...(profiles && { profiles }), ...mount }
  }
  return {
    mode: 'structured',
    method: readMethod(fields.method),
    target: readTarget(fields.target),
    httpVersion: readVersion(fields.httpVersion),
    headers: readHeaders(fields.headers),
    body: decode('body', fields.body ?? '', fields.bodyEncoding, 'bodyEncoding', LIMITS.bodyBytes),
    ...(profiles && { profiles }),
    ...mount,
  }
}

/** `''` (the root) or a path like `/app`, with the same rules as `--script-name`. */
function readScriptName(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (
    typeof value !== 'string' ||
    (value !== '' && !/^\/[^?#\s]*$/.test(value)) ||
    value.endsWith('/') ||
    value.length > 1024 ||
    /[^\x21-\xff]/.test(value)
  ) {
    throw new RelayInputError(
      'scriptName',
      `expected '' or a path like /app (leading /, no trailing /, no spaces, ? or #), got ${JSON.stringify(value)}`
    )
  }
  return value
}

function checkFields(fields: Record<string, unknown>, allowed: readonly string[], raw: boolean) {
  for (const key of Object.keys(fields)) {
    if (allowed.includes(key)) continue
    const mode = raw ? 'raw mode' : 'structured mode'
    const hint = /^(host|port|url|uri|address|hostname|server)$/i.test(key)
      ? ' (there is no host, port or URL: the relay only ever connects to this server)'
      : ''
    const mixed = raw && (STRUCTURED_FIELDS as readonly string[]).includes(key)
    throw new RelayInputError(
      key,
      mixed
        ? `not allowed together with "raw"; raw mode takes ${allowed.join(', ')}`
        : `unknown field; ${mode} takes ${allowed.join(', ')}${hint}`
    )
  }
}

function readProfiles(value: unknown): ProfileId[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) throw new RelayInputError('profiles', 'expected an array of names')
  if (value.length > PROFILE_IDS.length) {
    throw new RelayInputError('profiles', `at most ${PROFILE_IDS.length} names`)
  }
  const seen = new Set<ProfileId>()
  value.forEach((name, i) => {
    if (!isProfileId(name)) {
      throw new RelayInputError(
        `profiles[${i}]`,
        `${JSON.stringify(name)} is not a profile; choose from ${PROFILE_IDS.join(', ')}`
      )
    }
    if (seen.has(name)) {
      throw new RelayInputError(`profiles[${i}]`, `${JSON.stringify(name)} is listed twice`)
    }
    seen.add(name)
  })
  return [...seen]
}

function readString(field: string, value: unknown, fallback: string, maxChars: number): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string') throw new RelayInputError(field, `expected a string`)
  if (value.length > maxChars) {
    throw new RelayInputError(field, `longer than ${maxChars} characters (${value.length})`)
  }
  return value
}

function readMethod(value: unknown): string {
  const method = readString('method', value, 'GET', LIMITS.methodChars)
  if (!isToken(method)) {
    throw new RelayInputError(
      'method',
      `${JSON.stringify(method)} is not a token; send it in raw mode to see a server refuse it`
    )
  }
  return method
}

function readTarget(value: unknown): string {
  const target = readString('target', value, '/', LIMITS.targetChars)
  if (target === '') throw new RelayInputError('target', 'must not be empty')
  const bad = /[\r\n\0 ]/.exec(target)
  if (bad) {
    throw new RelayInputError(
      'target',
      `${describeChar(bad[0])} at ${bad.index} would change the request line; use raw mode for that, or percent-encode it`
    )
  }
  checkLatin1('target', target)
  return target
}

function readVersion(value: unknown): string {
  const version = readString('httpVersion', value, '1.1', 3)
  if (!VERSION.test(version)) {
    throw new RelayInputError(
      'httpVersion',
      `${JSON.stringify(version)} is not digit.digit (such as "1.1" or "1.0")`
    )
  }
  return version
}

function readHeaders(value: unknown): Array<readonly [string, string]> {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    throw new RelayInputError('headers', 'expected an array of [name, value] pairs')
  }
  if (value.length > LIMITS.headers) {
    throw new RelayInputError('headers', `at most ${LIMITS.headers} headers (${value.length})`)
  }
  return value.map((pair: unknown, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new RelayInputError(`headers[${i}]`, 'expected a [name, value] pair')
    }
    const name = readString(`headers[${i}][0]`, pair[0], '', LIMITS.headerNameChars)
    const text = readString(`headers[${i}][1]`, pair[1], '', LIMITS.headerValueChars)
    if (pair[0] === undefined || pair[1] === undefined) {
      throw new RelayInputError(`headers[${i}]`, 'expected a [name, value] pair of strings')
    }
    if (!isToken(name)) {
      throw new RelayInputError(`headers[${i}][0]`, `${JSON.stringify(name)} is not a header token`)
    }
    const bad = /[\r\n\0]/.exec(text)
    if (bad) {
      throw new RelayInputError(
        `headers[${i}][1]`,
        `${describeChar(bad[0])} at ${bad.index} is not allowed in a header value (${name}); use raw mode for that`
      )
    }
    checkLatin1(`headers[${i}][1]`, text)
    return [name, text] as const
  })
}

function describeChar(ch: string): string {
  return { '\r': 'CR', '\n': 'LF', '\0': 'NUL', ' ': 'a space' }[ch] ?? JSON.stringify(ch)
}

function checkLatin1(field: string, text: string): void {
  const bad = /[^\x00-\xff]/.exec(text)
  if (bad) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
    throw new RelayInputError(
      field,
      `U+${code} at ${bad.index} is not latin-1; request bytes are one character each (U+0000–U+00FF): percent-encode it, or use raw mode with base64`
    )
  }
}

/** Turn a string field into bytes with its encoding; at most `maxBytes` once decoded. */
function decode(
  field: string,
  value: unknown,
  encodingValue: unknown,
  encodingField: string,
  maxBytes: number
): Uint8Array {
  const encoding = encodingValue ?? 'utf8'
  if (!ENCODINGS.includes(encoding as ByteEncoding)) {
    throw new RelayInputError(
      encodingField,
      `${JSON.stringify(encoding)} is not one of ${ENCODINGS.join(', ')}`
    )
  }
  if (typeof value !== 'string') throw new RelayInputError(field, 'expected a string')
  let bytes: Uint8Array
  if (encoding === 'base64') {
    if (value.length > Math.ceil(maxBytes / 3) * 4) {
      throw new RelayInputError(field, `larger than ${maxBytes} bytes once decoded`)
    }
    if (!BASE64.test(value)) {
      throw new RelayInputError(
        field,
        'not valid base64 (A–Z, a–z, 0–9, +, /, padded with = to a multiple of 4)'
      )
    }
    bytes = latin1Bytes(atob(value))
  } else if (encoding === 'latin1') {
    checkLatin1(field, value)
    bytes = latin1Bytes(value)
  } else {
    bytes = new TextEncoder().encode(value)
  }
  if (bytes.length > maxBytes) {
    throw new RelayInputError(field, `larger than ${maxBytes} bytes (${bytes.length})`)
  }
  return bytes
}
