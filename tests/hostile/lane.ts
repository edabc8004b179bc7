/**
 * @module
 * One client connection for the fuzzer, reused while the server keeps it open: a keep-alive
 * lane sends thousands of requests over a few sockets instead of one socket each.
 *
 * Framing is raw-http.ts's `parseResponse`, so the answer is judged the way every other
 * socket test reads one. A lane never hangs: each exchange gives up after `timeoutMs`.
 */
import net from 'node:net'
import { parseResponse, type RawTarget } from '../helpers/raw-http.ts'

export interface LaneAnswer {
  status: number | null
  headers: Array<[string, string]>
  body: Buffer
  raw: Buffer
  closed: boolean
  timedOut: boolean
  complete: boolean
  error: string | null
}

export interface SendOptions {
  /** The request is a HEAD: the response has no body. */
  head: boolean
  timeoutMs: number
  /** Open a new connection and send FIN after the bytes: the server sees the end of them. */
  oneShot: boolean
}

export class Lane {
  #socket: net.Socket | null = null
  readonly #target: RawTarget
  /** Connections this lane opened. */
  connections = 0

  constructor(target: RawTarget) {
    this.#target = target
  }

  /** Send `bytes` and read one response (or the close, or the timeout). */
  async send(bytes: Buffer, options: SendOptions): Promise<LaneAnswer> {
    if (options.oneShot) this.close()
    const socket = this.#socket ?? (await this.#connect())
    this.#socket = socket
    const result = await exchange(socket, bytes, options)
    if (
      options.oneShot ||
      result.closed ||
      result.timedOut ||
      !result.complete ||
      expectsClose(result)
    ) {
      this.close()
    }
    return result
  }

  close(): void {
    this.#socket?.destroy()
    this.#socket = null
  }

  #connect(): Promise<net.Socket> {
    this.connections++
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.#target)
      socket.setNoDelay(true)
      socket.once('connect', () => {
        socket.off('error', reject)
        // a reset between two exchanges is read as a close by the next one, never thrown
        socket.on('error', () => {})
        resolve(socket)
      })
      socket.once('error', reject)
    })
  }
}

function expectsClose(result: LaneAnswer): boolean {
  return result.headers.some(
    ([name, value]) => name.toLowerCase() === 'connection' && /close/i.test(value)
  )
}

function exchange(socket: net.Socket, bytes: Buffer, options: SendOptions): Promise<LaneAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let closed = false
    let error: string | null = null
    let done = false
    const finish = (timedOut: boolean) => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.off('data', onData)
      socket.off('end', onClose)
      socket.off('close', onClose)
      socket.off('error', onError)
      const raw = Buffer.concat(chunks)
      const parsed = parseResponse(raw, { head: options.head, closed })
      resolve({
        status: parsed.status,
        headers: parsed.headers,
        body: parsed.body,
        raw,
        closed,
        timedOut,
        complete: parsed.complete,
        error: error ?? parsed.error,
      })
    }
    const check = () => {
      const parsed = parseResponse(Buffer.concat(chunks), { head: options.head, closed })
      if (closed || (parsed.complete && !parsed.expectClose)) finish(false)
    }
    const onData = (chunk: Buffer) => {
      chunks.push(chunk)
      check()
    }
    const onClose = () => {
      closed = true
      check()
    }
    const onError = (cause: NodeJS.ErrnoException) => {
      error = cause.code ?? cause.message
      onClose()
    }
    const timer = setTimeout(() => finish(true), options.timeoutMs)
    socket.on('data', onData)
    socket.on('end', onClose)
    socket.on('close', onClose)
    socket.on('error', onError)
    if (socket.destroyed) onClose()
    socket.write(bytes, (cause) => {
      if (cause) onError(cause as NodeJS.ErrnoException)
      else if (options.oneShot) socket.end()
    })
  })
}
