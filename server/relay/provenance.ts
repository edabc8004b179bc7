/**
 * @module
 * Trace every environ key back to the request bytes it came from: byte ranges plus the
 * steps applied on the way (percent-decode, latin-1, comma-join, …; see contract/steps.ts).
 *
 * Pure: the request bytes, the rendered environ and the profile in, ranges out. Keys that
 * come from the server or the socket get no ranges and a step that says so ('server',
 * 'socket', 'constant', 'default'). The ranges index the bytes as sent, so the UI can
 * highlight a key's bytes, and find the keys a byte fed, by the same numbers.
 */

import type { ByteRange, IgnoredLine, KeyProvenance, RequestHead } from '../contract/api/send.ts'
import type { ProfileId } from '../contract/profiles.ts'
import type { Step } from '../contract/steps.ts'
import { findKeyDoc } from '../gateway/environ-keys.ts'
import { isAsgiProfile, PROFILES, type WsgiProfile } from '../gateway/profiles/index.ts'
import { rangeText, tokenizeHead } from './head.ts'
import { type HeaderSources, type KeySource, locateHeaders, wasStripped } from './header-ranges.ts'
import { traceScopeProvenance } from './scope-provenance.ts'
import { hasEscape, locateTarget, rawLengthOf, type TargetRanges } from './target-ranges.ts'

export interface ProvenanceOptions {
  /** The server's mount point (`--script-name`), `''` when none. */
  readonly scriptName?: string
  /** `bytes` already tokenized (a send traces several profiles over one head). */
  readonly head?: RequestHead
}

export interface ProvenanceReport {
  /** For every key of the environ, in its order. */
  readonly keys: Record<string, KeyProvenance>
  readonly ignored: readonly IgnoredLine[]
}

const SOCKET_KEYS = new Set(['REMOTE_ADDR', 'REMOTE_PORT'])
const PROXY_FIX_ORIG = 'inspector.proxy_fix.orig'

interface Context {
  readonly bytes: Uint8Array
  readonly head: RequestHead
  readonly profile: WsgiProfile
  readonly target: TargetRanges | null
  readonly headers: HeaderSources
  readonly scriptName: string
  readonly environ: Readonly<Record<string, string>>
}

/** Return where each key of `environ` (rendered with `str()`) came from in `bytes`. */
export function traceProvenance(
  bytes: Uint8Array,
  environ: Readonly<Record<string, string>>,
  profileId: ProfileId,
  options: ProvenanceOptions = {}
): ProvenanceReport {
  const profile = PROFILES[profileId]
  const head = options.head ?? tokenizeHead(bytes)
  if (isAsgiProfile(profile))
    return traceScopeProvenance(bytes, environ, head, options.scriptName ?? '', profile)
  const targetRange = head.requestLine?.target
  const context: Context = {
    bytes,
    head,
    profile,
    target: targetRange ? locateTarget(rangeText(bytes, targetRange), targetRange, profile) : null,
    headers: locateHeaders(bytes, head, profile),
    scriptName: options.scriptName ?? '',
    environ,
  }
  const rewritten = Object.hasOwn(environ, PROXY_FIX_ORIG)
  const keys: Record<string, KeyProvenance> = {}
  for (const key of Object.keys(environ)) {
    const found = traceKey(key, context)
    keys[key] = rewritten ? markRewrite(key, found) : found
  }
  return { keys, ignored: context.headers.ignored }
}

function traceKey(key: string, c: Context): KeyProvenance {
  const own = c.profile.keys?.[key]
  if (own) {
    // a key the profile sets its own way says where its value comes from
    return { ranges: [], steps: [own.source ?? 'constant'], ...(own.note && { note: own.note }) }
  }
  const line = c.head.requestLine
  switch (key) {
    case 'REQUEST_METHOD':
      return fromRange(line?.method, ['latin-1'])
    case 'SERVER_PROTOCOL':
      return line?.version
        ? { ranges: [line.version], steps: ['latin-1'] }
        : { ranges: [], steps: ['default'], note: 'no version in the request line: HTTP/0.9' }
    case 'PATH_INFO':
      return pathInfo(c)
    case 'SCRIPT_NAME':
      return scriptName(c)
    case 'QUERY_STRING':
      return queryString(c)
    case 'RAW_URI':
    case 'REQUEST_URI':
      return fromRange(
        c.target?.uri,
        c.target?.collapsed ? ['collapse-slashes', 'latin-1'] : ['latin-1']
      )
    case 'CONTENT_TYPE':
    case 'CONTENT_LENGTH':
      return c.profile.contentDefaults ? wsgirefContent(key, c) : fromHeaders(key, c)
    case 'HTTP_HOST':
      return httpHost(c)
    case 'SERVER_NAME':
      return {
        ranges: [],
        steps: ['server'],
        note:
          c.profile.serverName === 'fqdn'
            ? 'socket.getfqdn() of the bind address, never the Host header'
            : 'the bind address, never the Host header',
      }
    case 'SERVER_PORT':
      return { ranges: [], steps: ['server'], note: "the bound port, never the Host header's port" }
    case 'wsgi.input':
      return wsgiInput(c)
    case 'wsgi.input_terminated':
      return {
        ranges: c.headers.transferEncoding,
        steps: ['constant'],
        note: 'set only because the body is chunked',
      }
    case 'wsgi.url_scheme':
      return {
        ranges: [],
        steps: ['constant'],
        note: 'plain HTTP: no TLS, and no header is trusted',
      }
    case PROXY_FIX_ORIG:
      return {
        ranges: [],
        steps: ['middleware'],
        note: 'the values before the middleware changed them',
      }
  }
  if (SOCKET_KEYS.has(key)) return { ranges: [], steps: ['socket'] }
  if (key.startsWith('HTTP_')) return fromHeaders(key, c)
  if (c.profile.order.includes(key)) return { ranges: [], steps: ['constant'] }
  return {
    ranges: [],
    steps: ['server'],
    note: "copied from the server's OS environment (--os-environ), as wsgiref does",
  }
}

function fromRange(range: ByteRange | undefined, steps: Step[]): KeyProvenance {
  return range ? { ranges: [range], steps } : { ranges: [], steps, note: 'not found in the bytes' }
}

function decodeSteps(c: Context, raw: ByteRange): Step[] {
  if (!hasEscape(rangeText(c.bytes, raw))) return ['latin-1']
  return c.profile.target.unquote === 'werkzeug'
    ? ['percent-decode', 'utf-8-dance', 'latin-1']
    : ['percent-decode', 'latin-1']
}

/** The path bytes past the mount point, and the mount point's own bytes. */
function splitMount(c: Context, path: ByteRange): { mount: ByteRange; rest: ByteRange } {
  const length = rawLengthOf(rangeText(c.bytes, path), c.scriptName.length)
  return { mount: [path[0], path[0] + length], rest: [path[0] + length, path[1]] }
}

function pathInfo(c: Context): KeyProvenance {
  if (!c.target) return { ranges: [], steps: [], note: 'no request-target in the bytes' }
  const { path, pathSteps } = c.target
  if (!c.scriptName) return { ranges: [path], steps: [...pathSteps, ...decodeSteps(c, path)] }
  const { rest } = splitMount(c, path)
  return { ranges: [rest], steps: [...pathSteps, ...decodeSteps(c, path), 'mount'] }
}

function scriptName(c: Context): KeyProvenance {
  if (!c.scriptName || !c.target) return { ranges: [], steps: ['constant'] }
  const { mount } = splitMount(c, c.target.path)
  return {
    ranges: [mount],
    steps: ['server', 'mount'],
    note: `the mount point (--script-name ${c.scriptName}), matched against the start of the path`,
  }
}

function queryString(c: Context): KeyProvenance {
  const query = c.target?.query
  if (!query) return { ranges: [], steps: ['default'], note: 'no "?" in the target' }
  const steps: Step[] = ['split-query', 'latin-1']
  if (c.target?.queryDropsFragment) steps.splice(1, 0, 'drop-fragment')
  return { ranges: [query], steps }
}

function headerSteps(key: string, source: KeySource): Step[] {
  const steps: Step[] = key.startsWith('HTTP_') ? ['prefix'] : []
  if (source.stripped) steps.push('strip')
  steps.push('latin-1')
  if (source.count > 1) steps.push(source.rule)
  return steps
}

function fromHeaders(key: string, c: Context): KeyProvenance {
  const source = c.headers.keys.get(key)
  if (!source) {
    return { ranges: [], steps: ['middleware'], note: 'no header line maps to this key' }
  }
  const found: KeyProvenance = {
    ranges: source.values,
    nameRanges: source.names,
    steps: headerSteps(key, source),
  }
  const joined = source.values
    .map((range) => rangeText(c.bytes, range))
    .join(c.profile.headers.join ?? ',')
  return joined === c.environ[key]
    ? found
    : { ...found, note: 'the value is not these bytes as shown: something rewrote it later' }
}

function httpHost(c: Context): KeyProvenance {
  const netloc = c.target?.netloc
  if (c.profile.target.absoluteFormSetsHost && netloc && netloc[1] > netloc[0]) {
    return {
      ranges: [netloc],
      steps: ['absolute-form-host', 'latin-1'],
      note: 'Werkzeug takes the authority of an absolute-form target over the Host header',
    }
  }
  return fromHeaders('HTTP_HOST', c)
}

function wsgirefContent(key: 'CONTENT_TYPE' | 'CONTENT_LENGTH', c: Context): KeyProvenance {
  const field = key === 'CONTENT_TYPE' ? c.headers.firstContentType : c.headers.firstContentLength
  const header = key === 'CONTENT_TYPE' ? 'Content-Type' : 'Content-Length'
  const fallback = c.profile.contentDefaults?.[key] ?? ''
  if (!field || (key === 'CONTENT_LENGTH' && field.value[0] === field.value[1])) {
    return {
      ranges: [],
      steps: ['default'],
      note: `no ${header} header${field ? ' value' : ''}: wsgiref sets ${JSON.stringify(fallback)}`,
    }
  }
  const stripped = wasStripped(field)
  const repeated = c.headers.contentCounts[key] > 1
  const steps: Step[] = stripped ? ['strip', 'latin-1'] : ['latin-1']
  if (repeated) steps.push('first-wins')
  return { ranges: [field.value], nameRanges: [field.name], steps }
}

function wsgiInput(c: Context): KeyProvenance {
  const start = c.head.bodyStart
  const ranges: ByteRange[] =
    start !== null && start < c.bytes.length ? [[start, c.bytes.length]] : []
  const chunked = c.headers.transferEncoding.some((range) =>
    /(^|,)\s*chunked\s*(,|$)/i.test(rangeText(c.bytes, range))
  )
  return {
    ranges,
    steps: chunked ? ['socket', 'de-chunk'] : ['socket'],
    note: "a stream over the body bytes; its repr shows the socket's file descriptor",
  }
}

/** Mark a key the proxy middleware may have rewritten (its original is in the orig dict). */
function markRewrite(key: string, found: KeyProvenance): KeyProvenance {
  const doc = findKeyDoc(key)
  if (!doc?.rewrittenBy || found.steps.includes('middleware')) return found
  return {
    ...found,
    steps: [...found.steps, 'middleware'],
    note: `the proxy middleware may have rewritten it; the original is in ${PROXY_FIX_ORIG}`,
  }
}
