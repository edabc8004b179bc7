/**
 * @module
 * The command line: parse flags into a config, start the server, say where things are.
 *
 * Exit codes follow go-httpbin: 0 after a clean shutdown, 1 on a runtime error (port in
 * use), 2 on a usage error, with a one-line reason and the usage text.
 */
import { parseArgs } from 'node:util'
import { buildServer, INSPECTOR_PREFIX, ROOT, type ServerOptions, VERSION } from './app.ts'
import { APPS, type AppName, isAppName } from './apps/index.ts'
import {
  describeHistory,
  HISTORY_DEFAULTS,
  parseHistoryLimit,
  parseLogFormat,
  parseRedactList,
} from './capture/options.ts'
import { helpText, USAGE_INTRO, versionText } from './cli-help.ts'
import { writeReadmeKeys } from './docs/keys-table.ts'
import { isProfileId, PROFILE_IDS, PROFILES, type ProfileId } from './gateway/profiles.ts'
import { autoWorkers, isClusterWorker, joinClusterCapture, runPrimary } from './host/cluster.ts'
import {
  type ConnectionLimits,
  describeLimits,
  LIMIT_DEFAULTS,
  parseLimits,
} from './host/limits.ts'
import { ensureUiBundle } from './host/ui-bundle.ts'
import { middlewareFor } from './middleware/index.ts'
import {
  compilePolicy,
  type ProxyPolicyInput,
  parseProxyFixSpec,
  parseTrustedProxiesSpec,
} from './proxy/policy.ts'

export interface Config extends ServerOptions {
  port: number
  /** Worker processes (`--workers`); 1 serves from this process, more from a cluster. */
  workers: number
}

export class UsageError extends Error {}

export const USAGE = `${USAGE_INTRO}
Options:
  --host ADDR           address to bind (default 127.0.0.1; 0.0.0.0 exposes the echo to the network)
  --port N              port to listen on, 0 for any free port (default 8000)
  --profile NAME        build the environ as this server does: ${PROFILE_IDS.join(', ')} (default wsgiref)
  --app NAME            app to serve: ${Object.keys(APPS).join(', ')} (default echo)
  --script-name PATH    mount the app under PATH, e.g. /app: SCRIPT_NAME=/app, PATH_INFO=the rest,
                        404 outside it (default '': mounted at the root)
  --os-environ          copy this process's environment into every environ, as wsgiref does.
                        Off by default: it shows your secrets to anyone who can reach the port
  --max-body SIZE       largest request body, e.g. 512kb, 1mb (default 1mb); more is a 413
  --max-header-size SIZE  largest request head (request line + headers) (default 16kb); more is a 431
  --headers-timeout TIME  a request's head must arrive within TIME, e.g. 30s, 500ms (default 30s);
                        slower clients get a 408 and are closed (0: no limit)
  --request-timeout TIME  the whole request, body included, within TIME (default 60s, 0: no limit)
  --keep-alive-timeout TIME  close a keep-alive connection idle for TIME (default 5s, 0: never)
  --max-connections N   serve at most N connections at once; more are closed as they arrive
                        (default 1000, 0: no limit)
  --debug               put stack traces in 500 responses
  --proxy-fix SPEC      run Werkzeug's ProxyFix: how many proxies set each X-Forwarded-* header,
                        e.g. x_for=1,x_proto=1,x_host=1,x_port=0,x_prefix=0 (left out: 1,1,0,0,0)
  --trusted-proxies LIST  trust these proxy addresses/CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8,::1):
                        the first untrusted X-Forwarded-For hop from the right is the client
  --forwarded           with --trusted-proxies: walk RFC 7239 Forwarded for= instead of X-Forwarded-For
  --history N           keep the last N requests for the live capture API and event stream
                        (default 500; 0 turns capture off)
  --history-body SIZE   keep at most SIZE of each captured body, e.g. 64kb (default 64kb, 0 none);
                        the full size and a SHA-256 of the whole body are always kept
  --redact LIST         replace these headers' values in the history, e.g. authorization,cookie
                        (the echo itself is never redacted)
  --quiet               no access log (one line per request on stdout)
  --workers N           serve from N worker processes sharing the port (node:cluster), 'auto' for
                        one per core; the live capture sees every worker's requests (default 1)
  --log-format FORMAT   access log as text (default) or json
  -h, --help            show this help
  --version             print the version

Commands:
  keys --write-readme   regenerate the README's environ key table from server/gateway/environ-keys.ts

Profiles:
${PROFILE_IDS.map((id) => `  ${id.padEnd(10)} ${PROFILES[id].summary}`).join('\n')}
`

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb?|kib|mb?|mib|gb?|gib)?$/i
const UNIT: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }

/** Parse `1mb`, `64kb`, `512` (bytes) into a byte count. */
export function parseSize(flag: string, text: string): number {
  const match = SIZE.exec(text.trim())
  if (!match)
    throw new UsageError(`${flag}: expected a size like 512kb or 1mb, got ${JSON.stringify(text)}`)
  const unit = (match[2] ?? 'b').toLowerCase()[0] as string
  const bytes = Math.floor(Number(match[1]) * (UNIT[unit] ?? 1))
  if (bytes < 1) throw new UsageError(`${flag}: must be at least 1 byte`)
  return bytes
}

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
  env: Readonly<Record<string, string | undefined>>
): Config {
  let values: ReturnType<typeof parseFlags>['values']
  try {
    values = parseFlags(argv).values
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
  return {
    host,
    port: parsePort(values.port ?? '8000'),
    profile: profile as ProfileId,
    app: app as AppName,
    scriptName: parseScriptName(values['script-name'] ?? ''),
    osEnviron: values['os-environ'] ? definedOnly(env) : undefined,
    maxBody: parseSize('--max-body', values['max-body'] ?? '1mb'),
    maxHeaderSize: parseSize('--max-header-size', values['max-header-size'] ?? '16kb'),
    debug: values.debug ?? false,
    workers: parseWorkers(values.workers ?? '1'),
    ...parseCaptureFlags(values),
    limits: parseLimitFlags(values),
    ...(proxyPolicy ? { proxyPolicy, middleware: middlewareFor(compilePolicy(proxyPolicy)) } : {}),
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

/** Read --history, --history-body, --redact, --quiet and --log-format. */
function parseCaptureFlags(
  values: ReturnType<typeof parseFlags>['values']
): Pick<Config, 'history' | 'accessLog'> {
  let limit: number
  let redact: readonly string[]
  let format: ReturnType<typeof parseLogFormat>
  try {
    limit = parseHistoryLimit(values.history ?? String(HISTORY_DEFAULTS.limit))
    redact = values.redact === undefined ? HISTORY_DEFAULTS.redact : parseRedactList(values.redact)
    format = parseLogFormat(values['log-format'] ?? 'text')
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

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
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
      history: { type: 'string' },
      'history-body': { type: 'string' },
      redact: { type: 'string' },
      quiet: { type: 'boolean' },
      workers: { type: 'string' },
      'log-format': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  })
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value
  return out
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}

function urlHost(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`
}

interface Output {
  write(text: string): unknown
}

/** Run the CLI. Resolves with the exit code once the server has stopped. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: Output,
  err: Output
): Promise<number> {
  if (argv[0] === 'keys') return keysCommand(argv.slice(1), out, err)
  if (argv.includes('-h') || argv.includes('--help')) {
    out.write(helpText(USAGE))
    return 0
  }
  if (argv.includes('--version')) {
    out.write(versionText())
    return 0
  }
  let config: Config
  try {
    config = parseConfig(argv, env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    err.write(`error: ${error.message}\n\n${USAGE}`)
    return 2
  }
  const worker = isClusterWorker()
  try {
    if (!worker) await ensureUiBundle(ROOT, (line) => out.write(`${line}\n`))
  } catch (error) {
    err.write(
      `warning: could not build the UI (${(error as Error).message}); serving a placeholder\n`
    )
  }
  const options: ServerOptions = config.accessLog
    ? { ...config, accessLog: { ...config.accessLog, write: (t) => out.write(t) } }
    : config
  if (config.workers > 1 && !worker) {
    return runPrimary({
      workers: config.workers,
      host: config.host,
      port: config.port,
      capture: options,
      onListening: (port) => writeBanner(config, port, out, err),
      log: (text) => err.write(text),
    })
  }
  const capture = worker ? joinClusterCapture(options, (text) => err.write(text)) : undefined
  await capture?.ready
  const server = await buildServer(capture ? { ...options, capture } : options)
  try {
    await server.listen({ host: config.host, port: config.port })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason =
      code === 'EADDRINUSE'
        ? `port ${config.port} is already in use on ${config.host}; pick another with --port`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? `cannot bind to ${config.host}: no such local address`
          : (error as Error).message
    err.write(`error: ${reason}\n`)
    return 1
  }
  const address = server.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  if (!worker) writeBanner(config, port, out, err)
  return new Promise<number>((resolve) => {
    const stop = () => {
      server.close().then(
        () => resolve(0),
        () => resolve(1)
      )
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    if (worker) process.once('disconnect', stop) // the primary is gone
  })
}

/** Say where the echo, the UI and the live capture are, and warn about exposure. */
function writeBanner(config: Config, port: number, out: Output, err: Output): void {
  const base = `http://${urlHost(config.host, port)}`
  out.write(
    `environ-inspector ${VERSION} · profile ${config.profile} · app ${config.app}` +
      `${config.workers > 1 ? ` · ${config.workers} workers` : ''}\n` +
      `  echo:  ${base}${config.scriptName}/  (every path outside ${INSPECTOR_PREFIX}/)\n` +
      `  UI:    ${base}${INSPECTOR_PREFIX}/\n` +
      `  try:   curl '${base}${config.scriptName}/foo/bar?baz=bat'\n`
  )
  const history = config.history ?? HISTORY_DEFAULTS
  out.write(
    history.limit > 0
      ? `  live:  curl -N '${base}${INSPECTOR_PREFIX}/api/events'  (${describeHistory(history)})\n`
      : `  live:  ${describeHistory(history)}\n`
  )
  if (config.proxyPolicy) out.write(`  proxy: ${describeProxyPolicy(config.proxyPolicy)}\n`)
  out.write(`  limits: ${describeLimits(config.limits ?? LIMIT_DEFAULTS)}\n`)
  if (!isLoopback(config.host)) {
    err.write(
      `warning: listening on ${config.host}: anyone who can reach this port can read the echo\n`
    )
    if (history.limit > 0) {
      err.write(
        `warning: they can also read every recent request at ${INSPECTOR_PREFIX}/api/requests, ` +
          "other people's Authorization and Cookie headers included; " +
          '--redact authorization,cookie hides them, --history 0 turns capture off\n'
      )
    }
  }
  if (config.osEnviron) {
    err.write(
      `warning: --os-environ: ${Object.keys(config.osEnviron).length} variables of this process's environment ` +
        'are copied into every response\n'
    )
  }
}

async function keysCommand(argv: readonly string[], out: Output, err: Output): Promise<number> {
  if (argv.length !== 1 || argv[0] !== '--write-readme') {
    err.write('usage: tsx server/main.ts keys --write-readme\n')
    return 2
  }
  const changed = await writeReadmeKeys(`${ROOT}/README.md`)
  out.write(changed ? 'README.md key table updated\n' : 'README.md key table already up to date\n')
  return 0
}

function describeProxyPolicy(policy: ProxyPolicyInput): string {
  if (policy.mode === 'proxy-fix') {
    const { xFor, xProto, xHost, xPort, xPrefix } = policy
    return `ProxyFix x_for=${xFor},x_proto=${xProto},x_host=${xHost},x_port=${xPort},x_prefix=${xPrefix}`
  }
  if (policy.mode === 'trusted') {
    const header = policy.forwarded ? 'Forwarded' : 'X-Forwarded-For'
    return `trusted proxies ${policy.proxies.join(', ')} (walking ${header})`
  }
  return 'none'
}
