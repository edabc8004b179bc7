/**
 * @module
 * The command line's lifecycle: parse (cli/config.ts), start the server or the cluster,
 * print the banner (cli/banner.ts), stop on a signal.
 *
 * Exit codes follow go-httpbin: 0 after a clean shutdown, 1 on a runtime error (port in
 * use), 2 on a usage error, with a one-line reason and the usage text (cli/usage.ts).
 */
import { buildServer, ROOT, type ServerOptions } from './app.ts'
import { type Output, writeBanner } from './cli/banner.ts'
import { type Config, parseConfig, UsageError } from './cli/config.ts'
import { helpText, versionText } from './cli/help.ts'
import { USAGE } from './cli/usage.ts'
import { writeReadmeKeys } from './docs/keys-table.ts'
import { isClusterWorker, joinClusterCapture, runPrimary } from './host/cluster.ts'
import { ensureUiBundle } from './host/ui-bundle.ts'

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

async function keysCommand(argv: readonly string[], out: Output, err: Output): Promise<number> {
  if (argv.length !== 1 || argv[0] !== '--write-readme') {
    err.write('usage: tsx server/main.ts keys --write-readme\n')
    return 2
  }
  const changed = await writeReadmeKeys(`${ROOT}/README.md`)
  out.write(changed ? 'README.md key table updated\n' : 'README.md key table already up to date\n')
  return 0
}
