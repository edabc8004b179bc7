/**
 * @module
 * One request through the three frameworks: the environ the WSGI server hands Flask and
 * Django (after the server's proxy policy), Flask's own ProxyFix, and the scope an ASGI
 * server hands FastAPI. Pure: the route gives it the environ, the policy's decisions and
 * the request's facts. The scope is the chosen ASGI profile's (frameworks/asgi-scope.ts).
 */

import type { EvaluationJson, FrameworksApiResponse } from '../contract/api/frameworks.ts'
import type { ProfileId } from '../contract/profiles.ts'
import type { Decision } from '../proxy/outcome.ts'
import { decideProxyFix } from '../proxy/proxy-fix-rules.ts'
import { type Forwarded, starletteScope } from './asgi-scope.ts'
import { DJANGO_MODELLED, evaluateDjango } from './django.ts'
import { evaluateFlask, FLASK_MODELLED } from './flask.ts'
import { type Environ, EnvironView, strEnviron } from './py/environ.ts'
import type {
  DjangoSettings,
  FlaskSettings,
  ProxyFixSettings,
  StarletteSettings,
} from './settings.ts'
import { evaluateStarlette, STARLETTE_MODELLED } from './starlette.ts'

/** A server the frameworks run under, and why that one (gateway/profiles/counterparts.ts). */
export interface ServerNamed {
  readonly id: ProfileId
  readonly why: string
}

export interface FrameworksInput {
  /** The WSGI server whose environ Flask and Django read. */
  readonly wsgiServer: ServerNamed
  /** The environ after the server's proxy policy. */
  readonly environ: Environ
  /** What the policy decided, key by key (unchanged keys included). */
  readonly decisions: readonly Decision[]
  /** The policy, as a trace names it: `the proxy policy (trusted: 127.0.0.1)`. */
  readonly policyLabel: string
  /** The ASGI server Starlette runs under, and the scope it built or why it refused the request. */
  readonly asgi: {
    readonly server: ServerNamed
    readonly built: { readonly scope: Environ } | { readonly refused: string }
  }
  readonly settings: {
    readonly flask: FlaskSettings
    readonly django: DjangoSettings
    readonly starlette: StarletteSettings
  }
}

/** Evaluate every expression of every framework. */
export function evaluateFrameworks(input: FrameworksInput): FrameworksApiResponse {
  const { environ, decisions, policyLabel, settings } = input
  const changed = decisions.filter((d) => d.to !== d.from)
  const serverOrigins = new Map(changed.map((d) => [d.key, `${policyLabel}: ${d.rule}`]))

  const flaskEnviron: Environ = { ...environ }
  const flaskOrigins = new Map(serverOrigins)
  if (settings.flask.ProxyFix) applyProxyFix(flaskEnviron, settings.flask.ProxyFix, flaskOrigins)

  const forwarded: { -readonly [K in keyof Forwarded]: Forwarded[K] } = {}
  for (const d of changed) {
    if (d.key === 'REMOTE_ADDR' && d.to !== null) forwarded.client = d.to
    if (d.key === 'wsgi.url_scheme' && d.to !== null) forwarded.scheme = d.to
  }
  const { asgi } = input
  const scope = 'scope' in asgi.built ? starletteScope(asgi.built.scope, forwarded) : null

  return {
    wsgiServer: { profile: input.wsgiServer.id, why: input.wsgiServer.why },
    environ: strEnviron(environ),
    flask: {
      modelled: FLASK_MODELLED,
      settings: settings.flask as unknown as Record<string, unknown>,
      environ: strEnviron(flaskEnviron),
      expressions: evaluateFlask(new EnvironView(flaskEnviron, flaskOrigins), settings.flask),
    },
    django: {
      modelled: DJANGO_MODELLED,
      settings: settings.django as unknown as Record<string, unknown>,
      expressions: evaluateDjango(new EnvironView(environ, serverOrigins), settings.django),
    },
    starlette: {
      modelled: STARLETTE_MODELLED,
      settings: settings.starlette as unknown as Record<string, unknown>,
      server: { profile: asgi.server.id, why: asgi.server.why },
      scope,
      ...('refused' in asgi.built ? { refused: asgi.built.refused } : {}),
      expressions: scope
        ? withServer(evaluateStarlette(scope, settings.starlette), asgi.server)
        : {},
    },
  }
}

/**
 * `ProxyFix(app.wsgi_app, x_for=…)` around the Flask app: the same decisions the proxy
 * analysis makes, applied as Werkzeug does, originals kept in `werkzeug.proxy_fix.orig`.
 */
function applyProxyFix(
  environ: Environ,
  counts: ProxyFixSettings,
  origins: Map<string, string>
): void {
  const { decisions } = decideProxyFix(environ, {
    xFor: counts.x_for,
    xProto: counts.x_proto,
    xHost: counts.x_host,
    xPort: counts.x_port,
    xPrefix: counts.x_prefix,
  })
  const label = `ProxyFix(x_for=${counts.x_for}, x_proto=${counts.x_proto}, x_host=${counts.x_host}, x_port=${counts.x_port}, x_prefix=${counts.x_prefix})`
  environ['werkzeug.proxy_fix.orig'] = {
    pyDict: decisions.map((d) => [d.key, d.from] as const),
  }
  for (const d of decisions) {
    if (d.to === null || d.to === d.from) continue
    environ[d.key] = d.to
    origins.set(d.key, `set by ${label}: ${d.rule}`)
  }
}

/** Every Starlette answer starts by naming the ASGI server whose scope it read. */
function withServer(
  expressions: Record<string, EvaluationJson>,
  server: ServerNamed
): Record<string, EvaluationJson> {
  return Object.fromEntries(
    Object.entries(expressions).map(([text, evaluation]) => [
      text,
      { ...evaluation, why: [server.why, ...evaluation.why] },
    ])
  )
}
