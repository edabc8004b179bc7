/**
 * @module
 * The relay socket: write exact bytes to this server's own listener and read one response.
 *
 * Security: the only address it connects to is the one `relayTarget` derives from the
 * server's own listening socket. A wildcard bind (0.0.0.0, ::) becomes the loopback address
 * of the same family; there is no parameter for any other host, and the request bytes
 * (a Host header, an absolute-form target) cannot change where they go.
 */
import net from 'node:net'
import { ChunkAccumulator } from '../host/chunk-accumulator.ts'
import { type ConnectionEnds, trackRelayConnection } from './connections.ts'
import { type FramedResponse, frameResponse } from './response.ts'

/** Where the relay connects: always this server's own listener. */
export interface RelayTarget {
  readonly host: string
  readonly port: number
}

export interface RelayOptions {
  /** Give up after this long, counted from the start of the connect. */
  readonly timeoutMs: number
  /** Stop reading after this many bytes. */
  readonly maxResponseBytes: number
  /** The request is a HEAD: its response has no body. */
  readonly head: boolean
  /** Told the connection's ends (as the server sees them) before the bytes are written. */
  readonly onConnect?: (ends: ConnectionEnds) => void
}

export interface RelayResult {
  readonly response: FramedResponse | null
  readonly closedByServer: boolean
  readonly timedOut: boolean
  readonly error: string | null
  /** Milliseconds since the connect started. */
  readonly timing: {
    readonly connectMs: number | null
    readonly firstByteMs: number | null
    readonly totalMs: number
  }
}

/**
 * Return where the relay connects for a server listening at `address`: the same address,
 * or loopback for a wildcard bind. `null` when the server is not listening on TCP.
 */
export function relayTarget(address: net.AddressInfo | string | null): RelayTarget | null {
  if (address === null || typeof address === 'string') return null
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address
  return { host, port: address.port }
}

/** Write `bytes` to `target`, read one response, close. Never rejects. */
export function relay(
  target: RelayTarget,
  bytes: Uint8Array,
  options: RelayOptions
): Promise<RelayResult> {
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100
  return new Promise<RelayResult>((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port })
    // coalesced as it arrives, like a request body (host/chunk-accumulator.ts)
    const received = new ChunkAccumulator()
    let connectMs: number | null = null
    let firstByteMs: number | null = null
    let closed = false
    let error: string | null = null
    let release = () => {}
    let settled = false

    const frame = () =>
      frameResponse(received.concat(), {
        head: options.head,
        closed,
      })
    const finish = (timedOut: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      const response = received.size > 0 || closed ? frame() : null
      socket.destroy()
      release()
      resolve({
        response: response && (response.statusLine !== null || received.size > 0) ? response : null,
        closedByServer: closed,
        timedOut,
        error:
          error ??
          response?.error ??
          (timedOut ? `no complete response within ${options.timeoutMs} ms` : null),
        timing: { connectMs, firstByteMs, totalMs: elapsed() },
      })
    }
    const timer = setTimeout(() => finish(true), options.timeoutMs)

    socket.setNoDelay(true)
    socket.on('connect', () => {
      connectMs = elapsed()
      const ends: ConnectionEnds = {
        remoteAddress: socket.localAddress ?? '',
        remotePort: socket.localPort ?? 0,
        localAddress: socket.remoteAddress ?? '',
        localPort: socket.remotePort ?? 0,
      }
      release = trackRelayConnection(ends)
      options.onConnect?.(ends)
      socket.write(bytes)
    })
    socket.on('data', (chunk: Buffer) => {
      firstByteMs ??= elapsed()
      received.push(chunk)
      if (received.size > options.maxResponseBytes) {
        error = `the response is larger than ${options.maxResponseBytes} bytes; cut there`
        finish(false)
      } else if (frame().complete) finish(false)
    })
    const onClose = () => {
      closed = true
      finish(false)
    }
    socket.on('end', onClose)
    socket.on('close', onClose)
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      // a reset after the answer arrived still leaves the answer to report
      error = `${cause.code ?? 'error'}: ${cause.message}`
      onClose()
    })
  })
}
