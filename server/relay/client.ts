/**
 * @module
 * The relay's client: write exact bytes to this server over a connection it opened to itself
 * in memory (see contract/exchange.ts), read one response, close.
 *
 * Security: the connection is made by the server, to the server, inside the process; nothing
 * in the request bytes (a Host header, an absolute-form target) can choose where they go.
 * `relayTarget` only names the server's own address, for the Host header a structured
 * request gets.
 */
import type { AddressInfo } from 'node:net'
import type { Exchange, InProcessConnection } from '../contract/exchange.ts'
import { ChunkAccumulator } from '../host/chunk-accumulator.ts'
import { type FramedResponse, frameResponse } from './response.ts'

/** The address this server listens on, as a client reaches it. */
export interface RelayTarget {
  readonly host: string
  readonly port: number
}

export interface RelayOptions {
  /** Give up after this long, counted from when the connection opened. */
  readonly timeoutMs: number
  /** Stop reading after this many bytes. */
  readonly maxResponseBytes: number
  /** The request is a HEAD: its response has no body. */
  readonly head: boolean
}

export interface RelayResult {
  readonly response: FramedResponse | null
  readonly closedByServer: boolean
  readonly timedOut: boolean
  readonly error: string | null
  /** The gateway's report of the request, when the gateway answered it. */
  readonly exchange: Exchange | undefined
  /** Milliseconds since the relay started opening the connection. */
  readonly timing: {
    /** The in-process connection handed to the server: no TCP connect, so about 0. */
    readonly connectMs: number | null
    readonly firstByteMs: number | null
    readonly totalMs: number
  }
}

/**
 * Return the address a client reaches a server listening at `address` on: the same address,
 * or loopback for a wildcard bind. `null` when the server is not listening on TCP.
 */
export function relayTarget(address: AddressInfo | string | null): RelayTarget | null {
  if (address === null || typeof address === 'string') return null
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address
  return { host, port: address.port }
}

/** Open a connection with `open`, write `bytes`, read one response, close. Never rejects. */
export function relay(
  open: () => InProcessConnection,
  bytes: Uint8Array,
  options: RelayOptions
): Promise<RelayResult> {
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100
  return new Promise<RelayResult>((resolve) => {
    const connection = open()
    const connectMs = elapsed()
    // coalesced as it arrives, like a request body (host/chunk-accumulator.ts)
    const received = new ChunkAccumulator()
    let firstByteMs: number | null = null
    let closed = false
    let error: string | null = null
    let exchange: Exchange | undefined
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
      connection.close()
      resolve({
        response: response && (response.statusLine !== null || received.size > 0) ? response : null,
        closedByServer: closed,
        timedOut,
        error:
          error ??
          response?.error ??
          (timedOut ? `no complete response within ${options.timeoutMs} ms` : null),
        exchange,
        timing: { connectMs, firstByteMs, totalMs: elapsed() },
      })
    }
    const timer = setTimeout(() => finish(true), options.timeoutMs)

    connection.onExchange((reported) => {
      exchange ??= reported
    })
    connection.onData((chunk) => {
      firstByteMs ??= elapsed()
      received.push(chunk)
      if (received.size > options.maxResponseBytes) {
        error = `the response is larger than ${options.maxResponseBytes} bytes; cut there`
        finish(false)
      } else if (frame().complete) finish(false)
    })
    connection.onClose(() => {
      closed = true
      finish(false)
    })
    connection.write(bytes)
  })
}
