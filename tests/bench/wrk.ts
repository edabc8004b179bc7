/**
 * @module
 * Drive a server with `wrk` (Debian's package), when the machine has it: one thread, a C
 * client that leaves the server the CPU on a two-core machine, where autocannon's JavaScript
 * takes a whole core from it. The request (method, headers, body) goes in a Lua script.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export interface WrkLoad {
  readonly url: string
  readonly connections: number
  readonly seconds: number
  readonly method: string
  readonly headers: Readonly<Record<string, string>>
  readonly body?: Buffer
}

export interface WrkResult {
  readonly requestsPerSecond: number
  readonly requests: number
  /** Latency percentiles, in ms. */
  readonly p50: number
  readonly p99: number
  /** Socket errors, timeouts and non-2xx/3xx answers. */
  readonly errors: number
}

/** The `wrk` binary, or `undefined` when the machine has none. */
export function findWrk(): string | undefined {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is ENOENT
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
  }
  return 'wrk'
}

const luaString = (text: string) => JSON.stringify(text) // Lua reads JSON's escapes for ASCII

/** Run wrk once with `load`; parse its summary. */
export async function runWrk(load: WrkLoad): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ei-wrk-'))
  const lines = [`wrk.method = ${luaString(load.method)}`]
  for (const [name, value] of Object.entries(load.headers))
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`)
  if (load.body) {
    const bodyFile = join(dir, 'body')
    writeFileSync(bodyFile, load.body)
    lines.push(
      `local f = io.open(${luaString(bodyFile)}, "rb")`,
      'wrk.body = f:read("*a")',
      'f:close()'
    )
  }
  const script = join(dir, 'load.lua')
  writeFileSync(script, `${lines.join('\n')}\n`)
  const { stdout } = await promisify(execFile)('wrk', [
    '-t1',
    `-c${load.connections}`,
    `-d${load.seconds}s`,
    '--latency',
    '-s',
    script,
    load.url,
  ])
  return parseWrk(stdout)
}

const UNITS_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000 }

function latencyMs(output: string, percent: number): number {
  const match = new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(output)
  return match ? Number(match[1]) * (UNITS_MS[match[2] as string] ?? 1) : Number.NaN
}

/** Read wrk's text summary (with --latency). */
export function parseWrk(output: string): WrkResult {
  const requests = Number(/^\s*(\d+) requests in /m.exec(output)?.[1] ?? 0)
  const perSecond = Number(/^Requests\/sec:\s+([\d.]+)/m.exec(output)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0)
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0
  return {
    requestsPerSecond: perSecond,
    requests,
    p50: latencyMs(output, 50),
    p99: latencyMs(output, 99),
    errors: socketErrors + non2xx,
  }
}
