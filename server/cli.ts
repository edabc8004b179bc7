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
import { writeReadmeKeys } from './docs/keys-table.ts'
import { isProfileId, PROFILE_IDS, PROFILES, type ProfileId } from './gateway/profiles.ts'
import { ensureUiBundle } from './host/ui-bundle.ts'

export interface Config extends ServerOptions {
  port: number
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm start -- [options]        (or: tsx server/main.ts [options])

Serve the PEP 3333 environ of every request as JSON, and the inspector UI.

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
  --debug               put stack traces in 500 responses
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
      debug: { type: 'boolean' },
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
    out.write(USAGE)
    return 0
  }
  if (argv.includes('--version')) {
    out.write(`${VERSION}\n`)
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
  try {
    await ensureUiBundle(ROOT, (line) => out.write(`${line}\n`))
  } catch (error) {
    err.write(
      `warning: could not build the UI (${(error as Error).message}); serving a placeholder\n`
    )
  }
  const server = await buildServer(config)
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
  const base = `http://${urlHost(config.host, port)}`
  out.write(
    `environ-inspector ${VERSION} · profile ${config.profile} · app ${config.app}\n` +
      `  echo:  ${base}${config.scriptName}/  (every path outside ${INSPECTOR_PREFIX}/)\n` +
      `  UI:    ${base}${INSPECTOR_PREFIX}/\n` +
      `  try:   curl '${base}${config.scriptName}/foo/bar?baz=bat'\n`
  )
  if (!isLoopback(config.host)) {
    err.write(
      `warning: listening on ${config.host}: anyone who can reach this port can read the echo\n`
    )
  }
  if (config.osEnviron) {
    err.write(
      `warning: --os-environ: ${Object.keys(config.osEnviron).length} variables of this process's environment ` +
        'are copied into every response\n'
    )
  }
  return new Promise<number>((resolve) => {
    const stop = () => {
      server.close().then(
        () => resolve(0),
        () => resolve(1)
      )
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
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
