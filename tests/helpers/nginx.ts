/**
 * @module
 * A real nginx from Debian's packages, started on loopback in front of our server.
 *
 * `ensureNginx()` finds `/usr/sbin/nginx`; when it is missing and the tests run as root it
 * installs Debian's `nginx` (and `openssl`, for the test certificate) with apt-get, else it
 * returns the reason to skip. `startNginx()` writes a config into a temp directory (pid,
 * logs and temp paths inside it), runs `nginx -p DIR -c CONF -g 'daemon off; master_process
 * off;'` as a child of the test process, waits until it accepts connections and stops it
 * when the test finishes. Nothing outside the temp directory is touched.
 */

import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { onTestFinished } from 'vitest'
import { killOnExit } from './children.ts'

const run = promisify(execFile)

/** Where Debian puts the binaries (/usr/sbin is not on a normal user's PATH). */
export const NGINX_PATH = '/usr/sbin/nginx'
const OPENSSL_PATHS = ['/usr/bin/openssl', '/usr/local/bin/openssl']

export interface NginxTools {
  readonly nginx: string
  readonly openssl: string
  readonly version: string
}

let tools: Promise<NginxTools | { skipped: string }> | undefined

/** Find nginx and openssl, installing them with apt-get when missing and root (memoised). */
export function ensureNginx(): Promise<NginxTools | { skipped: string }> {
  tools ??= findOrInstall()
  return tools
}

async function findOrInstall(): Promise<NginxTools | { skipped: string }> {
  const missing = [
    ...(existsSync(NGINX_PATH) ? [] : ['nginx']),
    ...(OPENSSL_PATHS.some((p) => existsSync(p)) ? [] : ['openssl']),
  ]
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      return {
        skipped: `${missing.join(' and ')} not installed (${NGINX_PATH} missing or no openssl) and the tests do not run as root, so they cannot install it: run \`sudo apt-get install ${missing.join(' ')}\``,
      }
    }
    if (!existsSync('/usr/bin/apt-get')) {
      return {
        skipped: `${missing.join(' and ')} not installed and there is no apt-get to install it`,
      }
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const lock = ['-o', 'DPkg::Lock::Timeout=300']
    try {
      await run('apt-get', [...lock, 'update', '-qq'], { env, maxBuffer: 1 << 24 })
      await run(
        'apt-get',
        [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing],
        { env, maxBuffer: 1 << 24 }
      )
    } catch (error) {
      const { stderr = '', message } = error as { stderr?: string; message: string }
      // root with apt-get and it failed: that is a broken set-up, not a reason to skip
      throw new Error(`apt-get install ${missing.join(' ')} failed: ${stderr.trim() || message}`)
    }
  }
  const openssl = OPENSSL_PATHS.find((p) => existsSync(p)) as string
  const { stderr } = await run(NGINX_PATH, ['-v'])
  return { nginx: NGINX_PATH, openssl, version: stderr.trim() }
}

/** One nginx `server` block: where it listens and where it proxies to. */
export interface NginxSite {
  /** Loopback address to listen on, e.g. 127.0.0.3. */
  readonly listen: string
  /** Serve TLS with a throwaway self-signed certificate, so `$scheme` is https. */
  readonly tls?: boolean
  /** `proxy_pass` target, e.g. `http://127.0.0.1:43210`. */
  readonly upstream: string
  /** `proxy_bind`: the source address of nginx's upstream connection (what the next hop sees). */
  readonly bind?: string
  /** `proxy_set_header` lines, name → nginx value expression. */
  readonly headers: Readonly<Record<string, string>>
}

export interface RunningNginx {
  readonly host: string
  readonly port: number
  readonly url: string
  /** The error log so far, for assertion messages. */
  errorLog(): Promise<string>
  stop(): Promise<void>
}

/** The set-up the issue names: Host, X-Forwarded-For and X-Forwarded-Proto. */
export const USUAL_HEADERS = {
  Host: '$host',
  'X-Forwarded-For': '$proxy_add_x_forwarded_for',
  'X-Forwarded-Proto': '$scheme',
} as const

/** Start nginx for one site; it is stopped when the current test finishes. */
export async function startNginx(tools: NginxTools, site: NginxSite): Promise<RunningNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'ei-nginx-'))
  if (site.tls) await makeCertificate(tools.openssl, dir)
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(site.listen)
    try {
      const nginx = await launch(tools.nginx, dir, site, port)
      onTestFinished(async () => {
        await nginx.stop()
        await rm(dir, { recursive: true, force: true })
      })
      return nginx
    } catch (error) {
      // another process took the port between the probe and nginx's bind: try another
      if (attempt >= 3 || !/Address already in use/.test(String(error))) {
        await rm(dir, { recursive: true, force: true })
        throw error
      }
    }
  }
}

async function launch(
  binary: string,
  dir: string,
  site: NginxSite,
  port: number
): Promise<RunningNginx> {
  const conf = join(dir, 'nginx.conf')
  const errorLog = join(dir, 'error.log')
  await writeFile(conf, config(dir, site, port))
  const child = spawn(
    binary,
    ['-p', `${dir}/`, '-c', conf, '-e', errorLog, '-g', 'daemon off; master_process off;'],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  killOnExit(child)
  let output = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    output += d
  })
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    output += d
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const readLog = async () => (existsSync(errorLog) ? readFile(errorLog, 'utf8') : '')
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + 10_000
  while (!(await accepts(site.listen, port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `nginx exited (${child.exitCode ?? child.signalCode}): ${output}${await readLog()}`
      )
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(
        `nginx did not accept connections on ${site.listen}:${port}: ${await readLog()}`
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    host: site.listen,
    port,
    url: `${site.tls ? 'https' : 'http'}://${site.listen}:${port}`,
    errorLog: readLog,
    stop,
  }
}

function config(dir: string, site: NginxSite, port: number): string {
  const headers = Object.entries(site.headers)
    .map(([name, value]) => `      proxy_set_header ${name} ${value};`)
    .join('\n')
  const tls = site.tls
    ? `    ssl_certificate ${dir}/cert.pem;\n    ssl_certificate_key ${dir}/key.pem;\n`
    : ''
  return `pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 64; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen ${site.listen}:${port}${site.tls ? ' ssl' : ''};
    server_name _;
${tls}    location / {
      proxy_pass ${site.upstream};
${site.bind ? `      proxy_bind ${site.bind};\n` : ''}${headers}
    }
  }
}
`
}

async function makeCertificate(openssl: string, dir: string): Promise<void> {
  await run(openssl, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ])
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
