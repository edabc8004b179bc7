/**
 * @module
 * Read the proxy API's answer for a person: the headline (who is the client, which scheme
 * and host), the hop chain as steps from the client to the app, how serious each warning
 * is, and the raw and effective environ row by row.
 */
import type {
  DecisionJson,
  HopJson,
  ProxyApiResponse,
  WarningCode,
} from '../../server/contract/api/proxy.ts'
import { type Change, compareEnvirons } from './diff.ts'

/** What the app ends up believing, and why. */
export interface Headline {
  readonly client: string
  readonly scheme: string
  readonly host: string
  /** Whether the policy changed REMOTE_ADDR. */
  readonly rewritten: boolean
  /** One sentence: where the client address came from, or why it stayed. */
  readonly why: string
}

function decision(answer: ProxyApiResponse, key: DecisionJson['key']): DecisionJson | undefined {
  return answer.trace.decisions.find((d) => d.key === key)
}

/** The host the app would build URLs with: HTTP_HOST, else SERVER_NAME[:SERVER_PORT]. */
function hostOf(environ: Readonly<Record<string, string>>): string {
  const host = environ.HTTP_HOST
  if (host) return host
  const name = environ.SERVER_NAME ?? ''
  const port = environ.SERVER_PORT
  const scheme = environ['wsgi.url_scheme']
  const usual = (scheme === 'https' && port === '443') || (scheme === 'http' && port === '80')
  return port && !usual ? `${name}:${port}` : name
}

/** `('1.2.3.4', 0)` or `['1.2.3.4', 0]` (a scope's client) → `1.2.3.4`; anything else as it is. */
export function scopeAddress(text: string): string {
  const match = /^[([]'([^'\\]*)', -?\d+[)\]]$/.exec(text)
  return match?.[1] ?? text
}

/** `b'www.example.com'` (a scope header value) → `www.example.com`; anything else as it is. */
function scopeBytes(text: string): string {
  return /^b'([^'\\]*)'$/.exec(text)?.[1] ?? text
}

/** The first host entry of a scope's printed `headers`, for a policy that did not decide it. */
function scopeHost(headers: string): string {
  return /\(b'host', b'([^'\\]*)'\)/.exec(headers)?.[1] ?? ''
}

/** An ASGI server's own trust: what the scope says, from the scope decisions. */
function scopeHeadline(answer: ProxyApiResponse): Headline {
  const scope = answer.effectiveEnviron
  const client = decision(answer, 'client')
  const rewritten = client !== undefined && client.to !== client.from
  const rule = client?.rule ?? 'the server did not decide client'
  return {
    client: scopeAddress(scope.client ?? ''),
    scheme: scope.scheme ?? '',
    host: scopeBytes(decision(answer, 'host header')?.to ?? scopeHost(scope.headers ?? '')),
    rewritten,
    why: rewritten
      ? `client is ${client.to}, read from ${client.source} instead of the socket peer ${client.from ?? '(none)'}. Why: ${rule}.`
      : `client stays the socket peer ${client?.from ?? '(none)'}. Why: ${rule}.`,
  }
}

/** Whether the answer traces an ASGI scope (an ASGI server's own trust), not an environ. */
export function isScopeAnswer(answer: ProxyApiResponse): boolean {
  return (
    answer.effectiveEnviron.type === 'http' && answer.effectiveEnviron.REMOTE_ADDR === undefined
  )
}

export function headlineOf(answer: ProxyApiResponse): Headline {
  if (isScopeAnswer(answer)) return scopeHeadline(answer)
  const env = answer.effectiveEnviron
  const remote = decision(answer, 'REMOTE_ADDR')
  const rewritten = remote !== undefined && remote.to !== remote.from
  const rule = remote?.rule ?? 'the policy did not decide REMOTE_ADDR'
  const why = rewritten
    ? `REMOTE_ADDR is ${remote.to}, read from ${remote.source} instead of the socket peer ${remote.from ?? '(none)'}. Why: ${rule}.`
    : `REMOTE_ADDR stays the socket peer ${remote?.from ?? '(none)'}. Why: ${rule}.`
  return {
    client: env.REMOTE_ADDR ?? '',
    scheme: env['wsgi.url_scheme'] ?? '',
    host: hostOf(env),
    rewritten,
    why,
  }
}

/** The label of a hop's part in the chain. */
export type StepRole = 'client' | 'proxy' | 'ignored'

/** One step of the path from the client to the app. */
export interface ChainStep {
  readonly address: string
  readonly role: StepRole
  /** "client", "trusted proxy", "not believed". */
  readonly roleLabel: string
  readonly trusted: boolean
  /** Where the address was read: the header and its position, or the TCP connection. */
  readonly namedBy: string
  readonly reason: string
  /** The step at the socket: the proxy (or client) the app's connection comes from. */
  readonly isPeer: boolean
}

const ROLE_LABEL: Record<StepRole, string> = {
  client: 'client',
  proxy: 'trusted proxy',
  ignored: 'not believed',
}

function namedBy(hop: HopJson, total: number): string {
  if (hop.source === 'socket') return 'the TCP connection (socket peer)'
  const position = hop.index === undefined ? '' : ` value ${hop.index + 1} of ${total}`
  return hop.source === 'Forwarded'
    ? `Forwarded for=, element ${(hop.index ?? 0) + 1} of ${total}`
    : `${hop.source}${position}`
}

/** The hops from the client side to the socket peer, labelled for the chain drawing. */
export function chainOf(hops: readonly HopJson[]): ChainStep[] {
  const totals = new Map<string, number>()
  for (const hop of hops) totals.set(hop.source, (totals.get(hop.source) ?? 0) + 1)
  return hops.map((hop) => ({
    address: hop.address,
    role: hop.role,
    roleLabel: ROLE_LABEL[hop.role],
    trusted: hop.trusted,
    namedBy: namedBy(hop, totals.get(hop.source) ?? 0),
    reason: hop.reason,
    isPeer: hop.source === 'socket',
  }))
}

export type Severity = 'danger' | 'warn' | 'info'

/**
 * How much each warning matters. `danger`: the app gets a value that breaks code or can be
 * bypassed; `warn`: a forged value or a miscount to look into; `info`: a header not used.
 */
const SEVERITY: Record<WarningCode, Severity> = {
  'invalid-environ': 'danger',
  'client-not-an-address': 'danger',
  'underscore-header': 'danger',
  'xff-leftmost-client-controlled': 'warn',
  'more-values-than-trusted': 'warn',
  'fewer-values-than-trusted': 'warn',
  'untrusted-peer-forwarding-headers': 'warn',
  'forwarded-conflict': 'warn',
  'forwarded-malformed': 'warn',
  'forwarded-ignored': 'info',
  'x-forwarded-ignored': 'info',
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  danger: 'Problem',
  warn: 'Warning',
  info: 'Note',
}

export function severityOf(code: WarningCode): Severity {
  return SEVERITY[code]
}

/** One key of the raw and effective environ. */
export interface EnvironRow {
  readonly key: string
  readonly raw: string | undefined
  readonly effective: string | undefined
  readonly change: Change
  /** The policy wrote this key (changed or added it). */
  readonly rewritten: boolean
}

/** Every key of both environs in the effective order, rewritten keys marked. */
export function environRows(answer: ProxyApiResponse): EnvironRow[] {
  const changed = new Set(answer.changed)
  return compareEnvirons(answer.rawEnviron, answer.effectiveEnviron).map((row) => ({
    key: row.key,
    raw: row.a,
    effective: row.b,
    change: row.change,
    rewritten: changed.has(row.key) || row.change !== 'same',
  }))
}
