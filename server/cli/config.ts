/**
 * @module
 * Parse the command line and the environment into a `Config`, or a `UsageError` with a
 * one-line reason.
 */
import { constants as bufferConstants } from 'node:buffer'
import { totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { getHeapStatistics } from 'node:v8'
import type { ServerOptions } from '../app.ts'
import { APPS, type AppName, isAppName } from '../apps/index.ts'
import {
  formatBytes,
  type HistoryBudget,
  historyBudget,
  type Machine,
} from '../capture/history-budget.ts'
import {
  HISTORY_DEFAULTS,
  type HistoryOptions,
  MAX_SUBSCRIBERS_DEFAULT,
  parseHistoryLimit,
  parseLogFormat,
  parseMaxSubscribers,
  parseRedactList,
} from '../capture/options.ts'
import { isProfileId, PROFILE_IDS, type ProfileId } from '../contract/profiles.ts'
import { PROFILES } from '../gateway/profiles/index.ts'
import { bindTrust, type TrustPairs, trustOptions } from '../gateway/profiles/trust/index.ts'
import { TrustSettingsError } from '../gateway/profiles/trust.ts'
import { type AllowedHosts, parseAllowedHosts } from '../host/allowed-hosts.ts'
import { autoWorkers } from '../host/cluster.ts'
import { type ConnectionLimits, parseLimits } from '../host/limits.ts'
import { middlewareFor } from '../middleware/index.ts'
import {
  compilePolicy,
  type ProxyPolicyInput,
  parseProxyFixSpec,
  parseTrustedProxiesSpec,
} from '../proxy/policy.ts'

export interface Config extends ServerOptions {
  port: number
  /** Worker processes (`--workers`); 1 serves from this process, more from a cluster. */
  workers: number
  /** What the history can hold at worst, for the banner. */
  historyBudget: HistoryBudget
}

export class UsageError extends Error {}

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb?|kib|mb?|mib|gb?|gib)?$/i
const UNIT: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }

/** Parse `1mb`, `64kb`, `512` (bytes) into a byte count, at most `ceiling` when given. */
export function parseSize(flag: string, text: string, ceiling?: SizeCeiling): number {
  const match = SIZE.exec(text.trim())
  if (!match)
    throw new UsageError(`${flag}: expected a size like 512kb or 1mb, got ${JSON.stringify(text)}`)
  const unit = (match[2] ?? 'b').toLowerCase()[0] as string
  const bytes = Math.floor(Number(match[1]) * (UNIT[unit] ?? 1))
  if (bytes < 1) throw new UsageError(`${flag}: must be at least 1 byte`)
  if (ceiling && bytes > ceiling.bytes) {
    throw new UsageError(
      `${flag}: at most ${formatBytes(ceiling.bytes)} (${ceiling.why}), got ${JSON.stringify(text)}`
    )
  }
  return bytes
}

export interface SizeCeiling {
  readonly bytes: number
  /** Why no more: what in Node would break. */
  readonly why: string
}

/** The largest sizes Node can hold, from `buffer.constants`. */
export const SIZE_CEILINGS = {
  /** Node's parser hands the request line and each header to JavaScript as one string. */
  head: {
    bytes: bufferConstants.MAX_STRING_LENGTH,
    why: 'Node turns the request line and each header into a string, which V8 caps at that length',
  },
  /**
   * A body is joined into one Buffer when the app reads wsgi.input. Node 22 and later allow
   * Buffers of petabytes; 4 GiB keeps the ceiling the same on every supported Node.
   */
  body: {
    bytes: Math.min(bufferConstants.MAX_LENGTH, 4 * 1024 ** 3),
    why: 'the body is held in memory as one Buffer when the app reads wsgi.input',
  },
} as const satisfies Record<string, SizeCeiling>

function parsePort(text: string): number {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new UsageError(`--port: expected a number from 0 to 65535, got ${JSON.stringify(text)}`)
  }
  return port
}

function parseScriptName(text: string): string {
  if (text === '') return ''
  if (!text.startsWith('/') || text.endsWith('/') || /[?#\s]/.test(text)) {
    throw new UsageError(
      `--script-name: expected '' or a path like /app (leading /, no trailing /), got ${JSON.stringify(text)}`
    )
  }
  return text
}

function parseWorkers(text: string): number {
  if (text === 'auto') return autoWorkers()
  const workers = Number(text)
  if (!/^\d+$/.test(text) || workers < 1 || workers > 256) {
    throw new UsageError(
      `--workers: expected a number from 1 to 256 or auto, got ${JSON.stringify(text)}`
    )
  }
  return workers
}

/** Parse argv and env into a Config. Throws UsageError with a one-line reason. */
export function parseConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  machine: Machine = thisMachine()
): Config {
  let values: ReturnType<typeof parseFlags>['values']
  try {
    values = parseFlags(negativeValuesInline(argv)).values
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0])
  }
  const profile = values.profile ?? 'wsgiref'
  if (!isProfileId(profile)) {
    throw new UsageError(
      `--profile: expected one of ${PROFILE_IDS.join(', ')}, got ${JSON.stringify(profile)}`
    )
  }
  const app = values.app ?? 'echo'
  if (!isAppName(app)) {
    throw new UsageError(
      `--app: expected one of ${Object.keys(APPS).join(', ')}, got ${JSON.stringify(app)}`
    )
  }
  const host = values.host ?? '127.0.0.1'
  if (host.trim() === '') throw new UsageError('--host: must not be empty')
  const proxyPolicy = parseProxyFlags(values)
  const proxyTrust = parseProxyTrustFlag(values, profile as ProfileId, proxyPolicy)
  const maxBody = parseSize('--max-body', values['max-body'] ?? '1mb', SIZE_CEILINGS.body)
  const maxHeaderSize = parseSize(
    '--max-header-size',
    values['max-header-size'] ?? '16kb',
    SIZE_CEILINGS.head
  )
  const capture = parseCaptureFlags(values)
  const budget = historyBudget(capture.history, { maxBody, maxHeaderSize }, machine)
  if (budget.verdict === 'refuse') throw new UsageError(`--history: ${budget.reason}`)
  let allowedHosts: AllowedHosts | undefined
  try {
    const list = values['allowed-hosts']
    allowedHosts = list === undefined ? undefined : parseAllowedHosts(list)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  return {
    host,
    ...(allowedHosts ? { allowedHosts } : {}),
    port: parsePort(values.port ?? '8000'),
    profile: profile as ProfileId,
    app: app as AppName,
    scriptName: parseScriptName(values['script-name'] ?? ''),
    osEnviron: values['os-environ'] ? definedOnly(env) : undefined,
    maxBody,
    maxHeaderSize,
    debug: values.debug ?? false,
    workers: parseWorkers(values.workers ?? '1'),
    ...capture,
    historyBudget: budget,
    limits: parseLimitFlags(values),
    ...(proxyPolicy ? { proxyPolicy, middleware: middlewareFor(compilePolicy(proxyPolicy)) } : {}),
    ...(proxyTrust ? { proxyTrust } : {}),
  }
}

/** Read --proxy-fix, --trusted-proxies and --forwarded into one policy; they are exclusive. */
function parseProxyFlags(
  values: ReturnType<typeof parseFlags>['values']
): ProxyPolicyInput | undefined {
  const fix = values['proxy-fix']
  const trusted = values['trusted-proxies']
  if (fix !== undefined && trusted !== undefined) {
    throw new UsageError(
      '--proxy-fix and --trusted-proxies cannot be combined: ProxyFix trusts a count of hops, --trusted-proxies trusts addresses; pick one'
    )
  }
  if (values.forwarded && trusted === undefined) {
    throw new UsageError(
      '--forwarded needs --trusted-proxies: it says which proxies may write Forwarded'
    )
  }
  try {
    if (fix !== undefined) return { mode: 'proxy-fix', ...parseProxyFixSpec(fix) }
    if (trusted !== undefined) {
      const { proxies } = parseTrustedProxiesSpec(trusted)
      return { mode: 'trusted', proxies, forwarded: values.forwarded ?? false }
    }
  } catch (error) {
    const flag = fix !== undefined ? '--proxy-fix' : '--trusted-proxies'
    throw new UsageError(`${flag}: ${(error as Error).message.replace(/^proxyFix: /, '')}`)
  }
  return undefined
}

/**
 * Read `--proxy-trust NAME=VALUE ...` (or `server-default`) in the profile's own option names.
 * It does not combine with the ProxyFix/trusted-proxies middleware: both would rewrite
 * REMOTE_ADDR or the scheme from the same headers, one before the app and one inside it,
 * and the echo could no longer say which one decided.
 */
function parseProxyTrustFlag(
  values: ReturnType<typeof parseFlags>['values'],
  profile: ProfileId,
  policy: ProxyPolicyInput | undefined
): TrustPairs | undefined {
  const given = values['proxy-trust']
  if (given === undefined || given.length === 0) return undefined
  if (policy !== undefined) {
    const other = policy.mode === 'proxy-fix' ? '--proxy-fix' : '--trusted-proxies'
    throw new UsageError(
      `--proxy-trust cannot be combined with ${other}: --proxy-trust is the server's own trust (before the app), ${other} is middleware in the app; both rewrite REMOTE_ADDR and the scheme from the same headers, so pick one`
    )
  }
  const rule = PROFILES[profile].trust
  if (rule === undefined) {
    const withTrust = PROFILE_IDS.filter((id) => PROFILES[id].trust !== undefined)
    throw new UsageError(
      `--proxy-trust: ${profile} has no proxy trust of its own (it never reads proxy headers); use --profile ${withTrust.join('|')}, or --proxy-fix/--trusted-proxies for middleware`
    )
  }
  let pairs: TrustPairs
  try {
    pairs = parseTrustPairs(given)
    bindTrust(rule, pairs) // refuses what the server would refuse, now rather than per request
  } catch (error) {
    const known = Object.keys(trustOptions(rule)).join(', ')
    throw new UsageError(
      `--proxy-trust: ${(error as Error).message} (${rule}'s options: ${known}, or server-default)`
    )
  }
  return pairs
}

/** `NAME=VALUE` flags into pairs; `server-default` alone stands for the server's defaults. */
export function parseTrustPairs(given: readonly string[]): TrustPairs {
  if (given.includes('server-default')) {
    if (given.length > 1) {
      throw new TrustSettingsError(
        'server-default',
        'stands alone: it means the real server with no options; leave it out to set options'
      )
    }
    return 'server-default'
  }
  const pairs: Record<string, string> = {}
  for (const item of given) {
    const eq = item.indexOf('=')
    if (eq <= 0) {
      throw new TrustSettingsError(item, `expected NAME=VALUE, got ${JSON.stringify(item)}`)
    }
    const name = item.slice(0, eq).trim()
    if (Object.hasOwn(pairs, name)) {
      throw new TrustSettingsError(name, 'given twice; give one value (lists are comma-separated)')
    }
    pairs[name] = item.slice(eq + 1)
  }
  return pairs
}

/** Read --history, --history-body, --redact, --quiet and --log-format. */
function parseCaptureFlags(
  values: ReturnType<typeof parseFlags>['values']
): Pick<Config, 'accessLog' | 'maxSubscribers'> & { history: HistoryOptions } {
  let limit: number
  let redact: readonly string[]
  let format: ReturnType<typeof parseLogFormat>
  let maxSubscribers: number
  try {
    limit = parseHistoryLimit(values.history ?? String(HISTORY_DEFAULTS.limit))
    redact = values.redact === undefined ? HISTORY_DEFAULTS.redact : parseRedactList(values.redact)
    format = parseLogFormat(values['log-format'] ?? 'text')
    maxSubscribers = parseMaxSubscribers(
      values['max-subscribers'] ?? String(MAX_SUBSCRIBERS_DEFAULT)
    )
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const body = values['history-body']
  const bodyLimit =
    body === undefined
      ? HISTORY_DEFAULTS.bodyLimit
      : body.trim() === '0'
        ? 0
        : parseSize('--history-body', body)
  return {
    history: { limit, bodyLimit, redact },
    maxSubscribers,
    ...(values.quiet ? {} : { accessLog: { format } }),
  }
}

/** Read --headers-timeout, --request-timeout, --keep-alive-timeout and --max-connections. */
function parseLimitFlags(values: ReturnType<typeof parseFlags>['values']): ConnectionLimits {
  try {
    return parseLimits(values)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/**
 * `--port -1` as `--port=-1`: parseArgs takes a value that starts with a dash for a flag of
 * its own and calls the argument ambiguous. Written inline, the flag's own parser sees the
 * number and says what is wrong with it.
 */
function negativeValuesInline(argv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const next = argv[i + 1]
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined
    const type =
      name !== undefined && Object.hasOwn(FLAGS, name)
        ? FLAGS[name as keyof typeof FLAGS].type
        : undefined
    if (type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${arg}=${next}`)
      i++
    } else out.push(arg)
  }
  return out
}

function thisMachine(): Machine {
  return { totalMemory: totalmem(), heapLimit: getHeapStatistics().heap_size_limit }
}

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'allowed-hosts': { type: 'string' },
  profile: { type: 'string' },
  app: { type: 'string' },
  'script-name': { type: 'string' },
  'os-environ': { type: 'boolean' },
  'max-body': { type: 'string' },
  'max-header-size': { type: 'string' },
  'headers-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'keep-alive-timeout': { type: 'string' },
  'max-connections': { type: 'string' },
  debug: { type: 'boolean' },
  'proxy-fix': { type: 'string' },
  'trusted-proxies': { type: 'string' },
  forwarded: { type: 'boolean' },
  'proxy-trust': { type: 'string', multiple: true },
  history: { type: 'string' },
  'history-body': { type: 'string' },
  redact: { type: 'string' },
  'max-subscribers': { type: 'string' },
  quiet: { type: 'boolean' },
  workers: { type: 'string' },
  'log-format': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

function parseFlags(argv: readonly string[]) {
  return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: FLAGS })
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value
  return out
}
