/**
 * @module
 * The JSON shapes of `POST /_inspector/api/proxy` and `GET /_inspector/api/proxy/presets`.
 *
 * Types only, no imports and no code, so the UI can share them. The analysis uses the same
 * types for its hops, decisions and RFC 7239 elements (outcome.ts, forwarded.ts), and
 * routes.ts checks its answers against them, so they cannot drift from what the server sends.
 */
import type { ProfileId } from '../profiles.ts'

/** A request as a proxy chain delivers it to the app, and the socket peer it comes from. */
export interface ProxyRequestJson {
  /** A token, default `GET`. */
  readonly method?: string
  /** The request-target as sent, default `/`. */
  readonly target?: string
  /** `0.9`, `1.0` or `1.1`, default `1.1` (nginx talks 1.0 to the app unless told otherwise). */
  readonly httpVersion?: string
  /** In wire order, case and repeats kept; values latin-1, no CR/LF/NUL. */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  /** The socket peer: the last proxy, or the client itself. Default `127.0.0.1:50000`. */
  readonly peer?: { readonly address: string; readonly port?: number }
}

/** How much to trust the forwarding headers. */
export type ProxyPolicyJson =
  | { readonly mode: 'none' }
  | {
      readonly mode: 'proxy-fix'
      /** Werkzeug's x_for … x_prefix: proxies that set each header; defaults 1, 1, 0, 0, 0. */
      readonly xFor?: number
      readonly xProto?: number
      readonly xHost?: number
      readonly xPort?: number
      readonly xPrefix?: number
    }
  | {
      readonly mode: 'trusted'
      /** Addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`. */
      readonly proxies: readonly string[]
      /** Walk `Forwarded: for=` instead of X-Forwarded-For. Default false. */
      readonly forwarded?: boolean
    }
  | ServerTrustPolicyJson

/**
 * The server's own proxy trust (gunicorn's forwarded_allow_ips, waitress's trusted_proxy,
 * uvicorn's forwarded_allow_ips …), applied under the request's profile before the environ
 * or, for an ASGI profile, the scope is built. Needs `request` (the rule
 * reads the raw headers and the peer). Not a middleware: the CLI spells it `--proxy-trust`.
 */
export interface ServerTrustPolicyJson {
  readonly mode: 'server'
  /**
   * The server's option names and values as on its command line
   * (`{forwarded_allow_ips: '127.0.0.1'}`); `'server-default'`: the real server's defaults;
   * left out or `{}`: nothing trusted.
   */
  readonly settings?: 'server-default' | Readonly<Record<string, string>>
}

/** What the server's own trust decided, in the trace of a `server` policy. */
export interface ServerTrustTraceJson {
  /** The trust rule that ran (the profile's server). */
  readonly server: string
  /** Each option the rule knows, with one line of help. */
  readonly options: Readonly<Record<string, string>>
  /** The settings the rule ran with, and the real server's defaults, as the rule holds them. */
  readonly settings: unknown
  readonly serverDefaults: unknown
  /** One line per decision, in the server's own terms. */
  readonly why: readonly string[]
  /** The server answers this instead of calling the app. */
  readonly refusal?: { readonly status: number; readonly reason: string }
}

/** The body of `POST /_inspector/api/proxy`: exactly one of `request` and `environ`. */
export interface ProxyApiRequest {
  readonly request?: ProxyRequestJson
  /** An environ as the echo printed it (all values strings). */
  readonly environ?: Readonly<Record<string, string>>
  readonly policy: ProxyPolicyJson
  /** Builds the environ from `request`; default: the server's own `--profile`. */
  readonly profile?: ProfileId
}

/** One hop from the client to the app (see server/proxy/outcome.ts). */
/**
 * One hop of the chain from the client to the app (server/proxy/outcome.ts's `Hop`).
 *
 * `role`: `client` is the hop REMOTE_ADDR names in the end; `proxy` a hop the policy trusted
 * and stepped over; `ignored` a hop it does not believe (left of the client, or everything
 * when the socket peer is not trusted).
 */
export interface HopJson {
  /** As written in the header, or the socket peer's address. */
  readonly address: string
  /** An ASGI server's own trust may read another header (daphne --proxy-headers-host). */
  readonly source: 'socket' | 'X-Forwarded-For' | 'Forwarded' | (string & {})
  /** Position in the header's list, 0 = leftmost; absent for the socket peer. */
  readonly index?: number
  /** The address without brackets or port, or null when it is not an IP address. */
  readonly ip: string | null
  readonly port?: string
  readonly trusted: boolean
  readonly role: 'client' | 'proxy' | 'ignored'
  readonly reason: string
}

/** The value chosen for one key; `to === from` when the policy left it. */
export interface DecisionJson {
  readonly key:
    | 'REMOTE_ADDR'
    | 'wsgi.url_scheme'
    | 'HTTP_HOST'
    | 'SERVER_NAME'
    | 'SERVER_PORT'
    | 'SCRIPT_NAME'
    | ScopeDecisionKey
  /** Before the policy ran; null when the key was missing. */
  readonly from: string | null
  readonly to: string | null
  /** The header the value came from, or `server` when unchanged. */
  readonly source: string
  /** Why, in one sentence a learner can check against the request. */
  readonly rule: string
  /** The real server's source line that decided it (an ASGI server's own trust). */
  readonly cite?: string
}

/**
 * What an ASGI server's own trust may change in the scope: `client` and `scheme`, the `host`
 * entry of `headers` (hypercorn), and `server`, which none of them touches.
 */
export type ScopeDecisionKey = 'client' | 'scheme' | 'host header' | 'server'

export type WarningCode =
  | 'xff-leftmost-client-controlled'
  | 'more-values-than-trusted'
  | 'fewer-values-than-trusted'
  | 'untrusted-peer-forwarding-headers'
  | 'forwarded-conflict'
  | 'forwarded-malformed'
  | 'forwarded-ignored'
  | 'x-forwarded-ignored'
  | 'client-not-an-address'
  | 'underscore-header'
  | 'invalid-environ'

export interface WarningJson {
  readonly code: WarningCode
  readonly message: string
}

/** A valid `for=`/`by=` node, split into name and port. */
export interface ForwardedNodeJson {
  readonly kind: 'ipv4' | 'ipv6' | 'unknown' | 'obfuscated'
  /** The IP address without brackets, `unknown`, or the `_identifier`. */
  readonly name: string
  /** A port number or an obfuscated port (`_p1`). */
  readonly port?: string
}

/** One RFC 7239 element: the parameters one proxy added, values unquoted. */
export interface ForwardedElementJson {
  /** Position in the whole list, 0 = leftmost (farthest from the server). */
  readonly index: number
  /** Which header line it came from, 0 = first. */
  readonly line: number
  /** The element as written. */
  readonly text: string
  readonly for?: string
  readonly by?: string
  readonly host?: string
  readonly proto?: string
  /** `for=`, when it is a valid node. */
  readonly forNode?: ForwardedNodeJson
  /** `by=`, when it is a valid node. */
  readonly byNode?: ForwardedNodeJson
  /** Parameters other than the four of RFC 7239 §5, name lower-cased. */
  readonly extensions: ReadonlyArray<readonly [string, string]>
  /** No error was reported for this element (warnings allowed). */
  readonly valid: boolean
}

export type ForwardedErrorCode =
  | 'unclosed-quote'
  | 'missing-equals'
  | 'whitespace-around-equals'
  | 'whitespace-around-semicolon'
  | 'bad-parameter-name'
  | 'empty-value'
  | 'bad-value'
  | 'needs-quotes'
  | 'unquoted-ipv6'
  | 'ipv6-needs-brackets'
  | 'duplicate-parameter'
  | 'invalid-node'
  | 'bad-proto'
  | 'bad-host'

export interface ForwardedErrorJson {
  /** `warning`s leave the element usable; `error`s make it invalid. */
  readonly severity: 'error' | 'warning'
  readonly code: ForwardedErrorCode
  /** Index of the element it belongs to (see {@link ForwardedElementJson.index}). */
  readonly element: number
  /** The parameter name, when the problem is in one pair. */
  readonly parameter?: string
  /** The offending text. */
  readonly text: string
  readonly message: string
}

export interface ProxyTraceJson {
  /** The policy with defaults filled in; `trusted` adds `ranges` (CIDR). */
  readonly policy: Readonly<Record<string, unknown>>
  /** Proxy-related headers as received, wire order, repeats separate. */
  readonly headers: ReadonlyArray<{ readonly name: string; readonly value: string }>
  /** From the client side (leftmost) to the socket peer (last). */
  readonly hops: readonly HopJson[]
  /** One per key, in the order of `inspector.proxy_fix.orig`. */
  readonly decisions: readonly DecisionJson[]
  readonly warnings: readonly WarningJson[]
  readonly forwarded: {
    readonly elements: readonly ForwardedElementJson[]
    readonly errors: readonly ForwardedErrorJson[]
  }
  /** X-Forwarded-For split as Werkzeug 3.2 splits it, empty and quoted items noted. */
  readonly xForwardedFor: {
    readonly items: ReadonlyArray<{
      readonly text: string
      readonly value: string
      readonly quoted: boolean
      readonly empty: boolean
    }>
    readonly unclosedQuote: boolean
  }
  /** Set for a `server` policy: the server's own rule, its settings and its reasons. */
  readonly serverTrust?: ServerTrustTraceJson
}

/** The answer of `POST /_inspector/api/proxy`. Environ values are Python `str()`. */
export interface ProxyApiResponse {
  readonly rawEnviron: Readonly<Record<string, string>>
  readonly effectiveEnviron: Readonly<Record<string, string>>
  /** Keys the policy changed or added, in effective-environ order. */
  readonly changed: readonly string[]
  readonly trace: ProxyTraceJson
}

export interface ProxyPresetJson {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly request: ProxyRequestJson & {
    readonly peer: { readonly address: string; readonly port: number }
  }
  readonly policy: ProxyPolicyJson
}

/** The answer of `GET /_inspector/api/proxy/presets`. */
export interface ProxyPresetsResponse {
  readonly presets: readonly ProxyPresetJson[]
  /** The policy the server itself runs with (`--proxy-fix`, `--trusted-proxies`), or none. */
  readonly serverPolicy: ProxyPolicyJson
}

/** A 400: `message` names the field and says why. */
export interface ProxyApiError {
  readonly statusCode: number
  readonly code?: string
  readonly error: string
  readonly message: string
}
