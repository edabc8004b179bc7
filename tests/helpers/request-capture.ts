// A TCP server that records the bytes of each request it receives and answers 204, for tests
// that check what a real client (curl, Python's requests) puts on the wire.
//
// It reads the head, then the body by Content-Length or up to the chunked terminator,
// answers "100 Continue" to an Expect header (so curl does not wait), and closes the
// connection after each answer.

import { execFile } from 'node:child_process'
import net from 'node:net'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface RequestCapture {
  readonly port: number
  /** Wait for the next complete request and return its bytes. */
  next(timeoutMs?: number): Promise<Buffer>
  close(): Promise<void>
}

/** Return true when `data` holds a whole request (head and body). */
function complete(data: Buffer): boolean {
  const end = data.indexOf('\r\n\r\n')
  if (end < 0) return false
  const head = data.subarray(0, end).toString('latin1')
  const body = data.subarray(end + 4)
  if (/^transfer-encoding:.*chunked/im.test(head))
    return /(^|\r\n)0(;[^\r\n]*)?\r\n(.*\r\n)*\r\n$/s.test(body.toString('latin1'))
  const length = /^content-length:\s*(\d+)/im.exec(head)
  return body.length >= Number(length?.[1] ?? 0)
}

export async function startRequestCapture(): Promise<RequestCapture> {
  const received: Buffer[] = []
  const waiting: Array<(data: Buffer) => void> = []
  const server = net.createServer((socket) => {
    let data = Buffer.alloc(0)
    let continued = false
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk])
      const head = data.subarray(0, Math.max(data.indexOf('\r\n\r\n'), 0)).toString('latin1')
      if (!continued && /^expect:\s*100-continue/im.test(head)) {
        continued = true
        socket.write('HTTP/1.1 100 Continue\r\n\r\n')
      }
      if (!complete(data)) return
      socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n')
      const resolve = waiting.shift()
      if (resolve) resolve(data)
      else received.push(data)
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return {
    port: address.port,
    next(timeoutMs = 5000) {
      const ready = received.shift()
      if (ready) return Promise.resolve(ready)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no request arrived')), timeoutMs)
        waiting.push((data) => {
          clearTimeout(timer)
          resolve(data)
        })
      })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * Run a program that sends one request to `capture` and return the bytes it sent; bash runs
 * without its start-up files (which Node's socket-backed pipes would make it read).
 */
export async function sentBy(
  capture: RequestCapture,
  program: string,
  args: readonly string[]
): Promise<Buffer> {
  const argv = program === 'bash' ? ['--norc', '--noprofile', ...args] : [...args]
  const env = { PATH: process.env.PATH, LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8' }
  const [, wire] = await Promise.all([run(program, argv, { env }), capture.next()])
  return wire
}
