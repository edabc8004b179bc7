/**
 * @module
 * Real Python web servers as differential-test oracles: wsgiref, Werkzeug, gunicorn, waitress,
 * cheroot, uWSGI, Django's runserver (WSGI, serving the spec's `return_environ`) and uvicorn,
 * hypercorn, daphne (ASGI, serving issue 14's scope app). Raw bytes in, status, headers and
 * the parsed environ or scope out.
 *
 * One harness for all of them. `python-servers/serve.py`, run by Debian's `/usr/bin/python3`
 * (the packaged servers import only there), is a supervisor: it picks a free loopback port,
 * starts the server with its own command line, waits until the port accepts a connection
 * and prints one JSON line. Its process group holds every process the server forks; it
 * stops the group when its stdin (a pipe from us) closes, and `killOnExit` kills the group
 * if this process exits first, so no server outlives a test run.
 *
 * `ensurePythonServers()` installs missing Debian packages with apt-get when the tests run
 * as root on a machine with apt-get (as the browser tests install Chromium), and otherwise
 * returns the reason to skip, naming the packages to install.
 *
 * The server process gets exactly `osEnv` as its environment (default `{ LANG: 'C.UTF-8' }`),
 * because wsgiref and Django's runserver copy the whole `os.environ` into every environ.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { killOnExit } from './children.ts'
import { type RawOptions, type RawResponse, sendRaw } from './raw-http.ts'

const run = promisify(execFile)

/** Every server the harness can start, WSGI first. */
export const PYTHON_SERVERS = [
  'wsgiref',
  'werkzeug',
  'gunicorn',
  'waitress',
  'cheroot',
  'uwsgi',
  'django',
  'uvicorn',
  'hypercorn',
  'daphne',
] as const
export type PythonServerName = (typeof PYTHON_SERVERS)[number]

/** The interpreter Debian's server packages install into. `EI_SYSTEM_PYTHON` overrides it. */
export const SYSTEM_PYTHON = process.env.EI_SYSTEM_PYTHON ?? '/usr/bin/python3'
export const SERVE_SCRIPT = join(import.meta.dirname, 'python-servers', 'serve.py')

export interface Skipped {
  skipped: string
}

export interface PythonServer {
  readonly name: PythonServerName
  readonly kind: 'wsgi' | 'asgi'
  /** The server's own version (`importlib.metadata`), Python's for wsgiref, `uwsgi --version`. */
  readonly version: string
  readonly python: string
  readonly host: '127.0.0.1'
  readonly port: number
  /** The command line the supervisor ran (the port is in it). */
  readonly argv: readonly string[]
  /** What wsgiref's handler copies from the server's environment into every environ. */
  readonly osEnviron: Readonly<Record<string, string>>
  /** What the server has written to stdout/stderr so far (last 64 KiB). */
  log(): string
  close(): Promise<void>
}

export interface StartOptions {
  /** Extra command-line arguments, placed before the application name. */
  args?: readonly string[]
  /** The server process's whole environment. Default `{ LANG: 'C.UTF-8' }`. */
  osEnv?: Readonly<Record<string, string>>
  /** Default 30000 ms: Django and daphne import a lot on a busy 2-core machine. */
  startTimeoutMs?: number
}

/** One answer, as the wire carried it, plus the echo's JSON when there is one. */
export interface PythonAnswer {
  readonly status: number | null
  readonly statusLine: string | null
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: Buffer
  /** The echoed environ or scope (`{k: str(v)}`) in the server's key order, if the body is one. */
  readonly json?: Record<string, string>
  readonly raw: RawResponse
}

const LOG_LIMIT = 64 * 1024

interface CheckReport {
  missing: Record<string, string>
  install: string[]
}

let ensured: Promise<Skipped | undefined> | undefined

/**
 * Make sure every server can start: check with the supervisor, install the missing Debian
 * packages when root, else return why the differential tests must skip (memoised).
 */
export function ensurePythonServers(): Promise<Skipped | undefined> {
  ensured ??= findOrInstall()
  return ensured
}

async function check(): Promise<CheckReport | Skipped> {
  if (!existsSync(SYSTEM_PYTHON)) {
    return { skipped: `${SYSTEM_PYTHON} not found` }
  }
  const { stdout } = await run(SYSTEM_PYTHON, [SERVE_SCRIPT, '--check'], { env: {} })
  return JSON.parse(stdout) as CheckReport
}

async function findOrInstall(): Promise<Skipped | undefined> {
  const first = await check()
  const packages = 'skipped' in first ? ['python3'] : first.install
  if (packages.length === 0) return undefined
  const what =
    'skipped' in first
      ? first.skipped
      : Object.entries(first.missing)
          .map(([server, lack]) => `${server}: ${lack}`)
          .join('; ')
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    return {
      skipped: `Python servers missing (${what}); install them with \`sudo apt-get install ${packages.join(' ')}\``,
    }
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const lock = ['-o', 'DPkg::Lock::Timeout=300']
  console.log(`[python-servers] installing Debian packages: ${packages.join(' ')} (${what})`)
  try {
    await run('apt-get', [...lock, 'update', '-qq'], { env, maxBuffer: 1 << 24 })
    await run(
      'apt-get',
      [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...packages],
      {
        env,
        maxBuffer: 1 << 24,
      }
    )
  } catch (error) {
    const { stderr = '', message } = error as { stderr?: string; message: string }
    // root with apt-get and it failed: a broken set-up, not a reason to skip
    throw new Error(`apt-get install ${packages.join(' ')} failed: ${stderr.trim() || message}`)
  }
  const again = await check()
  if ('skipped' in again || again.install.length > 0) {
    throw new Error(`still missing after apt-get install: ${JSON.stringify(again)}`)
  }
  return undefined
}

interface Ready {
  server: PythonServerName
  kind: 'wsgi' | 'asgi'
  version: string
  python: string
  port: number
  argv: string[]
  os_environ: Record<string, string>
}

/** Start `name` with the echo app on a free port; resolves once the port accepts connections. */
export async function startPythonServer(
  name: PythonServerName,
  opts: StartOptions = {}
): Promise<PythonServer | Skipped> {
  const unavailable = await ensurePythonServers()
  if (unavailable) return unavailable
  const timeoutMs = opts.startTimeoutMs ?? 30_000
  const child = spawn(SYSTEM_PYTHON, [SERVE_SCRIPT, name, ...(opts.args ?? [])], {
    env: { ...(opts.osEnv ?? { LANG: 'C.UTF-8' }) },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group: close() and killOnExit reach its workers
  })
  killOnExit(child, { group: true })
  child.stdin.on('error', () => {}) // kept open for the supervisor; never written
  let log = ''
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    log = (log + d).slice(-LOG_LIMIT)
  })
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })

  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = ''
    const fail = (why: string) => {
      clearTimeout(timer)
      killGroup(child.pid)
      reject(new Error(`${name}: ${why}\n${out}${log}`))
    }
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs)
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const nl = out.indexOf('\n')
      if (nl === -1) return
      clearTimeout(timer)
      try {
        const line = JSON.parse(out.slice(0, nl)) as Ready | { missing: string }
        if ('missing' in line) fail(`cannot run: ${line.missing} is missing`)
        else resolve(line)
      } catch {
        fail('the supervisor printed something unexpected')
      }
    })
    child.once('exit', (code, signal) => fail(`exited before it was ready (${code ?? signal})`))
    child.once('error', (e) => fail(e.message))
  })

  return {
    name,
    kind: ready.kind,
    version: ready.version,
    python: ready.python,
    host: '127.0.0.1',
    port: ready.port,
    argv: ready.argv,
    osEnviron: ready.os_environ,
    log: () => log,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.stdin.end() // the supervisor stops the group: SIGTERM, then SIGKILL after 2 s
      const timer = setTimeout(() => killGroup(child.pid), 4000)
      await exited
      clearTimeout(timer)
    },
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** Send `request` (bytes, or a latin-1 string) to `server` on a new connection. */
export async function askPythonServer(
  server: Pick<PythonServer, 'host' | 'port'>,
  request: Uint8Array | string,
  opts: RawOptions = {}
): Promise<PythonAnswer> {
  const raw = await sendRaw({ host: server.host, port: server.port }, request, {
    timeoutMs: 3000,
    ...opts,
  })
  return {
    status: raw.status,
    statusLine: raw.statusLine,
    headers: raw.headers,
    body: raw.body,
    json: echoed(raw),
    raw,
  }
}

/** The echo's JSON object, if the body is one (HTTP/0.9-style replies included). */
function echoed(raw: RawResponse): Record<string, string> | undefined {
  const text = raw.body.toString('latin1')
  if (!text.startsWith('{"')) return undefined
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, string>)
      : undefined
  } catch {
    return undefined
  }
}
