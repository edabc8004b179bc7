/**
 * @module
 * `npm run bench`: the echo's throughput and latency as a ratio to a bare `node:http` server
 * on the same machine, in the same run. Not a test: numbers, not verdicts.
 *
 * Each variant starts a fresh server process (ours through the real CLI, and the bare one),
 * warms it up, then drives it with autocannon (keep-alive, 32 connections, 5 s, a browser-like
 * set of 9 request headers) — alternating bare and echo runs, `--repeats` times — and
 * reports medians: req/s, p50, p99, peak RSS of the server process, and ratios to bare.
 * Results go to bench-results/latest.json (git-ignored); the README quotes a table.
 *
 *   npm run bench                     all variants, 3 repeats
 *   npm run bench -- --quick          9 headers only, 1 repeat
 *   npm run bench -- --only 90-headers,post-1mib --repeats 5 --duration 10
 *   npm run bench -- --soak 60        60 s at full load with history on: RSS over time
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { BROWSER_HEADERS, manyHeaders } from './load.ts'

const ROOT = join(import.meta.dirname, '../..')

interface Variant {
  name: string
  summary: string
  args: string[]
  method?: 'GET' | 'POST'
  headers: Record<string, string>
  body?: Buffer
}

const MIB = Buffer.alloc(1024 * 1024, 'a')

const VARIANTS: Variant[] = [
  {
    name: '9-headers',
    summary: 'GET, 9 browser-like headers (wsgiref profile)',
    args: [],
    headers: BROWSER_HEADERS,
  },
  { name: '90-headers', summary: 'GET, 90 headers', args: [], headers: manyHeaders(90) },
  {
    name: 'post-1mib',
    summary: 'POST with a 1 MiB body',
    args: ['--max-body', '2mb'],
    method: 'POST',
    headers: { ...BROWSER_HEADERS, 'Content-Type': 'application/octet-stream' },
    body: MIB,
  },
  {
    name: 'history-off',
    summary: '9 headers, live capture off (--history 0)',
    args: ['--history', '0'],
    headers: BROWSER_HEADERS,
  },
  {
    name: 'gunicorn',
    summary: '9 headers, gunicorn profile',
    args: ['--profile', 'gunicorn'],
    headers: BROWSER_HEADERS,
  },
  {
    name: 'werkzeug',
    summary: '9 headers, werkzeug profile',
    args: ['--profile', 'werkzeug'],
    headers: BROWSER_HEADERS,
  },
]

interface Run {
  requestsPerSecond: number
  p50: number
  p99: number
  peakRssMb: number
  errors: number
  non2xx: number
}

interface Server {
  port: number
  child: ChildProcess
  stop(): Promise<void>
}

async function startProcess(args: string[], ready: RegExp): Promise<Server> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000)
    const onData = (data: Buffer) => {
      output += data.toString()
      const match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString()
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
  child.stdout?.resume()
  child.removeAllListeners('exit')
  return {
    port,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

function startBare(): Promise<Server> {
  return startProcess(['--import', 'tsx', 'tests/bench/bare-server.ts'], /listening (\d+)/)
}

function startEcho(args: string[]): Promise<Server> {
  return startProcess(
    ['--import', 'tsx', 'server/main.ts', '--port', '0', '--quiet', ...args],
    /echo: +http:\/\/127\.0\.0\.1:(\d+)\//
  )
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    return kb / 1024
  } catch {
    return 0
  }
}

async function drive(server: Server, variant: Variant, seconds: number): Promise<Run> {
  let peak = rssMb(server.child.pid ?? 0)
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(server.child.pid ?? 0))
  }, 100)
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/foo/bar?baz=bat`,
    connections: 32,
    duration: seconds,
    method: variant.method ?? 'GET',
    headers: variant.headers,
    body: variant.body,
  })
  clearInterval(sampler)
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakRssMb: Math.round(peak * 10) / 10,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function summarise(runs: Run[]) {
  return {
    requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
  }
}

async function runVariant(variant: Variant, repeats: number, seconds: number) {
  const bare = await startBare()
  const echo = await startEcho(variant.args)
  const bareRuns: Run[] = []
  const echoRuns: Run[] = []
  try {
    await drive(bare, variant, 1) // warm-up: JIT, connection set-up
    await drive(echo, variant, 1)
    for (let i = 0; i < repeats; i++) {
      bareRuns.push(await drive(bare, variant, seconds))
      echoRuns.push(await drive(echo, variant, seconds))
    }
  } finally {
    await bare.stop()
    await echo.stop()
  }
  const b = summarise(bareRuns)
  const e = summarise(echoRuns)
  return {
    variant: variant.name,
    summary: variant.summary,
    bare: b,
    echo: e,
    throughputRatio: Math.round((e.requestsPerSecond / b.requestsPerSecond) * 100) / 100,
    p99Ratio: b.p99 > 0 ? Math.round((e.p99 / b.p99) * 100) / 100 : null,
  }
}

async function soak(seconds: number) {
  const echo = await startEcho(['--history', '500'])
  const samples: Array<{ second: number; rssMb: number }> = []
  const started = Date.now()
  const sampler = setInterval(() => {
    samples.push({
      second: Math.round((Date.now() - started) / 1000),
      rssMb: Math.round(rssMb(echo.child.pid ?? 0)),
    })
  }, 5000)
  const run = await drive(echo, VARIANTS[0] as Variant, seconds)
  clearInterval(sampler)
  await echo.stop()
  const afterWarmup = samples.filter((s) => s.second >= 10)
  const first = afterWarmup[0]?.rssMb ?? 0
  const last = afterWarmup.at(-1)?.rssMb ?? 0
  return {
    seconds,
    requestsPerSecond: Math.round(run.requestsPerSecond),
    errors: run.errors + run.non2xx,
    samples,
    rssGrowthPercent: first ? Math.round(((last - first) / first) * 1000) / 10 : null,
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      repeats: { type: 'string', default: '3' },
      duration: { type: 'string', default: '5' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      soak: { type: 'string' },
    },
  })
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  console.log(`environ-inspector benchmark — ${machine}`)
  const outDir = join(ROOT, 'bench-results')
  mkdirSync(outDir, { recursive: true })
  if (values.soak) {
    const result = await soak(Number(values.soak))
    console.log(JSON.stringify(result, null, 2))
    writeFileSync(
      join(outDir, 'soak.json'),
      `${JSON.stringify({ machine, date: new Date().toISOString(), ...result }, null, 2)}\n`
    )
    return
  }
  const only = values.quick ? ['9-headers'] : values.only?.split(',')
  const repeats = values.quick ? 1 : Number(values.repeats)
  const seconds = Number(values.duration)
  const variants = only ? VARIANTS.filter((v) => only.includes(v.name)) : VARIANTS
  const results = []
  for (const variant of variants) {
    process.stdout.write(`  ${variant.name}… `)
    const result = await runVariant(variant, repeats, seconds)
    results.push(result)
    console.log(`${result.echo.requestsPerSecond} req/s (${result.throughputRatio}× bare)`)
  }
  console.log(
    `\n| variant | echo req/s | bare req/s | ratio | echo p50 / p99 ms | bare p50 / p99 ms | p99 ratio | echo peak RSS MB | errors |`
  )
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const r of results) {
    console.log(
      `| ${r.variant} | ${r.echo.requestsPerSecond} | ${r.bare.requestsPerSecond} | ${r.throughputRatio}× | ${r.echo.p50} / ${r.echo.p99} | ${r.bare.p50} / ${r.bare.p99} | ${r.p99Ratio ?? '–'}× | ${r.echo.peakRssMb} | ${r.echo.errors} |`
    )
  }
  console.log(`\nmedians of ${repeats} × ${seconds} s runs, 32 keep-alive connections; ${machine}`)
  writeFileSync(
    join(outDir, 'latest.json'),
    `${JSON.stringify({ machine, date: new Date().toISOString(), repeats, seconds, results }, null, 2)}\n`
  )
}

await main()
