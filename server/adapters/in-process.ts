/**
 * @module
 * Connections this server opens to itself, in memory: the relay's (`POST /_inspector/api/send`).
 *
 * The server side is a stream handed to the `http.Server` as a `'connection'`, exactly as
 * net hands it a TCP socket, so Node's parser (llhttp) reads the real request bytes and the
 * gateway, the inspector's routes and the parser's refusals answer as they would over the
 * network. What the server writes comes back to the relay a turn of the event loop later,
 * as it would through the kernel: by then the server has finished its turn, so the gateway
 * has told the connection about the exchange before the response's last byte arrives.
 *
 * Security: nothing leaves the process. There is no address to connect to, so no request
 * byte (a Host header, an absolute-form target, CONNECT) can send it anywhere else, nor to
 * another cluster worker.
 */
import type { EventEmitter } from 'node:events'
import { Duplex } from 'node:stream'
import type { Exchange, InProcessConnection } from '../contract/exchange.ts'

/** The connection a relayed request is made on behalf of: the API call's own. */
export interface CallerConnection {
  readonly remoteAddress?: string
  readonly remotePort?: number
  readonly localAddress?: string
  readonly localPort?: number
}

/**
 * The server's end of an in-process connection. It reports the caller's addresses, so the
 * environ shows who asked for the request (REMOTE_ADDR) and where they reached the server.
 */
export class InProcessSocket extends Duplex {
  readonly remoteAddress: string | undefined
  readonly remotePort: number | undefined
  readonly localAddress: string | undefined
  readonly localPort: number | undefined
  /** The caller's socket descriptor, which the environ's stream reprs print. */
  readonly fd: number | undefined
  #peer: Peer
  #exchangeListeners: Array<(exchange: Exchange) => void> = []

  constructor(caller: CallerConnection, fd: number | undefined, peer: Peer) {
    super({ allowHalfOpen: true })
    this.remoteAddress = caller.remoteAddress
    this.remotePort = caller.remotePort
    this.localAddress = caller.localAddress
    this.localPort = caller.localPort
    this.fd = fd
    this.#peer = peer
  }

  /** Tell the relay about an exchange the gateway answered on this connection. */
  reportExchange(exchange: Exchange): void {
    for (const listener of this.#exchangeListeners) listener(exchange)
  }

  onExchange(listener: (exchange: Exchange) => void): void {
    this.#exchangeListeners.push(listener)
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    // a turn later, as through the kernel; the write completes once the relay has the bytes
    setImmediate(() => {
      this.#peer.data(chunk)
      callback()
    })
  }

  override _final(callback: () => void): void {
    setImmediate(() => {
      this.#peer.close()
      callback()
    })
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    setImmediate(() => this.#peer.close())
    callback(error)
  }

  // what Node's http server and the gateway host may call on a net.Socket; nothing to tune here
  setTimeout(): this {
    return this
  }
  setNoDelay(): this {
    return this
  }
  setKeepAlive(): this {
    return this
  }
}

/** The relay's end, told what the server writes. */
interface Peer {
  data(chunk: Buffer): void
  close(): void
}

/**
 * Open a connection to `server` in memory, on behalf of the API call that came in on
 * `caller`, and return the relay's end of it.
 */
export function openInProcess(
  server: EventEmitter,
  caller: CallerConnection,
  callerFd: number | undefined
): InProcessConnection {
  const dataListeners: Array<(chunk: Uint8Array) => void> = []
  const closeListeners: Array<() => void> = []
  let closed = false
  const socket = new InProcessSocket(caller, callerFd, {
    data(chunk) {
      if (!closed) for (const listener of dataListeners) listener(chunk)
    },
    close() {
      if (closed) return
      closed = true
      for (const listener of closeListeners) listener()
    },
  })
  socket.on('error', () => {}) // a parser refusal or a reset ends the connection, no more
  server.emit('connection', socket)
  return {
    write(bytes) {
      if (!closed) socket.push(bytes)
    },
    onData(listener) {
      dataListeners.push(listener)
    },
    onClose(listener) {
      closeListeners.push(listener)
    },
    onExchange(listener) {
      socket.onExchange(listener)
    },
    close() {
      closed = true
      socket.destroy()
    },
  }
}

/** Whether a request arrived over an in-process connection (the relay's own). */
export function isInProcessSocket(socket: unknown): socket is InProcessSocket {
  return socket instanceof InProcessSocket
}
