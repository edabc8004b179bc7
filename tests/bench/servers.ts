/**
 * @module
 * Start the processes the benchmark drives: the echo through the real CLI, and the bare
 * `node:http` yardstick. Each gets a minimal environment and its own process.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { processTree } from './proc.ts'

export const ROOT = join(import.meta.dirname, '../..')

export interface Server {
  readonly port: number
  readonly child: ChildProcess
  /** The server's processes: the primary and, with --workers, its workers. */
  pids(): number[]
  stop(): Promise<void>
}

async function startProcess(
  args: string[],
  ready: RegExp,
  cwd = ROOT,
  command = process.execPath
): Promise<Server> {
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString()
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString()
      // Python servers log where they listen on stderr
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
  child.stdout?.resume()
  child.stderr?.resume()
  child.removeAllListeners('exit')
  return {
    port,
    child,
    pids: () => processTree(child.pid ?? 0),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** The bare yardstick; `spinUs` > 0 makes it burn that much CPU per request (--calibrate). */
export function startBare(spinUs = 0): Promise<Server> {
  return startProcess(
    ['--import', 'tsx', 'tests/bench/bare-server.ts', '--spin-us', String(spinUs)],
    /listening (\d+)/
  )
}

/** The echo through the CLI; `root` runs another checkout's (to compare before and after). */
export function startEcho(args: readonly string[], root = ROOT): Promise<Server> {
  return startProcess(
    ['--import', 'tsx', 'server/main.ts', '--port', '0', '--quiet', ...args],
    /echo: +http:\/\/127\.0\.0\.1:(\d+)\//,
    root
  )
}

/** Debian's Python: the peers' packages import only under it. */
const PYTHON = '/usr/bin/python3'

/**
 * A Python peer under gunicorn with two sync workers: `app` is `module:callable`, found in
 * `cwd` (or installed). Rejects when gunicorn or the app is missing.
 */
export function startGunicorn(app: string, cwd = ROOT): Promise<Server> {
  return startProcess(
    ['-m', 'gunicorn', '-w', '2', '-b', '127.0.0.1:0', '--log-level', 'info', app],
    /Listening at: http:\/\/127\.0\.0\.1:(\d+)/,
    cwd,
    PYTHON
  )
}
