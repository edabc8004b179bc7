/**
 * @module
 * `npx tsx tests/bench/hot-path.ts [checkout]`: the echo's own per-request work without
 * sockets: build the environ, run the echo app into a sink that drops the bytes, record
 * the exchange in a history (as live capture does). CPU nanoseconds per request, steadier
 * than a load test on a busy machine; pass another checkout's root to compare.
 */
import { resolve } from 'node:path'
import { BROWSER_HEADERS, manyHeaders } from './load.ts'

const root = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../..'))
const { prepareEnvironBuilder } = await import(`${root}/server/gateway/environ.ts`)
const { runApp } = await import(`${root}/server/gateway/handler.ts`)
const { echoEnviron } = await import(`${root}/server/apps/echo-environ.ts`)
const { RequestHistory } = await import(`${root}/server/capture/history.ts`)

const server = { bindAddress: '127.0.0.1', fqdn: 'localhost', port: 8000, scriptName: '' }

/**
 * The request's facts with new strings each time, as Node's parser makes them: reusing one
 * set would hide what keeping them costs (a history of fresh strings is the collector's work).
 */
function freshFacts(headers: Readonly<Record<string, string>>) {
  const wire = Object.entries(headers)
    .flat()
    .map((text) => Buffer.from(text, 'latin1'))
  return () => ({
    method: 'GET',
    target: '/foo/bar?baz=bat',
    httpVersion: '1.1',
    rawHeaders: wire.map((bytes) => bytes.toString('latin1')),
    remoteAddress: '127.0.0.1',
    remotePort: 50000,
    localAddress: '127.0.0.1',
    localPort: 8000,
    socketFd: 21,
    body: new Uint8Array(0),
  })
}

const sink = {
  bytes: 0,
  start() {},
  write(chunk: Uint8Array) {
    this.bytes += chunk.length
  },
  end(last?: Uint8Array) {
    if (last) this.bytes += last.length
  },
  abort() {},
}

function measure(
  name: string,
  profile: string,
  headers: Readonly<Record<string, string>>,
  history: boolean
) {
  const build = prepareEnvironBuilder(server, profile)
  const ring = history
    ? new RequestHistory({ limit: 500, bodyLimit: 65536, redact: [] })
    : undefined
  const facts = freshFacts(headers)
  const once = () => {
    const request = facts()
    const environ = build(request)
    runApp(echoEnviron, environ, sink)
    ring?.add({
      startedAt: 0,
      durationMs: 0,
      request,
      environ,
      // as the server's echo records it: the environ is rebuilt from the facts when read
      rebuildEnviron: build,
      status: 200,
      responseBytes: sink.bytes,
    })
  }
  for (let i = 0; i < 20_000; i++) once()
  const rounds: number[] = []
  for (let r = 0; r < 5; r++) {
    // CPU time, not wall time: on a busy machine the wall clock also counts other processes
    const start = process.cpuUsage()
    for (let i = 0; i < 20_000; i++) once()
    const used = process.cpuUsage(start)
    rounds.push(((used.user + used.system) * 1000) / 20_000)
  }
  rounds.sort((a, b) => a - b)
  console.log(`${name.padEnd(28)} ${Math.round(rounds[0] as number)} ns CPU/request (best of 5)`)
}

console.log(`hot path of ${root}`)
measure('9 headers, capture on', 'wsgiref', BROWSER_HEADERS, true)
measure('9 headers, capture off', 'wsgiref', BROWSER_HEADERS, false)
measure('90 headers, capture on', 'wsgiref', manyHeaders(90), true)
measure('gunicorn, capture on', 'gunicorn', BROWSER_HEADERS, true)
measure('werkzeug, capture on', 'werkzeug', BROWSER_HEADERS, true)
