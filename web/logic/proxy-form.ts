/**
 * @module
 * The Proxy page's two forms, the request and the policy, as plain values, and their
 * conversion to the body of `POST /_inspector/api/proxy`.
 *
 * Inputs are kept as typed (counts and ports as text) so an edit never loses what the user
 * wrote; the API is the judge of what is valid, this module only refuses what JSON cannot say.
 */

import type {
  ProxyApiRequest,
  ProxyPolicyJson,
  ProxyPresetJson,
  ProxyRequestJson,
} from '../../server/contract/api/proxy.ts'
import type { ProfileId } from '../../server/contract/profiles.ts'
import { isActive, type KeyValueRow, makeRow } from './rows.ts'

/** The five ProxyFix counts, in Werkzeug's order, with the header each one trusts. */
export const COUNT_FIELDS = [
  { key: 'xFor', flag: 'x_for', header: 'X-Forwarded-For', sets: 'REMOTE_ADDR' },
  { key: 'xProto', flag: 'x_proto', header: 'X-Forwarded-Proto', sets: 'wsgi.url_scheme' },
  { key: 'xHost', flag: 'x_host', header: 'X-Forwarded-Host', sets: 'HTTP_HOST, SERVER_NAME' },
  { key: 'xPort', flag: 'x_port', header: 'X-Forwarded-Port', sets: 'SERVER_PORT' },
  { key: 'xPrefix', flag: 'x_prefix', header: 'X-Forwarded-Prefix', sets: 'SCRIPT_NAME' },
] as const

export type CountKey = (typeof COUNT_FIELDS)[number]['key']

export type PolicyMode = ProxyPolicyJson['mode']

/** Werkzeug's defaults: `ProxyFix(app, x_for=1, x_proto=1)`. */
const DEFAULT_COUNTS: Readonly<Record<CountKey, string>> = {
  xFor: '1',
  xProto: '1',
  xHost: '0',
  xPort: '0',
  xPrefix: '0',
}

/**
 * The policy editor. Every mode keeps its values, so switching mode and back restores what
 * was typed.
 */
export interface PolicyForm {
  readonly mode: PolicyMode
  readonly counts: Readonly<Record<CountKey, string>>
  /** Addresses and CIDR ranges as typed: separated by commas, spaces or new lines. */
  readonly proxies: string
  readonly forwarded: boolean
  /** The server's own trust options as typed, in its own names (`forwarded_allow_ips`). */
  readonly serverSettings: Readonly<Record<string, string>>
  /** Start from the real server's defaults (`--proxy-trust server-default`) instead. */
  readonly serverDefaults: boolean
}

export const HTTP_VERSIONS = ['1.1', '1.0', '0.9'] as const

/** The request as the last proxy delivers it. */
export interface RequestForm {
  readonly method: string
  readonly target: string
  readonly httpVersion: string
  /** The TCP peer: the last proxy, or the client itself when there is none. */
  readonly peerAddress: string
  /** Text; empty means the API's default. */
  readonly peerPort: string
  readonly headers: readonly KeyValueRow[]
}

/** A field of either form: where a validation message belongs. */
export type FieldId =
  | 'method'
  | 'target'
  | 'httpVersion'
  | 'peerAddress'
  | 'peerPort'
  | 'profile'
  | 'proxies'
  | CountKey
  | `header:${string}`
  /** One of the server's own trust options. */
  | `setting:${string}`
  | 'request'
  | 'policy'
  /** The whole query (a failure no field explains). */
  | 'form'

/** A message for one field, from this module or from the API's 400. */
export interface FieldError {
  readonly field: FieldId
  readonly message: string
}

/** Split the trusted-proxies text into entries; blanks between separators are dropped. */
export function parseProxyList(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== '')
}

export function emptyPolicyForm(): PolicyForm {
  return {
    mode: 'none',
    counts: DEFAULT_COUNTS,
    proxies: '',
    forwarded: false,
    serverSettings: {},
    serverDefaults: false,
  }
}

/** Load `policy` into the form; the other modes keep what `base` had. */
export function policyForm(policy: ProxyPolicyJson, base = emptyPolicyForm()): PolicyForm {
  if (policy.mode === 'proxy-fix') {
    const counts = { ...DEFAULT_COUNTS }
    for (const { key } of COUNT_FIELDS) {
      const value = policy[key]
      if (value !== undefined) counts[key] = String(value)
    }
    return { ...base, mode: 'proxy-fix', counts }
  }
  if (policy.mode === 'trusted') {
    return {
      ...base,
      mode: 'trusted',
      proxies: policy.proxies.join('\n'),
      forwarded: policy.forwarded ?? false,
    }
  }
  if (policy.mode === 'server') {
    const settings = policy.settings ?? {}
    return settings === 'server-default'
      ? { ...base, mode: 'server', serverDefaults: true }
      : { ...base, mode: 'server', serverDefaults: false, serverSettings: settings }
  }
  return { ...base, mode: 'none' }
}

/** The policy to post, or the field JSON cannot express (an empty count). */
export function policyJson(form: PolicyForm): ProxyPolicyJson | FieldError {
  if (form.mode === 'none') return { mode: 'none' }
  if (form.mode === 'server') {
    if (form.serverDefaults) return { mode: 'server', settings: 'server-default' }
    // an empty option is one the user did not set: the server's rule leaves it off
    const settings = Object.fromEntries(
      Object.entries(form.serverSettings).filter(([, value]) => value.trim() !== '')
    )
    return { mode: 'server', settings }
  }
  if (form.mode === 'trusted') {
    return { mode: 'trusted', proxies: parseProxyList(form.proxies), forwarded: form.forwarded }
  }
  const counts: Partial<Record<CountKey, number>> = {}
  for (const { key, flag } of COUNT_FIELDS) {
    const text = form.counts[key].trim()
    const n = Number(text)
    if (text === '' || !Number.isFinite(n)) {
      return { field: key, message: `${flag}: enter a number of proxies (0 trusts none)` }
    }
    // 1.5 or -1 go to the API as they are: its message says what is wrong
    counts[key] = n
  }
  return { mode: 'proxy-fix', ...counts }
}

/** Load a preset's request into the form. */
export function requestForm(request: ProxyPresetJson['request']): RequestForm {
  return {
    method: request.method ?? 'GET',
    target: request.target ?? '/',
    httpVersion: request.httpVersion ?? '1.1',
    peerAddress: request.peer.address,
    peerPort: String(request.peer.port),
    headers: request.headers.map(([name, value]) => makeRow(name, value)),
  }
}

/** The request to post, and the id of the row behind each header sent (for error messages). */
export interface RequestJson {
  readonly request: ProxyRequestJson
  readonly headerRows: readonly string[]
}

/** The request to post, or the field JSON cannot express (an empty port). */
export function requestJson(form: RequestForm): RequestJson | FieldError {
  const sent = form.headers.filter(isActive)
  const port = form.peerPort.trim()
  let peer: { address: string; port?: number } = { address: form.peerAddress.trim() }
  if (port !== '') {
    const n = Number(port)
    if (!Number.isFinite(n)) {
      return { field: 'peerPort', message: 'Peer port: a number from 0 to 65535, or empty' }
    }
    peer = { ...peer, port: n }
  }
  return {
    request: {
      method: form.method,
      target: form.target,
      httpVersion: form.httpVersion,
      headers: sent.map((row) => [row.name, row.value] as const),
      peer,
    },
    headerRows: sent.map((row) => row.id),
  }
}

/** What the page posts: the body and the header rows it came from. */
export interface ProxyQuery {
  readonly body: ProxyApiRequest
  readonly headerRows: readonly string[]
}

/**
 * Both forms as one API body, or the first field that cannot be sent. `profile` '' leaves
 * the choice to the server (its own `--profile`).
 */
export function proxyQuery(
  request: RequestForm,
  policy: PolicyForm,
  profile: ProfileId | '' = ''
): ProxyQuery | FieldError {
  const req = requestJson(request)
  if ('field' in req) return req
  const pol = policyJson(policy)
  if ('field' in pol) return pol
  const body: ProxyApiRequest = { request: req.request, policy: pol }
  return { body: profile ? { ...body, profile } : body, headerRows: req.headerRows }
}

/** What the forms would send, as one comparable string (row ids and untouched modes aside). */
export function queryKey(request: RequestForm, policy: PolicyForm): string {
  // the profile is left out: it is a choice about the server, not part of a set-up
  const query = proxyQuery(request, policy)
  return isFieldError(query) ? `invalid ${query.field}` : JSON.stringify(query.body)
}

/** Whether `result` is a field error rather than a value. */
export function isFieldError(result: object): result is FieldError {
  return 'field' in result && 'message' in result
}

/** The policy as the server's command line would say it. */
export function policyAsFlags(policy: ProxyPolicyJson): string {
  if (policy.mode === 'none') return '(no --proxy-fix, no --trusted-proxies)'
  if (policy.mode === 'server') {
    const settings = policy.settings ?? {}
    if (settings === 'server-default') return '--proxy-trust server-default'
    const pairs = Object.entries(settings).map(([name, value]) => `--proxy-trust ${name}=${value}`)
    return pairs.length > 0 ? pairs.join(' ') : '(no --proxy-trust)'
  }
  if (policy.mode === 'trusted') {
    const forwarded = policy.forwarded ? ' --forwarded' : ''
    return `--trusted-proxies ${policy.proxies.join(',')}${forwarded}`
  }
  const counts = COUNT_FIELDS.map(
    ({ key, flag }) => `${flag}=${policy[key] ?? DEFAULT_COUNTS[key]}`
  )
  return `--proxy-fix ${counts.join(',')}`
}

/** Whether the form currently says the same as `policy` (defaults filled in). */
export function formMatchesPolicy(form: PolicyForm, policy: ProxyPolicyJson): boolean {
  const json = policyJson(form)
  if (isFieldError(json)) return false
  return policyAsFlags(json) === policyAsFlags(policy)
}
