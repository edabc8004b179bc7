/**
 * @module
 * What a transport knows about one request, and what the server knows about itself: the
 * facts every environ (and, for ASGI servers, every scope) is built from. Part of the
 * contract: no imports. The host adapter (adapters/node-http.ts) fills `RequestFacts` from
 * Node's raw views; the proxy debugger and the profile comparison fill it themselves.
 */

/** What the transport knows about one request. Strings are latin-1: one char per byte. */
export interface RequestFacts {
  readonly method: string
  /** The request-target exactly as sent (`/a%20b?x=1`, `*`, `http://h/p`, `h:443`). */
  readonly target: string
  /** `1.1`, `1.0`, `0.9`, as the request line said. */
  readonly httpVersion: string
  /** Header names and values in wire order, flat: [name, value, name, value, …]. */
  readonly rawHeaders: readonly string[]
  readonly remoteAddress: string
  readonly remotePort: number
  readonly localAddress: string
  readonly localPort: number
  /**
   * The TCP peer, set only when a trusted proxy's headers replaced `remoteAddress` and
   * `remotePort`: what a server's connection object still names (waitress's channel repr).
   */
  readonly socketPeer?: { readonly address: string; readonly port: number }
  /** The accepted socket's file descriptor, when the platform exposes it. */
  readonly socketFd?: number
  /** The request body, already de-chunked by the transport; reading it may join `bodyChunks`. */
  readonly body: Uint8Array
  /** The body in the pieces it arrived in, when the host kept them (reading these copies nothing). */
  readonly bodyChunks?: readonly Uint8Array[]
}

/** What the server knows about itself: fixed for its lifetime. */
export interface ServerFacts {
  /** The address the server is bound to, as gunicorn and Werkzeug report it. */
  readonly bindAddress: string
  /** `socket.getfqdn(bind host)`, as wsgiref reports it (`localhost` for 127.0.0.1). */
  readonly fqdn: string
  /** The machine's host name (`gethostname()`), as uWSGI reports it; `localhost` when omitted. */
  readonly hostname?: string
  readonly port: number
  /** The unix socket the server listens on, when it does (then `port` is 0: there is none). */
  readonly socketPath?: string
  /** Where the app is mounted (`''` at the root, `/app`). */
  readonly scriptName: string
  /** The OS environment to copy in, wsgiref style. Only ever set when the user opts in. */
  readonly osEnviron?: Readonly<Record<string, string>>
  /** Where `wsgi.errors` writes. Defaults to nowhere. */
  readonly log?: (text: string) => void
}
