/**
 * @module
 * The connections the relay opened to its own server, so the server can tell relayed
 * requests from everyone else's: the live capture leaves them out (`isRelayExchange`), and the
 * send API refuses to be called through the relay (no loops).
 *
 * A connection is known by its four addresses, which no two open TCP connections share on
 * one machine, so one table serves every server in the process. A closed connection stays
 * known for a moment, for answers the server finishes after the relay has hung up.
 */

/** How long a closed relay connection is still recognised. */
const LINGER_MS = 2000

/** Connection key → when it stops being recognised (`Infinity` while open). */
const open = new Map<string, number>()

/** The two ends of one TCP connection, as the server sees it. */
export interface ConnectionEnds {
  readonly remoteAddress: string
  readonly remotePort: number
  readonly localAddress: string
  readonly localPort: number
}

function keyOf(ends: ConnectionEnds): string {
  return `${ends.remoteAddress}|${ends.remotePort}|${ends.localAddress}|${ends.localPort}`
}

/**
 * Remember a relay connection, given as the server sees it (the relay's local end is the
 * server's remote end). Returns the function that forgets it, after a short linger.
 */
export function trackRelayConnection(ends: ConnectionEnds): () => void {
  const key = keyOf(ends)
  open.set(key, Number.POSITIVE_INFINITY)
  return function releaseRelayConnection() {
    const until = Date.now() + LINGER_MS
    open.set(key, until)
    // forget it once the linger is over, so the table is empty again between sends
    setTimeout(() => {
      if (open.get(key) === until) open.delete(key)
    }, LINGER_MS).unref()
  }
}

/** Whether a connection the server accepted was opened by the relay. */
export function isRelayConnection(ends: ConnectionEnds): boolean {
  // the capture asks for every request; almost always no relay is open, so build no key
  if (open.size === 0) return false
  const until = open.get(keyOf(ends))
  return until !== undefined && until > Date.now()
}

/**
 * Whether a gateway exchange came through the relay (`POST /_inspector/api/send`) rather
 * than from a client of its own. The live capture keeps only the others (capture/index.ts).
 */
export function isRelayExchange(exchange: { readonly request: ConnectionEnds }): boolean {
  return isRelayConnection(exchange.request)
}
