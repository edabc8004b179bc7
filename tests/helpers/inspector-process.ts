// Runs our own server (server/main.ts) as a separate process, the way a user starts it, for
// tests that need a real socket (raw bytes, HTTP/0.9, slow clients) or test the CLI itself.
//
// The process gets a minimal environment (`{ PATH }`) unless the test passes one, so nothing
// from the developer's or CI's environment changes what the server does.

import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { killOnExit } from './children.ts'

/** The repository root (this file is tests/helpers/inspector-process.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

const MAIN = 'server/main.ts'

// Loaded into the server process by startInspector only: exits when stdin (a pipe from the test
// process) reaches EOF, so a server never outlives a test process that died without cleanup.
const WATCHDOG =
  'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.on("error",()=>{});process.stdin.resume();process.stdin.unref()'

export interface InspectorProcess {
  port: number
  /** Host of the echo URL, without IPv6 brackets. */
  host: string
  /** The echo URL from the banner, e.g. `http://127.0.0.1:43210/`. */
  url: string
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output: () => string
  /** What the process wrote to stderr alone: warnings, logged errors, crashes. */
  errors: () => string
  /** The server's process id (e.g. to read its memory from /proc). */
  pid: number
  close(): Promise<void>
}

export interface InspectorOptions {
  /** The server's whole environment. Default `{ PATH: process.env.PATH }`. */
  env?: Record<string, string>
  /** How long to wait for the banner. Default 15000 ms. */
  startTimeoutMs?: number
}

export interface CliOptions {
  env?: Record<string, string>
  /** Kill the process (SIGKILL) after this long. Default 30000 ms. */
  timeoutMs?: number
  /** Written to stdin, which is then closed. Default: stdin closed at once. */
  input?: string
}

export interface CliResult {
  /** Exit code, or null if the process was killed by a signal. */
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  timedOut: boolean
}

function defaultEnv(): Record<string, string> {
  return process.env.PATH === undefined ? {} : { PATH: process.env.PATH }
}

/** Matches the banner line `  echo:  http://127.0.0.1:43210/  (…)`. */
const ECHO_LINE = /^\s*echo:\s+(https?:\/\/\S+)/m

/** Parse the echo URL out of the banner; null until the line is complete. */
export function parseBanner(text: string): { url: string; host: string; port: number } | null {
  for (const line of text.split('\n').slice(0, -1)) {
    const m = ECHO_LINE.exec(line)
    if (!m?.[1]) continue
    const u = new URL(m[1])
    const port = Number(u.port)
    if (!Number.isInteger(port) || port <= 0) continue
    return { url: m[1], host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port }
  }
  return null
}

export async function startInspector(
  args: string[] = [],
  opts: InspectorOptions = {}
): Promise<InspectorProcess> {
  const startTimeoutMs = opts.startTimeoutMs ?? 15000
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', WATCHDOG, MAIN, '--port', '0', ...args],
    { cwd: REPO_ROOT, env: opts.env ?? defaultEnv(), stdio: ['pipe', 'pipe', 'pipe'] }
  )
  killOnExit(child)
  child.stdin?.on('error', () => {})
  let all = ''
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8')
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (d: string) => {
    all += d
    stderr += d
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const banner = await new Promise<{ url: string; host: string; port: number }>(
    (resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer)
        child.kill('SIGKILL')
        reject(
          new Error(
            `startInspector(${JSON.stringify(args)}): ${why}\n--- output ---\n${all}--- end ---`
          )
        )
      }
      const timer = setTimeout(
        () => fail(`no "echo:" banner line after ${startTimeoutMs} ms`),
        startTimeoutMs
      )
      child.stdout?.on('data', (d: string) => {
        all += d
        stdout += d
        const found = parseBanner(stdout)
        if (found) {
          clearTimeout(timer)
          resolve(found)
        }
      })
      child.once('exit', (code, signal) =>
        fail(`exited before printing its banner (code ${code}, signal ${signal})`)
      )
      child.once('error', (e) => fail(`failed to start: ${e.message}`))
    }
  )

  return {
    ...banner,
    output: () => all,
    errors: () => stderr,
    pid: child.pid ?? 0,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Run the CLI (`server/main.ts ...args`) to completion, e.g. to check exit codes. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const timeoutMs = opts.timeoutMs ?? 30000
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: REPO_ROOT,
      env: opts.env ?? defaultEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    killOnExit(child)
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
    })
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
    })
    child.stdin?.on('error', () => {})
    child.stdin?.end(opts.input ?? '')
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, timedOut })
    })
  })
}
