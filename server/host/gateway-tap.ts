/**
 * @module
 * What the features beside the gateway (the relay) may know of it, as `fastify.gateway`:
 * the server's own facts once it listens, and connections to itself in memory.
 *
 * `buildServer` (app.ts) makes it from the adapters, so a feature reaches the server's
 * connection handling without importing an adapter.
 */
import type { IncomingMessage } from 'node:http'
import type { InProcessConnection } from '../contract/exchange.ts'
import type { ServerFacts } from '../contract/request.ts'

export interface GatewayTap {
  /** The running server; `undefined` until it listens. */
  running(): RunningGateway | undefined
  /** Whether `request` came over an in-process connection (so the relay can refuse itself). */
  isInProcess(request: IncomingMessage): boolean
}

export interface RunningGateway {
  /** The server's own facts: bind address, port, mount point. */
  readonly facts: ServerFacts
  /**
   * Open a connection to this server in memory, on behalf of the API call `caller`: its
   * requests reach the same parser and gateway a client's do.
   */
  connect(caller: IncomingMessage): InProcessConnection
}
