/**
 * @module
 * What a server profile is: the rules one Python server follows to turn a request into an
 * environ, as data, plus small hooks for what only that server does.
 *
 * One builder (gateway/environ.ts) reads these rules; a profile never copies it. The data
 * covers what every server decides (how the target splits, how headers map, which versions
 * it takes); `keys` and `refusals` are where a server's own behaviour goes: a key only it sets
 * (`gunicorn.socket`), a key it sets its own way (Werkzeug's int REMOTE_PORT), a request only
 * it refuses (gunicorn's 417 for an unknown Expect). See profiles/index.ts for the registry.
 */

import type { ParserVerdicts } from '../../contract/parser-verdicts.ts'
import type { ProfileId } from '../../contract/profiles.ts'
import type { Environ } from '../../contract/python.ts'
import type { RequestFacts, ServerFacts } from '../../contract/request.ts'
import type { MappedHeaders } from '../headers.ts'
import type { TrustServer } from './trust.ts'

/** A WSGI server or an ASGI server: `isAsgiProfile` tells them apart. */
export type ServerProfile = WsgiProfile | AsgiProfile

/** Narrow a profile to an ASGI one (its echo is the scope, not an environ). */
export function isAsgiProfile(profile: ServerProfile): profile is AsgiProfile {
  return profile.interface === 'asgi'
}

/**
 * An ASGI server: its echo is the HTTP connection scope (`{k: str(v)}` of it), built by
 * gateway/scope.ts from these rules.
 */
export interface AsgiProfile {
  readonly name: ProfileId
  readonly interface: 'asgi'
  /** One line for `--help` and the UI: the server, its version, how it runs. */
  readonly summary: string
  /** The `Server` response header the real server sends. */
  readonly serverSoftware: string
  /** The scope's keys in the order the server's protocol class inserts them. */
  readonly order: readonly AsgiScopeKey[]
  /** `scope['asgi']`: the versions the server declares (daphne declares no spec_version). */
  readonly asgi: { readonly version: string; readonly specVersion?: string }
  /**
   * `path` is `root_path + unquote(raw_path)` (uvicorn ≥0.26, #2213) or the unquoted target path
   * alone; `raw_path` likewise with or without the root_path prefix.
   */
  readonly rootPathInPath: boolean
  /** What the server refuses before it would call the app, in the order its parser meets them. */
  readonly refusals: readonly RefusalRule[]
  /** What its own parser does with bytes Node's parser refuses (see WsgiProfile.parser). */
  readonly parser?: ParserVerdicts
  /** Which server's own proxy trust rule it follows (see WsgiProfile.trust). */
  readonly trust?: TrustServer
  /** `scope['asgi']`'s keys in the order the server writes them; default version, spec_version. */
  readonly asgiKeys?: readonly ('version' | 'spec_version')[]
  /** `method`: as sent (default) or upper-cased (hypercorn's `event.method.decode().upper()`). */
  readonly method?: 'verbatim' | 'upper'
  /**
   * How `client` and `server` print: a tuple with an int port (default), a list (daphne's
   * `[host, port]`), or a tuple whose port is a str (granian's `port().to_string()`).
   */
  readonly address?: 'tuple' | 'list' | 'tuple-str-port'
  /**
   * `server` on a unix socket: uvicorn's `(path, None)` (protocols/utils.py `get_local_addr`),
   * granian's `(path, '0')` (net.rs `SockAddr::UDS`, whose unnamed peer is `client` `('', '0')`);
   * left out, None (hypercorn's `parse_socket_addr`, daphne's peer without host and port).
   * Every other server's `client` is None there.
   */
  readonly unixServer?: 'path-none' | 'path-zero'
  /** `http_version` spellings that differ from Node's `major.minor` (granian: `1.0` → `1`). */
  readonly httpVersions?: Readonly<Record<string, string>>
  /** Header names with `_`: kept (default) or dropped (daphne, against CVE-2015-0219). */
  readonly underscoreHeaders?: 'keep' | 'drop'
  /**
   * `headers` order: wire order (default), or by name: every value of one name together, the
   * names in first-occurrence order (Twisted's and hyper's header maps).
   */
  readonly headerOrder?: 'wire' | 'by-name'
  /** With no Host header, `(b'host', b'')` goes first (granian: `uri.authority()` or `''`). */
  readonly hostWhenMissing?: boolean
  /** A request header that sets `root_path` (unquoted) and is left out of `headers` (daphne). */
  readonly rootPathHeader?: string
  /**
   * `raw_path`/`query_string` from the request-target as sent (default: h11, Twisted), or from
   * the parsed URI (granian: hyper's `Uri::path()`, so an absolute-form target gives its path
   * only and a fragment is dropped).
   */
  readonly target?: 'as-sent' | 'uri'
  /** The names in `scope['extensions']`, each `{}` (default none: `{}`). */
  readonly extensions?: readonly string[]
}

/** The keys of an ASGI HTTP scope that a profile may set (ASGI spec 2.x, `http` scope). */
export type AsgiScopeKey =
  | 'type'
  | 'asgi'
  | 'http_version'
  | 'server'
  | 'client'
  | 'scheme'
  | 'method'
  | 'root_path'
  | 'path'
  | 'raw_path'
  | 'query_string'
  | 'headers'
  | 'state'
  | 'extensions'

/** Where each request's fields go and which ones a WSGI profile refuses. */
export interface WsgiProfile {
  readonly name: ProfileId
  /** Always WSGI when set; lets `isAsgiProfile` narrow the union. */
  readonly interface?: 'wsgi'
  /** One line for `--help` and the UI: the server, its version, how it runs. */
  readonly summary: string
  readonly serverSoftware: string
  /**
   * Insertion order of the environ (spec §1.3). `@os` marks the copied OS environment,
   * `@headers` the request headers in wire order. Keys not listed are never set; each listed
   * key has a rule: the profile's own (`keys`) or a shared one (profiles/key-rules.ts).
   */
  readonly order: readonly string[]
  /** How the request-target becomes PATH_INFO and QUERY_STRING (§3.2–3.7). */
  readonly target: {
    readonly split: 'question-mark' | 'urlsplit' | 'urlsplit-gunicorn'
    /** http.server's gh-87389 fix: `//a` → `/a` before anything else sees the path (§3.5). */
    readonly collapseLeadingSlashes: boolean
    readonly unquote: 'latin1' | 'werkzeug'
    /** Absolute-form `GET http://h/p` replaces HTTP_HOST with `h` (Werkzeug, §3.6). */
    readonly absoluteFormSetsHost: boolean
  }
  readonly headers: {
    /** Header names with `_` are dropped (gunicorn ≥22, Werkzeug ≥2.3) or kept (wsgiref) (§3.16). */
    readonly underscore: 'keep' | 'drop'
    /**
     * wsgiref skips a header whose mapped name is already a key (`Remote-Addr`, `Http-Foo`):
     * the keys its order sets before `@headers`, and earlier headers (§3.14).
     */
    readonly skipExistingKeys: boolean
    /** Headers that may appear once; a repeat is a 400 (gunicorn 26, §3.10, §3.13). */
    readonly singletons: readonly string[]
    /** What joins the values of a repeated name: `,` when omitted (wsgiref), `, ` (uWSGI). */
    readonly join?: string
    /**
     * A kept `_` name maps exactly like its `-` twin, CONTENT_TYPE and CONTENT_LENGTH included,
     * so the two merge by the repeat rule (uWSGI's proto/http.c maps every byte, no check).
     */
    readonly underscoreAsDash?: boolean
    /** A repeated Content-Type or Content-Length is joined like any name, not last-wins (uWSGI). */
    readonly joinContentRepeats?: boolean
    /**
     * Only these names (case-insensitive) join their repeats with `join`; any other repeated
     * name keeps its last value (cheroot's `comma_separated_headers`: Cookie and
     * X-Forwarded-For are last-wins there). Omitted: every repeated name joins.
     */
    readonly joinOnly?: readonly string[]
  }
  /** wsgiref always sets these two, with these defaults, from the first matching header (§3.13). */
  readonly contentDefaults?: { readonly CONTENT_TYPE: string; readonly CONTENT_LENGTH: string }
  readonly serverName: 'fqdn' | 'bind-address'
  /** What Python's `str()` prints for the server's streams (§1.1). */
  readonly reprs: {
    /** `{fd}` stands for the socket's file descriptor. */
    readonly input: string
    /** `wsgi.input` when the body is chunked, if the server wraps it. */
    readonly chunkedInput?: string
    readonly errors: string
  }
  /** Keys this server sets its own way, or that only it sets; they win over the shared rules. */
  readonly keys?: Readonly<Record<string, KeyRule>>
  /**
   * What the server refuses before it would call the app, checked in this order (the order
   * its parser meets them); the first that answers wins (spec §3.1).
   */
  readonly refusals: readonly RefusalRule[]
  /**
   * What the server's own parser does with bytes Node's parser refuses (bare LF, obs-fold,
   * CL+TE...), per case, from its source: the Profiles comparison shows these then.
   */
  readonly parser?: ParserVerdicts
  /**
   * Which server's own proxy trust rule (profiles/trust/) this profile follows when the user
   * turns trust on (`--proxy-trust`, the Proxy page's `server` policy). Left out: the server
   * has no proxy trust of its own (wsgiref, Werkzeug's dev server).
   */
  readonly trust?: TrustServer
}

/** What one request contributes, computed before the environ is assembled in order. */
export interface ParsedRequest {
  readonly request: RequestFacts
  /** The target after the profile's leading-slash rule. */
  readonly target: string
  readonly query: string
  readonly pathInfo: string
  readonly scriptName: string
  readonly headers: MappedHeaders
}

/** Sets one key (or, for `@os` / `@headers`, a run of keys) in the environ being built. */
export type Slot = (environ: Environ, parts: ParsedRequest) => void

/** How one key gets its value: compiled once per server, run once per request. */
export interface KeyRule {
  /**
   * Where the value comes from when no request byte does, as provenance shows it: the TCP
   * connection, the server's configuration, or the same for every request.
   */
  readonly source?: 'socket' | 'server' | 'constant'
  /** Said beside the provenance, when the source alone does not explain it. */
  readonly note?: string
  /** The value is the same for every request: the echo's fast path renders it once. */
  readonly fixed?: boolean
  /** Return the setter of `key`, with whatever does not depend on the request computed now. */
  compile(key: string, profile: WsgiProfile, server: ServerFacts): Slot
}

/** What a refusal rule sees: the request, its mapped headers, its version as major×10+minor. */
export interface RequestView {
  readonly request: RequestFacts
  readonly headers: MappedHeaders
  readonly version: number
}

/** The status and reason a server sends instead of calling the app. */
export interface Refusal {
  readonly status: number
  readonly reason: string
}

/** One thing a server refuses: its answer, or `undefined` to let the request through. */
export type RefusalRule = (view: RequestView) => Refusal | undefined
