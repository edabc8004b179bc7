/**
 * @module
 * The JSON shapes of `POST /_inspector/api/frameworks`. Types only, no code, so the UI (the
 * deployment lab) can share them.
 */
import type { ProfileId } from '../profiles.ts'
import type { ProxyApiRequest } from './proxy.ts'

/** Flask's config keys, plus the counts of a Werkzeug `ProxyFix` wrapped around the app. */
export interface FlaskSettingsJson {
  /** Default null. */
  readonly SERVER_NAME?: string | null
  /** Default `/`; used only outside a request. */
  readonly APPLICATION_ROOT?: string
  /** Default `http`; used only outside a request. */
  readonly PREFERRED_URL_SCHEME?: string
  /** Flask 3.1's `TRUSTED_HOSTS`; default null (any host). */
  readonly TRUSTED_HOSTS?: readonly string[] | null
  /** `app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, …)`; default null (no ProxyFix). */
  readonly ProxyFix?: {
    readonly x_for?: number
    readonly x_proto?: number
    readonly x_host?: number
    readonly x_port?: number
    readonly x_prefix?: number
  } | null
}

/** Django's setting names; defaults are `django.conf.global_settings`. */
export interface DjangoSettingsJson {
  readonly ALLOWED_HOSTS?: readonly string[]
  readonly DEBUG?: boolean
  /** A META key and the value that means https, e.g. `["HTTP_X_FORWARDED_PROTO", "https"]`. */
  readonly SECURE_PROXY_SSL_HEADER?: readonly [string, string] | null
  readonly USE_X_FORWARDED_HOST?: boolean
  readonly USE_X_FORWARDED_PORT?: boolean
  readonly FORCE_SCRIPT_NAME?: string | null
  readonly CSRF_TRUSTED_ORIGINS?: readonly string[]
}

/** The ASGI server's root path and the app's options (Starlette middleware, FastAPI). */
export interface StarletteSettingsJson {
  /** The server's `--root-path` (uvicorn), put into `scope['root_path']` and, since uvicorn 0.26, `path`. */
  readonly root_path?: string
  /** `FastAPI(root_path=...)`: replaces `scope['root_path']`. */
  readonly fastapi_root_path?: string
  /** `TrustedHostMiddleware(allowed_hosts=...)`; null: not installed. */
  readonly allowed_hosts?: readonly string[] | null
  /** `TrustedHostMiddleware(www_redirect=...)`, default true. */
  readonly www_redirect?: boolean
  /** `FastAPI(openapi_url=...)`, default `/openapi.json`. */
  readonly openapi_url?: string
}

/** The body: the proxy API's `request`, `profile` and `policy`, and each framework's settings. */
export interface FrameworksApiRequest {
  readonly request: NonNullable<ProxyApiRequest['request']>
  readonly profile?: ProxyApiRequest['profile']
  readonly policy: ProxyApiRequest['policy']
  readonly settings?: {
    readonly flask?: FlaskSettingsJson
    readonly django?: DjangoSettingsJson
    readonly starlette?: StarletteSettingsJson
  }
}

/** What one expression evaluates to, or raises; `why` names the keys and settings used. */
export type EvaluationJson =
  | {
      /** `repr()` of the result. */
      readonly value: string
      /** Text the value carries: the reason Django logs when CSRF rejects. */
      readonly message?: string
      readonly why: readonly string[]
      /** Other releases that answer differently for this input, and why. */
      readonly notes?: readonly string[]
    }
  | {
      /** The exception class: `DisallowedHost`, `SecurityError`, `KeyError`, … */
      readonly raises: string
      /** `str(exception)`. */
      readonly message: string
      readonly why: readonly string[]
      readonly notes?: readonly string[]
    }

/** One framework's answer. */
export interface FrameworkAnswerJson {
  /** The releases modelled, e.g. `Django 5.2`. */
  readonly modelled: string
  /** The settings used, defaults filled in. */
  readonly settings: Readonly<Record<string, unknown>>
  /** Expression text (as the issue writes it) → its evaluation, in a fixed order. */
  readonly expressions: Readonly<Record<string, EvaluationJson>>
}

/** An ASGI HTTP scope as JSON: byte strings as latin-1 text (one character per byte). */
export interface AsgiScopeJson {
  readonly type: 'http'
  readonly asgi: { readonly version: string; readonly spec_version: string }
  readonly http_version: string
  /** `[path, null]` on a unix socket for uvicorn (its `(path, None)`). */
  readonly server: readonly [string, number | null] | null
  readonly client: readonly [string, number] | null
  readonly scheme: string
  readonly method: string
  readonly root_path: string
  readonly path: string
  /** Bytes, as latin-1 text. */
  readonly raw_path: string
  /** Bytes, as latin-1 text. */
  readonly query_string: string
  /** Names and values are bytes, as latin-1 text; names lower-cased. */
  readonly headers: ReadonlyArray<readonly [string, string]>
}

/** The answer of `POST /_inspector/api/frameworks`. */
export interface FrameworksApiResponse {
  /**
   * The WSGI server Flask and Django run under: the request's profile when it is a WSGI
   * server, gunicorn when it is an ASGI server (`why` says which and why).
   */
  readonly wsgiServer: { readonly profile: ProfileId; readonly why: string }
  /** The environ the WSGI apps get (after the policy), values as Python's `str()`. */
  readonly environ: Readonly<Record<string, string>>
  readonly flask: FrameworkAnswerJson & {
    /** The environ Flask reads, after the app's own ProxyFix (the same as `environ` without one). */
    readonly environ: Readonly<Record<string, string>>
  }
  readonly django: FrameworkAnswerJson
  readonly starlette: FrameworkAnswerJson & {
    /**
     * The ASGI server Starlette runs under: the request's profile when it is an ASGI server,
     * uvicorn when it is a WSGI server (`why` says which and why).
     */
    readonly server: { readonly profile: ProfileId; readonly why: string }
    /**
     * The scope that server hands the app (server/frameworks/asgi-scope.ts), or null when it
     * refuses the request before the app runs.
     */
    readonly scope: AsgiScopeJson | null
    /** Why the ASGI server refuses the request (then `expressions` is empty). */
    readonly refused?: string
  }
}
