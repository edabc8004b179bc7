/**
 * @module
 * The yardstick: a bare `node:http` server answering every request with a fixed 1 KiB JSON
 * body. The benchmark reports the echo's figures as a ratio to this one.
 *
 * `--spin-us N` makes it burn N µs of CPU per request first: `npm run bench -- --calibrate`
 * uses that to show what a given per-request cost does to throughput on this machine.
 */
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'

const body = Buffer.from(JSON.stringify({ echo: 'x'.repeat(1011) }))
const { values } = parseArgs({ options: { 'spin-us': { type: 'string', default: '0' } } })
const spinNs = BigInt(Math.round(Number(values['spin-us']) * 1000))

const server = createServer((_req, res) => {
  if (spinNs > 0n) {
    const until = process.hrtime.bigint() + spinNs
    while (process.hrtime.bigint() < until) {} // the work an app would do, without allocating
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`)
})
// exit on SIGTERM through process.exit, so `node --cpu-prof` writes its profile
process.on('SIGTERM', () => process.exit(0))
