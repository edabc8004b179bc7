/**
 * @module
 * `npm run bench:profile`: run the server under `node --cpu-prof` while autocannon drives
 * it (the bench's 9-header request, 32 keep-alive connections), then print the functions
 * with the most self time. The `.cpuprofile` stays in bench-results/ for Chrome DevTools.
 *
 *   npm run bench:profile                          5 s, history on (the default)
 *   npm run bench:profile -- --duration 10 -- --history 0 --profile werkzeug
 *   npm run bench:profile -- --bare                the bare node:http yardstick, to compare
 *   npm run bench:profile -- --variant post-1mib -- --max-body 2mb   a bench variant's load
 *
 * Arguments after `--` go to the server. With `--workers N`, each worker writes a profile.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { VARIANTS } from './bench.ts'

const ROOT = join(import.meta.dirname, '../..')

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time per function (name + file + line), in percent of all samples, highest first. */
export function topFrames(profile: CpuProfile, count: number): { frame: string; pct: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<string, number>()
  for (const id of profile.samples) {
    const frame = (byId.get(id) as ProfileNode).callFrame
    const file = frame.url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '')
    const key = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`
    self.set(key, (self.get(key) ?? 0) + 1)
  }
  const total = profile.samples.length
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, n]) => ({ frame: frame.trim(), pct: Math.round((n / total) * 1000) / 10 }))
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const dashdash = argv.indexOf('--')
  const own = dashdash === -1 ? argv : argv.slice(0, dashdash)
  const serverArgs = dashdash === -1 ? [] : argv.slice(dashdash + 1)
  const { values } = parseArgs({
    args: own,
    options: {
      duration: { type: 'string', default: '5' },
      top: { type: 'string', default: '25' },
      bare: { type: 'boolean', default: false },
      variant: { type: 'string', default: '9-headers' },
    },
  })
  const dir = join(ROOT, 'bench-results', 'profile')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const child = spawn(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--import',
      'tsx',
      ...(values.bare
        ? ['tests/bench/bare-server.ts']
        : ['server/main.ts', '--port', '0', '--quiet']),
      ...serverArgs,
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString()
      const match = /(?:echo: +http:\/\/127\.0\.0\.1:|listening )(\d+)/.exec(out)
      if (match) resolve(Number(match[1]))
    })
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)))
  })
  child.stdout.resume()
  const variant = VARIANTS.find((v) => v.name === values.variant)
  if (!variant) throw new Error(`--variant: no variant ${values.variant}`)
  const load = {
    url: `http://127.0.0.1:${port}/foo/bar?baz=bat`,
    connections: 32,
    method: variant.method ?? 'GET',
    headers: { ...variant.headers },
    body: variant.body,
  }
  await autocannon({ ...load, duration: 1 }) // warm-up
  const run = await autocannon({ ...load, duration: Number(values.duration) })
  child.removeAllListeners('exit')
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'))
  console.log(
    `${Math.round(run.requests.average)} req/s under the profiler; ${files.length} profile(s) in ${dir}`
  )
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    console.log(`\n${file}: top self time`)
    for (const { frame, pct } of topFrames(profile, Number(values.top))) {
      console.log(`${String(pct).padStart(6)} %  ${frame}`)
    }
  }
}

if (process.argv[1] === import.meta.filename) await main()
