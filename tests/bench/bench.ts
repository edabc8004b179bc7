/**
 * @module
 * `npm run bench`: the echo's throughput, latency, memory and CPU cost as ratios to a bare
 * `node:http` server on the same machine, in the same run, and the Python peers (gunicorn
 * serving `return_environ`, httpbin) when the machine has them. Not a test: numbers, not verdicts.
 *
 * Each variant starts a fresh server (ours through the real CLI, and the bare one), warms
 * both up, then drives them with wrk when present, else autocannon (`--client` picks;
 * keep-alive, 32 connections, 5 s, a browser-like
 * set of 9 request headers), alternating bare and echo runs `--repeats` times, and reports
 * medians: req/s, p50, p99, peak RSS of the server's processes, CPU time per request, and
 * the ratios to bare. CPU per request is the steadiest figure on a busy machine: it does not
 * depend on how much CPU the server got, only on what each request cost.
 *
 *   npm run bench                          every variant, 3 repeats of 5 s
 *   npm run bench -- --quick               every variant, 1 repeat of 2 s (a smoke run)
 *   npm run bench -- --only 90-headers,post-1mib --repeats 5 --duration 10
 *   npm run bench -- --soak 60             60 s at full load, history on: RSS every 5 s
 *   npm run bench -- --soak 60 --variant post-1mib
 *   npm run bench -- --echo-root ../old-checkout --out old.json   another checkout's echo
 *   npm run bench -- --calibrate           the bare server made slower by 5, 10, 20 µs of CPU
 *                                          per request: what a per-request cost does to the ratio
 *
 * Results go to bench-results/latest.json (or soak.json); bench-results/ is git-ignored.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { BROWSER_HEADERS, manyHeaders } from './load.ts'
import { cpuMs, rssMb } from './proc.ts'
import { ROOT, type Server, startBare, startEcho, startGunicorn } from './servers.ts'
import { findWrk, runWrk } from './wrk.ts'

interface Variant {
  readonly name: string
  readonly summary: string
  /** Extra CLI flags for the echo (it always runs with --port 0 --quiet). */
  readonly args: readonly string[]
  readonly method?: 'GET' | 'POST'
  readonly headers: Readonly<Record<string, string>>
  readonly body?: Buffer
  /** A peer to measure instead of the echo (a Python server); the echo's flags do not apply. */
  readonly peer?: () => Promise<Server>
  /** The path asked for; `/foo/bar?baz=bat` when left out. */
  readonly path?: string
}

const PYTHON_APPS = join(ROOT, 'tests/helpers/python-servers')

const MIB = Buffer.alloc(1024 * 1024, 'a')

export const VARIANTS: readonly Variant[] = [
  {
    name: '9-headers',
    summary: 'GET, 9 browser-like headers, wsgiref, live capture on (the defaults)',
    args: [],
    headers: BROWSER_HEADERS,
  },
  {
    name: 'history-off',
    summary: 'the same, live capture off (--history 0)',
    args: ['--history', '0'],
    headers: BROWSER_HEADERS,
  },
  {
    name: 'hello-app',
    summary: '--app hello --history 0: the host and gateway without the environ JSON',
    args: ['--app', 'hello', '--history', '0'],
    headers: BROWSER_HEADERS,
  },
  { name: '90-headers', summary: 'GET, 90 headers', args: [], headers: manyHeaders(90) },
  {
    name: 'post-1mib',
    summary: 'POST with a 1 MiB body (--max-body 2mb)',
    args: ['--max-body', '2mb'],
    method: 'POST',
    headers: { ...BROWSER_HEADERS, 'Content-Type': 'application/octet-stream' },
    body: MIB,
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
  {
    name: 'workers-2',
    summary: '9 headers, --workers 2 (bare stays one process)',
    args: ['--workers', '2'],
    headers: BROWSER_HEADERS,
  },
  {
    name: 'workers-2-history-off',
    summary: 'the same, live capture off: what sharing the history across workers costs',
    args: ['--workers', '2', '--history', '0'],
    headers: BROWSER_HEADERS,
  },
  {
    name: 'peer-gunicorn',
    summary: "peer: gunicorn -w 2 (sync) serving return_environ, Debian's python3-gunicorn",
    args: [],
    headers: BROWSER_HEADERS,
    peer: () => startGunicorn('echo_apps:return_environ', PYTHON_APPS),
  },
  {
    name: 'peer-httpbin',
    summary: "peer: httpbin's /anything under gunicorn -w 2, Debian's python3-httpbin",
    args: [],
    headers: BROWSER_HEADERS,
    peer: () => startGunicorn('httpbin:app'),
    path: '/anything/foo/bar?baz=bat',
  },
]

/** The load generator: wrk when the machine has it (see wrk.ts), else autocannon. */
let client: 'wrk' | 'autocannon' = findWrk() ? 'wrk' : 'autocannon'

interface Run {
  requestsPerSecond: number
  p50: number
  p99: number
  peakRssMb: number
  /** Server CPU time (user + system, all its processes) per request, in µs. */
  cpuUsPerRequest: number
  errors: number
}

interface Summary extends Run {
  samples: number
}

async function drive(server: Server, variant: Variant, seconds: number): Promise<Run> {
  const pids = server.pids()
  let peak = rssMb(pids)
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pids))
  }, 100)
  const cpuBefore = cpuMs(pids)
  const url = `http://127.0.0.1:${server.port}${variant.path ?? '/foo/bar?baz=bat'}`
  if (client === 'wrk') {
    const result = await runWrk({
      url,
      connections: 32,
      seconds,
      method: variant.method ?? 'GET',
      headers: variant.headers,
      ...(variant.body ? { body: variant.body } : {}),
    })
    const cpu = cpuMs(pids) - cpuBefore
    clearInterval(sampler)
    return {
      requestsPerSecond: result.requestsPerSecond,
      p50: result.p50,
      p99: result.p99,
      peakRssMb: round(peak, 1),
      cpuUsPerRequest: round((cpu * 1000) / (result.requests || 1), 1),
      errors: result.errors,
    }
  }
  const result = await autocannon({
    url,
    connections: 32,
    duration: seconds,
    method: variant.method ?? 'GET',
    headers: { ...variant.headers },
    body: variant.body,
  })
  const cpu = cpuMs(pids) - cpuBefore
  clearInterval(sampler)
  const requests = result.requests.total || 1
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakRssMb: round(peak, 1),
    cpuUsPerRequest: round((cpu * 1000) / requests, 1),
    errors: result.errors + result.timeouts + result.non2xx,
  }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

function summarise(runs: readonly Run[]): Summary {
  return {
    requestsPerSecond: Math.round(median(runs.map((r) => r.requestsPerSecond))),
    // the median of two runs is their mean: 0.571 ms, not 0.5710000000000001
    p50: round(median(runs.map((r) => r.p50)), 3),
    p99: round(median(runs.map((r) => r.p99)), 3),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    cpuUsPerRequest: round(median(runs.map((r) => r.cpuUsPerRequest)), 1),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    samples: runs.length,
  }
}

const ratio = (a: number, b: number): number | null => (b > 0 ? round(a / b, 2) : null)

/** Warm both servers up, then drive them in turn `repeats` times: the medians and ratios. */
async function alternate(
  bare: Server,
  other: Server,
  variant: Variant,
  repeats: number,
  seconds: number
) {
  const bareRuns: Run[] = []
  const otherRuns: Run[] = []
  await drive(bare, variant, 1) // warm-up: JIT, connection set-up
  await drive(other, variant, 1)
  for (let i = 0; i < repeats; i++) {
    bareRuns.push(await drive(bare, variant, seconds))
    otherRuns.push(await drive(other, variant, seconds))
  }
  const b = summarise(bareRuns)
  const o = summarise(otherRuns)
  return {
    bare: b,
    other: o,
    throughputRatio: ratio(o.requestsPerSecond, b.requestsPerSecond),
    p99Ratio: ratio(o.p99, b.p99),
    cpuRatio: ratio(o.cpuUsPerRequest, b.cpuUsPerRequest),
  }
}

async function runVariant(variant: Variant, repeats: number, seconds: number, root?: string) {
  const bare = await startBare()
  const echo = await (variant.peer ? variant.peer() : startEcho(variant.args, root))
  try {
    const { other, ...measured } = await alternate(bare, echo, variant, repeats, seconds)
    return { variant: variant.name, summary: variant.summary, echo: other, ...measured }
  } finally {
    await bare.stop()
    await echo.stop()
  }
}

type Result = Awaited<ReturnType<typeof runVariant>>

function printTable(results: readonly Result[]): void {
  console.log(
    '\n| variant | echo req/s | bare req/s | ratio | echo p50 / p99 ms | bare p50 / p99 ms | p99 ratio | echo CPU µs/req | bare CPU µs/req | CPU ratio | echo peak RSS MB | errors |'
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const r of results) {
    console.log(
      `| ${r.variant} | ${r.echo.requestsPerSecond} | ${r.bare.requestsPerSecond} | ${r.throughputRatio ?? '–'}× ` +
        `| ${r.echo.p50} / ${r.echo.p99} | ${r.bare.p50} / ${r.bare.p99} | ${r.p99Ratio ?? '–'}× ` +
        `| ${r.echo.cpuUsPerRequest} | ${r.bare.cpuUsPerRequest} | ${r.cpuRatio ?? '–'}× ` +
        `| ${r.echo.peakRssMb} | ${r.echo.errors} |`
    )
  }
  const find = (name: string) => results.find((r) => r.variant === name)
  const nine = find('9-headers')
  const ninety = find('90-headers')
  if (nine && ninety) {
    console.log(
      `\n90 headers cost ${ratio(ninety.echo.cpuUsPerRequest, nine.echo.cpuUsPerRequest)}× the CPU of 9 ` +
        `(${ratio(nine.echo.requestsPerSecond, ninety.echo.requestsPerSecond)}× fewer req/s); ` +
        `the bare server's: ${ratio(ninety.bare.cpuUsPerRequest, nine.bare.cpuUsPerRequest)}× ` +
        `(${ratio(nine.bare.requestsPerSecond, ninety.bare.requestsPerSecond)}× fewer req/s)`
    )
  }
}

/** The extra CPU per request `--calibrate` gives the bare server, in µs. */
const SPINS_US = [5, 10, 20] as const

/**
 * Drive the bare server and copies of it that burn `SPINS_US` of CPU per request, with the
 * 9-header load: the throughput and p99 ratios a server pays per µs of work on this machine
 * (the targets' yardstick: how much work per request fits within 0.75× the bare req/s).
 */
async function calibrate(repeats: number, seconds: number) {
  const variant = VARIANTS[0] as Variant
  const bare = await startBare()
  const rows = []
  try {
    for (const spinUs of SPINS_US) {
      const slow = await startBare(spinUs)
      try {
        const {
          bare: b,
          other: s,
          throughputRatio,
          p99Ratio,
        } = await alternate(bare, slow, variant, repeats, seconds)
        rows.push({ spinUs, throughputRatio, p99Ratio, bare: b, slow: s })
        console.log(
          `  bare + ${spinUs} µs CPU/request: ${s.requestsPerSecond} req/s = ${throughputRatio}× bare ` +
            `(${b.requestsPerSecond}), p99 ${s.p99} ms = ${p99Ratio}× bare (${b.p99} ms), ` +
            `${s.cpuUsPerRequest} vs ${b.cpuUsPerRequest} µs CPU/req`
        )
      } finally {
        await slow.stop()
      }
    }
  } finally {
    await bare.stop()
  }
  return rows
}

/** Full load for `seconds` on one server, RSS sampled every 5 s: does memory stay flat? */
async function soak(seconds: number, variant: Variant) {
  const echo = await startEcho(variant.args)
  const samples: Array<{ second: number; rssMb: number }> = []
  const started = Date.now()
  const sampler = setInterval(() => {
    const sample = {
      second: Math.round((Date.now() - started) / 1000),
      rssMb: Math.round(rssMb(echo.pids())),
    }
    samples.push(sample)
    console.log(`  ${String(sample.second).padStart(4)} s  ${sample.rssMb} MB`)
  }, 5000)
  let run: Run
  try {
    run = await drive(echo, variant, seconds)
  } finally {
    clearInterval(sampler)
    await echo.stop()
  }
  // the first 10 s are warm-up: the JIT, the history filling its ring
  const settled = samples.filter((s) => s.second >= 10)
  const first = settled[0]?.rssMb ?? 0
  const last = settled.at(-1)?.rssMb ?? 0
  const high = Math.max(...settled.map((s) => s.rssMb))
  return {
    variant: variant.name,
    seconds,
    requestsPerSecond: Math.round(run.requestsPerSecond),
    cpuUsPerRequest: run.cpuUsPerRequest,
    errors: run.errors,
    samples,
    rssGrowthPercent: first ? round(((last - first) / first) * 100, 1) : null,
    rssSpreadPercent: first ? round(((high - first) / first) * 100, 1) : null,
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeats: { type: 'string', default: '3' },
      duration: { type: 'string', default: '5' },
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      soak: { type: 'string' },
      variant: { type: 'string', default: '9-headers' },
      out: { type: 'string' },
      'echo-root': { type: 'string' },
      calibrate: { type: 'boolean', default: false },
      client: { type: 'string' },
    },
  })
  if (values.client === 'wrk' || values.client === 'autocannon') client = values.client
  else if (values.client !== undefined) throw new Error('--client: wrk or autocannon')
  if (client === 'wrk' && !findWrk()) throw new Error('--client wrk: no wrk on this machine')
  const cpu = cpus()[0]?.model.trim() ?? 'cpu'
  const machine = `${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  console.log(`environ-inspector benchmark — ${machine}`)
  const outDir = join(ROOT, 'bench-results')
  mkdirSync(outDir, { recursive: true })
  const date = new Date().toISOString()

  if (values.soak) {
    const variant = VARIANTS.find((v) => v.name === values.variant)
    if (!variant) throw new Error(`--variant: no variant ${values.variant}`)
    console.log(`soak: ${variant.name} for ${values.soak} s; RSS of the server's processes:`)
    const result = await soak(Number(values.soak), variant)
    console.log(
      `${result.requestsPerSecond} req/s, ${result.errors} errors; RSS after warm-up grew ` +
        `${result.rssGrowthPercent} % (highest ${result.rssSpreadPercent} % above the first sample)`
    )
    const file = values.out ?? join(outDir, 'soak.json')
    writeFileSync(file, `${JSON.stringify({ machine, date, ...result }, null, 2)}\n`)
    console.log(`written to ${file}`)
    return
  }

  const repeats = values.quick ? 1 : Number(values.repeats)
  const seconds = values.quick ? 2 : Number(values.duration)
  if (values.calibrate) {
    console.log('calibrate: the bare server, and the same burning extra CPU per request')
    const rows = await calibrate(repeats, seconds)
    const file = values.out ?? join(outDir, 'calibrate.json')
    writeFileSync(file, `${JSON.stringify({ machine, date, repeats, seconds, rows }, null, 2)}\n`)
    console.log(`written to ${file}`)
    return
  }

  const only = values.only?.split(',')
  const unknown = only?.filter((name) => !VARIANTS.some((v) => v.name === name)) ?? []
  if (unknown.length > 0) throw new Error(`--only: no variant ${unknown.join(', ')}`)
  const variants = only ? VARIANTS.filter((v) => only.includes(v.name)) : VARIANTS
  const results: Result[] = []
  for (const variant of variants) {
    process.stdout.write(`  ${variant.name}… `)
    let result: Result
    try {
      result = await runVariant(variant, repeats, seconds, values['echo-root'])
    } catch (error) {
      if (!variant.peer) throw error
      // a peer the machine lacks (apt-get install python3-gunicorn python3-httpbin) is left out
      console.log(`left out: ${(error as Error).message.split('\n')[0]}`)
      continue
    }
    results.push(result)
    console.log(
      `${result.echo.requestsPerSecond} req/s (${result.throughputRatio}× bare), ` +
        `${result.echo.cpuUsPerRequest} µs CPU/req (${result.cpuRatio}× bare)`
    )
  }
  printTable(results)
  const workers = results.find((r) => r.variant === 'workers-2')
  const gunicorn = results.find((r) => r.variant === 'peer-gunicorn')
  if (workers && gunicorn)
    console.log(
      `--workers 2 serves ${ratio(workers.echo.requestsPerSecond, gunicorn.echo.requestsPerSecond)}× ` +
        'the req/s of gunicorn -w 2 serving return_environ'
    )
  console.log(
    `\nmedians of ${repeats} × ${seconds} s runs, 32 keep-alive connections, ${client}; ${machine}`
  )
  const file = values.out ?? join(outDir, 'latest.json')
  writeFileSync(file, `${JSON.stringify({ machine, date, repeats, seconds, results }, null, 2)}\n`)
  console.log(`written to ${file}`)
}

if (process.argv[1] === import.meta.filename) await main()
