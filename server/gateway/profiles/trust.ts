/**
 * @module
 * A server's own proxy trust, as a pure function: from the request's headers, the peer's
 * address and the server's settings (in the server's own option names) to what the server
 * changes in the environ or scope, which headers it deletes, and why.
 *
 * One module per server in `profiles/trust/`; a profile maps the {@link TrustEffect} onto its
 * keys (`REMOTE_ADDR` or scope `client`, `wsgi.url_scheme` or `scheme`). The echo's default is
 * each module's `off` settings: we trust no peer unless told.
 */

/** One header as received, in wire order, its name as sent. */
export type WireHeader = readonly [name: string, value: string]

/** What the server's trust logic sees. */
export interface TrustInput {
  readonly headers: readonly WireHeader[]
  readonly peer: { readonly host: string; readonly port: number }
  readonly tls: boolean
}

/** What the server changes; fields left out are left as the server sets them without a proxy. */
export interface TrustEffect {
  /** REMOTE_ADDR/REMOTE_PORT, or the scope's `client`; no port = the peer's stays. */
  readonly client?: { readonly host: string; readonly port?: number }
  /** `wsgi.url_scheme`, or the scope's `scheme`. */
  readonly scheme?: string
  /** The new Host value (HTTP_HOST, or the scope's `host` header). */
  readonly host?: string
  /** The new Host goes after every other header, not where the first one was (hypercorn). */
  readonly hostLast?: boolean
  readonly serverName?: string
  readonly serverPort?: string
  /** SCRIPT_NAME; PATH_INFO loses this prefix (gunicorn's `SCRIPT_NAME:` header). */
  readonly scriptName?: string
  /** Lower-case header name → the value the server rewrites it to (waitress 3.0.2). */
  readonly setHeaders?: Readonly<Record<string, string>>
  /** Lower-case header names the server removes. */
  readonly dropHeaders: readonly string[]
  /** Header names with `_` the server lets through (gunicorn `forwarder_headers`), upper-case. */
  readonly keepUnderscore?: readonly string[]
  /** The server answers this instead of calling the app. */
  readonly refusal?: { readonly status: number; readonly reason: string }
  /** One line per decision, in the server's own terms. */
  readonly why: readonly string[]
  /** Whether the server believed its peer at all, with the line that decides it (ASGI rules). */
  readonly gate?: TrustGate
  /** Each scope value the server read from a header, and where (ASGI rules; the scope trace). */
  readonly reads?: readonly TrustRead[]
}

/** The peer check that comes before any header is read. */
export interface TrustGate {
  /** false: the headers were not read; a server without a check believes every peer. */
  readonly trusted: boolean
  readonly why: string
  /** The real server's source line. */
  readonly cite: string
}

/** One value an ASGI server took from a proxy header. */
export interface TrustRead {
  /** The scope value it sets: `client`, `scheme`, or the `host` header. */
  readonly sets: 'client' | 'scheme' | 'host'
  /** The header read, as the server names it. */
  readonly header: string
  /** The header's items as the server split them, leftmost first; empty for a whole value. */
  readonly items: readonly string[]
  /** Which item it took (0 = leftmost); undefined when none was taken. */
  readonly item?: number
  /** Whether the server used it; false: it read the header and left the value. */
  readonly used: boolean
  /** The taken item may be whatever the client wrote: no check or count vouches for it. */
  readonly clientControlled?: boolean
  readonly why: string
  /** The real server's source line. */
  readonly cite: string
}

export type TrustServer = 'gunicorn' | 'waitress' | 'uvicorn' | 'hypercorn' | 'daphne'

/** One server's proxy trust: its settings and the rule. */
export interface ProxyTrust<S> {
  readonly server: TrustServer
  /** Our default: nothing trusted, nothing rewritten beyond what the server always does. */
  readonly off: S
  /** The real server's defaults. */
  readonly serverDefaults: S
  /** The option names `parse` accepts, with one line each for `--help` and the UI. */
  readonly options: Readonly<Record<string, string>>
  /** Settings from `name=value` pairs; names and values as on the server's command line. */
  parse(pairs: Readonly<Record<string, string>>): S
  apply(input: TrustInput, settings: S): TrustEffect
}

/** A setting the server would refuse; `field` names the option. */
export class TrustSettingsError extends Error {
  readonly field: string
  constructor(field: string, message: string) {
    super(`${field}: ${message}`)
    this.field = field
  }
}

/** Every value of header `name` (any case), in wire order. */
export function headerValues(headers: readonly WireHeader[], name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}

/** `true`/`false` as the servers' CLIs spell them. */
export function parseBool(field: string, text: string): boolean {
  const t = text.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(t)) return true
  if (['0', 'false', 'no', 'off'].includes(t)) return false
  throw new TrustSettingsError(field, `expected true or false, got ${JSON.stringify(text)}`)
}

/** Refuse option names the server does not have. */
export function checkNames(
  pairs: Readonly<Record<string, string>>,
  options: Readonly<Record<string, string>>
): void {
  for (const name of Object.keys(pairs)) {
    if (!(name in options)) {
      throw new TrustSettingsError(
        name,
        `unknown option; expected one of ${Object.keys(options).join(', ')}`
      )
    }
  }
}
