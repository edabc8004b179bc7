/**
 * @module
 * The yardstick: a bare `node:http` server answering every request with a fixed 1 KiB JSON
 * body. The benchmark reports the echo's figures as a ratio to this one.
 */
import { createServer } from 'node:http'

const body = Buffer.from(JSON.stringify({ echo: 'x'.repeat(1011) }))

const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') process.stdout.write(`listening ${address.port}\n`)
})
// exit on SIGTERM through process.exit, so `node --cpu-prof` writes its profile
process.on('SIGTERM', () => process.exit(0))
