/**
 * @module
 * The echo's fast path: the body `return_environ` answers, `json.dumps({k: str(v) for k, v in
 * environ.items()})`, rendered straight from a request's target and `rawHeaders`, without
 * building the environ object, rendering it to strings and joining them again.
 *
 * It renders exactly what the profile's builder (environ.ts) would build, and declines
 * (`undefined`) every request where it could not be sure: then the host takes the general
 * path. How it stays exact:
 * - The keys whose value is the same for every request (`KeyRule.fixed`) are rendered once,
 *   at start, into the literal text between the request's own values.
 * - Every other key is set by the profile's own compiled rule, from the same target parts
 *   (`prepareTargetParser`, shared with the builder), and rendered with the same `str()` and
 *   JSON escaping (contract/python.ts).
 * - The headers are the builder's header pass for the requests where it is a plain copy:
 *   each name maps to its own `HTTP_` key. Any name the builder treats specially declines:
 *   a repeated key (joined, or refused), a name with `_`, Content-Type, Content-Length,
 *   Transfer-Encoding, Expect, and under wsgiref a name that maps to a key set before the
 *   headers. The profile's own refusals run on the same view the builder gives them.
 * - Another profile than those below (an ASGI server echoes a scope), the copied OS
 *   environment, or middleware (the host never asks then) decline as a whole.
 *
 * tests/unit/gateway/echo-fast-path.test.ts checks it against the builder, byte for byte, on
 * random raw requests.
 */
import type { ProfileId } from '../contract/profiles.ts'
import { type EnvironValue, jsonStringBody, pyJsonString, pyStr } from '../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../contract/request.ts'
import {
  compileSlot,
  keyRule,
  prepareTargetParser,
  refuseAsTheServerWould,
  type TargetParts,
} from './environ.ts'
import { RequestRejected } from './errors.ts'
import { headerRules, type MappedHeaders, mapName } from './headers.ts'
import { isAsgiProfile, PROFILES } from './profiles/index.ts'
import type { Slot } from './profiles/types.ts'

/** The echo's body for a request, or `undefined`: take the general path. */
export type EchoRenderer = (request: RequestFacts) => string | undefined

/** The profiles whose echo is the environ's `json.dumps`, with the rules this module knows. */
const RENDERED_PROFILES: ReadonlySet<ProfileId> = new Set(['wsgiref', 'gunicorn', 'werkzeug'])

/** Header names the builder's header pass reads or drops (headers.ts): never a plain copy. */
const SPECIAL_HEADERS: ReadonlySet<string> = new Set([
  'CONTENT_TYPE',
  'CONTENT_LENGTH',
  'TRANSFER_ENCODING',
  'EXPECT',
])

/** Distinct header names memoised per server; a name beyond them takes the general path. */
const NAME_LIMIT = 4096

/** One environ key a header maps to: its JSON text, and the last request that set it. */
interface HeaderKey {
  readonly key: string
  /** `", "HTTP_X": "`: the previous value's closing quote, the separator, the key. */
  readonly open: string
  /** The request (a counter) that last set it: the same number twice is a repeated key. */
  seen: number
}

/** Renders one key's share of the text between two literals; `undefined` declines. */
type Render = (parts: TargetParts, headerText: string) => string | undefined

/** A value no rule sets: tells "the rule left its key unset" from any real value. */
const UNSET: EnvironValue = Object.freeze({ pyRepr: '(unset)' })

/**
 * Compile the fast path for one server and profile, or return `undefined` when the profile
 * (or the server's options) are not ones it renders: the host then always builds the environ.
 */
export function prepareEchoRenderer(
  server: ServerFacts,
  profileId: ProfileId
): EchoRenderer | undefined {
  if (!RENDERED_PROFILES.has(profileId) || server.osEnviron) return undefined
  const profile = PROFILES[profileId]
  if (isAsgiProfile(profile)) return undefined // a scope is not an environ: the builder renders it
  const parseTarget = prepareTargetParser(profile, server.scriptName)
  const template = parseTarget({ ...TEMPLATE_REQUEST, target: `${server.scriptName}/` }, NO_HEADERS)

  // literals[0] render(0) literals[1] render(1) … literals[n]
  const literals: string[] = []
  const renders: Render[] = []
  let literal = '{'
  let first = true
  const open = (key: string) => (first ? `${pyJsonString(key)}: "` : `", ${pyJsonString(key)}: "`)
  const dynamic = (render: Render) => {
    literals.push(literal)
    renders.push(render)
    literal = ''
  }
  for (const key of profile.order) {
    if (key === '@os') continue // nothing to copy: server.osEnviron is unset
    if (key.startsWith('HTTP_')) return undefined // a header could meet it
    if (key === '@headers') {
      if (first) return undefined // the first header would need no separator
      dynamic((_parts, headerText) => headerText)
      continue
    }
    const slot = compileSlot(key, profile, server)
    const probe: Record<string, EnvironValue> = {}
    slot(probe, template)
    const set = Object.keys(probe)
    if (set.length > 1 || (set.length === 1 && set[0] !== key)) return undefined
    if (keyRule(key, profile).fixed) {
      if (set.length === 0) return undefined
      literal += open(key) + jsonStringBody(pyStr(probe[key] as EnvironValue))
    } else if (set.length === 1) {
      // set on the template request: set on every request this path takes (checked anyway)
      literal += open(key)
      dynamic(valueRender(key, slot))
    } else {
      if (first) return undefined // whether a separator follows would depend on the request
      dynamic(fieldRender(key, slot))
      continue
    }
    first = false
  }
  if (first) return undefined
  literals.push(`${literal}"}`)

  const rules = headerRules(profile)
  const names = new Map<string, HeaderKey | null>()
  const byKey = new Map<string, HeaderKey>()
  /** The key a raw header name copies to, `null` for a name the builder treats specially. */
  const headerKey = (name: string): HeaderKey | null | undefined => {
    let entry = names.get(name)
    if (entry !== undefined || names.size >= NAME_LIMIT) return entry
    const { upper, key, underscore } = mapName(name)
    const special =
      underscore ||
      SPECIAL_HEADERS.has(upper) ||
      // wsgiref skips a header whose name is a key set already, or an earlier header's key
      (rules.existingKeys !== undefined &&
        (rules.existingKeys.has(upper) || upper.startsWith('HTTP_')))
    if (special) entry = null
    else {
      entry = byKey.get(key)
      if (!entry) {
        entry = { key, open: `", ${pyJsonString(key)}: "`, seen: 0 }
        byKey.set(key, entry)
      }
    }
    names.set(name, entry)
    return entry
  }

  let requests = 0
  return function renderEcho(request) {
    const raw = request.rawHeaders
    const stamp = ++requests
    const keys: string[] = []
    const values: string[] = []
    let headerText = ''
    for (let i = 0; i < raw.length; i += 2) {
      const entry = headerKey(raw[i] as string)
      if (!entry || entry.seen === stamp) return undefined
      entry.seen = stamp
      const value = raw[i + 1] as string
      keys.push(entry.key)
      values.push(value)
      headerText += entry.open
      headerText += jsonStringBody(value)
    }
    // what mapHeaders returns for these headers: none of the special ones, no repeats
    const headers: MappedHeaders = { keys, values, chunked: false, count: raw.length / 2 }
    let parts: TargetParts
    try {
      refuseAsTheServerWould(profile, request, headers)
      parts = parseTarget(request, headers)
    } catch (error) {
      if (error instanceof RequestRejected) return undefined // the general path answers it
      throw error
    }
    if (parts.hostFromTarget) return undefined // Werkzeug rewrites HTTP_HOST after the slots
    let out = literals[0] as string
    for (let i = 0; i < renders.length; i++) {
      const text = (renders[i] as Render)(parts, headerText)
      if (text === undefined) return undefined
      out += text
      out += literals[i + 1] as string
    }
    return out
  }
}

/** A key its rule always sets: its value's JSON text (the key is in the literal before). */
function valueRender(key: string, slot: Slot): Render {
  const scratch: Record<string, EnvironValue> = { [key]: UNSET }
  return (parts) => {
    scratch[key] = UNSET
    slot(scratch, parts)
    const value = scratch[key] as EnvironValue
    return value === UNSET ? undefined : jsonStringBody(pyStr(value))
  }
}

/** A key its rule may leave unset: the whole `", "key": "value` text, or nothing. */
function fieldRender(key: string, slot: Slot): Render {
  const scratch: Record<string, EnvironValue> = { [key]: UNSET }
  const open = `", ${pyJsonString(key)}: "`
  return (parts) => {
    scratch[key] = UNSET
    slot(scratch, parts)
    const value = scratch[key] as EnvironValue
    return value === UNSET ? '' : open + jsonStringBody(pyStr(value))
  }
}

/** A plain request to probe the rules with when the renderer is compiled. */
const TEMPLATE_REQUEST: RequestFacts = {
  method: 'GET',
  target: '/',
  httpVersion: '1.1',
  rawHeaders: [],
  remoteAddress: '127.0.0.1',
  remotePort: 1,
  localAddress: '127.0.0.1',
  localPort: 1,
  socketFd: 3,
  body: new Uint8Array(0),
}

const NO_HEADERS: MappedHeaders = { keys: [], values: [], chunked: false, count: 0 }
