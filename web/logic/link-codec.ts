/**
 * @module
 * Shareable links: the composed request, the page, the chosen profile and the selected key ⇄ a
 * URL fragment, such as `#/?r=1.eyJtIjoiUE9TVCIsInAiOiIvYXBpIn0&key=PATH_INFO&send=1`.
 *
 * Shape: `#/<page>?r=<request>&tab=profiles&key=<environ key>&profile=<profile>&send=1`,
 * every part optional. The request is compact JSON (defaults left out, short field names), as UTF-8, in
 * URL-safe base64; `r=1.` says version 1, `r=1z.` that the JSON was deflated first, which the
 * encoder does only when that makes the link shorter. The fragment never reaches a server.
 *
 * Only what a person composed goes in: {@link LinkState} has no room for an environ, a response
 * or a captured request, and the encoder copies fields one by one, so nothing else can ride
 * along. Decoding trusts nothing: sizes are capped before and after inflating, and every
 * field is checked, with an error that says which.
 */
import { base64ToBytes, bytesToBase64Url, utf8Bytes, utf8Text } from './byte-codecs.ts'

/** The link format this code writes; a link with a higher number is refused with a clear error. */
export const LINK_VERSION = 1
/** The longest fragment the encoder writes (and the decoder reads): well inside every browser's limit. */
export const MAX_LINK_CHARS = 32 * 1024
/** The most JSON an inflated request may hold, so a crafted link cannot exhaust memory. */
export const MAX_LINK_JSON_BYTES = 256 * 1024

export const LINK_VIEWS = ['inspect', 'live', 'proxy', 'keys'] as const
export type LinkView = (typeof LINK_VIEWS)[number]

export interface LinkHeader {
  readonly name: string
  readonly value: string
  readonly enabled: boolean
}

/** The composer's request, as a link carries it. */
export interface LinkRequest {
  readonly method: string
  readonly path: string
  readonly query: string
  /** `raw`: the query is sent exactly as typed; `table`: it is edited as rows. */
  readonly queryMode: 'table' | 'raw'
  readonly headers: readonly LinkHeader[]
  readonly body: Uint8Array
  readonly mode: 'browser' | 'exact'
  /** Exact mode's HTTP version, `1.1` by default. */
  readonly httpVersion: string
  /** Exact mode's Raw tab, when its bytes (in the Raw tab's notation) are what is sent. */
  readonly raw?: string
}

/** The result tab a link opens on Inspect. */
export type LinkTab = 'environ' | 'profiles'

export interface LinkState {
  readonly view: LinkView
  /** The result tab to show (Inspect): the environ, or the profiles side by side. */
  readonly tab?: LinkTab
  readonly request?: LinkRequest
  /** The server profile shown (`gunicorn`). */
  readonly profile?: string
  /** The environ key selected or explained (`PATH_INFO`). */
  readonly key?: string
  /** Send the request as soon as the link is opened. */
  readonly send?: boolean
}

export type LinkEncoded =
  | { readonly ok: true; readonly fragment: string }
  | { readonly ok: false; readonly error: string }

export type LinkDecoded =
  | { readonly ok: true; readonly state: LinkState; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly view: LinkView; readonly error: string }

/** The compact JSON of a request: short names, defaults left out. */
interface Compact {
  m?: string
  p?: string
  q?: string
  t?: 1
  h?: Array<[string, string] | [string, string, 0]>
  b?: string
  B?: string
  x?: 1
  v?: string
  r?: string
}

function compact(request: LinkRequest): Compact {
  const out: Compact = {}
  if (request.method !== 'GET') out.m = request.method
  if (request.path !== '/') out.p = request.path
  if (request.query !== '') out.q = request.query
  if (request.queryMode === 'raw') out.t = 1
  if (request.headers.length > 0)
    out.h = request.headers.map(({ name, value, enabled }) =>
      enabled ? [name, value] : [name, value, 0]
    )
  if (request.body.length > 0) {
    const text = utf8Text(request.body)
    if (text !== undefined) out.b = text
    else out.B = bytesToBase64Url(request.body)
  }
  if (request.mode === 'exact') out.x = 1
  if (request.httpVersion !== '1.1') out.v = request.httpVersion
  if (request.raw !== undefined) out.r = request.raw
  return out
}

async function pipe(bytes: Uint8Array, transform: GenericTransformStream, cap: number) {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > cap) {
      await reader.cancel()
      throw new RangeError('too large')
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** Return the fragment (with its `#`) for `state`, or why it cannot be a link. */
export async function encodeLink(state: LinkState): Promise<LinkEncoded> {
  const params: string[] = []
  if (state.request) {
    const json = utf8Bytes(JSON.stringify(compact(state.request)))
    let payload = `${LINK_VERSION}.${bytesToBase64Url(json)}`
    if (json.length > 64) {
      const deflated = await pipe(
        json,
        new CompressionStream('deflate-raw'),
        Number.POSITIVE_INFINITY
      )
      const zipped = `${LINK_VERSION}z.${bytesToBase64Url(deflated)}`
      if (zipped.length < payload.length) payload = zipped
    }
    params.push(`r=${payload}`)
  }
  if (state.tab !== undefined) params.push(`tab=${state.tab}`)
  if (state.key !== undefined) params.push(`key=${encodeURIComponent(state.key)}`)
  if (state.profile !== undefined) params.push(`profile=${encodeURIComponent(state.profile)}`)
  if (state.send) params.push('send=1')
  const page = state.view === 'inspect' ? '' : state.view
  const fragment = `#/${page}${params.length > 0 ? `?${params.join('&')}` : ''}`
  if (fragment.length > MAX_LINK_CHARS)
    return {
      ok: false,
      error: `This request makes a ${Math.ceil(fragment.length / 1024)} KiB link; links hold at most ${MAX_LINK_CHARS / 1024} KiB. Export it as curl or HAR instead.`,
    }
  return { ok: true, fragment }
}

function isViewName(name: string): name is LinkView {
  return (LINK_VIEWS as readonly string[]).includes(name)
}

/** Return the page a fragment names (`#/live?…` → live), `inspect` for `#/` and for none. */
export function viewOf(fragment: string): LinkView | undefined {
  const page = /^#?\/?([^?]*)/.exec(fragment)?.[1] ?? ''
  if (page === '') return 'inspect'
  return isViewName(page) ? page : undefined
}

function isString(value: unknown): value is string {
  return typeof value === 'string'
}

/** Check the compact JSON field by field; return the request or the first thing wrong with it. */
function expand(json: unknown): LinkRequest | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return 'the request is not an object'
  const c = json as Record<string, unknown>
  for (const field of ['m', 'p', 'q', 'b', 'B', 'v', 'r'] as const)
    if (c[field] !== undefined && !isString(c[field])) return `field "${field}" must be text`
  for (const field of ['t', 'x'] as const)
    if (c[field] !== undefined && c[field] !== 1) return `field "${field}" must be 1 when present`
  const headers: LinkHeader[] = []
  if (c.h !== undefined) {
    if (!Array.isArray(c.h)) return 'field "h" must be a list of headers'
    for (const [i, row] of c.h.entries()) {
      const ok =
        Array.isArray(row) &&
        (row.length === 2 || (row.length === 3 && row[2] === 0)) &&
        isString(row[0]) &&
        isString(row[1])
      if (!ok) return `header ${i + 1} must be [name, value] or [name, value, 0]`
      headers.push({ name: row[0], value: row[1], enabled: row.length === 2 })
    }
  }
  let body: Uint8Array = new Uint8Array()
  if (isString(c.b)) body = utf8Bytes(c.b)
  else if (isString(c.B)) {
    const decoded = base64ToBytes(c.B)
    if (!decoded.ok) return `the body is not valid base64: ${decoded.error}`
    body = decoded.value
  }
  const method = isString(c.m) ? c.m : 'GET'
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(method)) return 'the method is not a token'
  const version = isString(c.v) ? c.v : '1.1'
  if (!/^[0-9]\.[0-9]$/.test(version)) return 'the HTTP version must look like 1.1'
  return {
    method,
    path: isString(c.p) ? c.p : '/',
    query: isString(c.q) ? c.q : '',
    queryMode: c.t === 1 ? 'raw' : 'table',
    headers,
    body,
    mode: c.x === 1 ? 'exact' : 'browser',
    httpVersion: version,
    ...(isString(c.r) ? { raw: c.r } : {}),
  }
}

/** Read the `r=` parameter: version, optional inflating, JSON, fields. */
async function decodeRequest(payload: string): Promise<LinkRequest | string> {
  const m = /^([0-9]+)(z?)\.(.*)$/s.exec(payload)
  if (!m) return 'the request part has no version (it should start with "1.")'
  const version = Number(m[1])
  if (version > LINK_VERSION)
    return `it was made by a newer environ-inspector (link version ${version}; this one reads ${LINK_VERSION})`
  if (version !== LINK_VERSION) return `link version ${version} is not one this inspector reads`
  const decoded = base64ToBytes(m[3] ?? '')
  if (!decoded.ok) return `it was cut or changed on the way (${decoded.error})`
  let json = decoded.value
  if (m[2] === 'z') {
    try {
      json = await pipe(json, new DecompressionStream('deflate-raw'), MAX_LINK_JSON_BYTES)
    } catch (error) {
      return error instanceof RangeError
        ? `the request is larger than ${MAX_LINK_JSON_BYTES / 1024} KiB`
        : 'it was cut or changed on the way (it does not inflate)'
    }
  }
  const text = utf8Text(json)
  if (text === undefined) return 'it was cut or changed on the way (not UTF-8)'
  try {
    return expand(JSON.parse(text))
  } catch {
    return 'it was cut or changed on the way (not JSON)'
  }
}

/** Read a fragment (`#/…`, with or without the `#`). Never throws. */
export async function decodeLink(fragment: string): Promise<LinkDecoded> {
  const view = viewOf(fragment)
  if (view === undefined) {
    const page = /^#?\/?([^?]*)/.exec(fragment)?.[1] ?? ''
    return {
      ok: false,
      view: 'inspect',
      error: `This link names a page that does not exist: "${page}".`,
    }
  }
  if (fragment.length > MAX_LINK_CHARS)
    return { ok: false, view, error: `This link is longer than ${MAX_LINK_CHARS / 1024} KiB.` }
  const at = fragment.indexOf('?')
  const params = new URLSearchParams(at < 0 ? '' : fragment.slice(at + 1))
  const warnings: string[] = []
  let request: LinkRequest | undefined
  const payload = params.get('r')
  if (payload !== null) {
    const result = await decodeRequest(payload.replaceAll(' ', '+'))
    if (typeof result === 'string')
      return { ok: false, view, error: `The request in this link cannot be read: ${result}.` }
    request = result
  }
  const key = params.get('key') ?? undefined
  const profile = params.get('profile') ?? undefined
  const tab = params.get('tab') ?? undefined
  const state: LinkState = {
    view,
    ...(tab === 'environ' || tab === 'profiles' ? { tab } : {}),
    ...(request ? { request } : {}),
    ...(key !== undefined && /^[\x21-\x7e]{1,128}$/.test(key) ? { key } : {}),
    ...(profile !== undefined && /^[a-z][a-z0-9-]{0,31}$/.test(profile) ? { profile } : {}),
    ...(params.get('send') === '1' && request ? { send: true } : {}),
  }
  if (key !== undefined && state.key === undefined)
    warnings.push('The key in this link was ignored.')
  if (profile !== undefined && state.profile === undefined)
    warnings.push('The profile in this link was ignored.')
  if (tab !== undefined && state.tab === undefined)
    warnings.push('The tab in this link was ignored.')
  return { ok: true, state, warnings }
}
