/**
 * @module
 * One request through the three frameworks: the environ the WSGI server hands Flask and
 * Django (after the server's proxy policy), Flask's own ProxyFix, and the scope an ASGI
 * server hands FastAPI. Pure: the route gives it the environ, the policy's decisions and
 * the request's facts.
 */

import type { AsgiScopeJson, FrameworksApiResponse } from '../contract/api/frameworks.ts'
import type { Decision } from '../proxy/outcome.ts'
import { decideProxyFix } from '../proxy/proxy-fix-rules.ts'
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
import { ScopeRefused, type UvicornRequest, uvicornScope } from './uvicorn-scope.ts'

export interface FrameworksInput {
  /** The environ after the server's proxy policy. */
  readonly environ: Environ
  /** What the policy decided, key by key (unchanged keys included). */
  readonly decisions: readonly Decision[]
  /** The policy, as a trace names it: `the proxy policy (trusted: 127.0.0.1)`. */
  readonly policyLabel: string
  /** The request as an ASGI server would parse it. */
  readonly asgiRequest: Omit<UvicornRequest, 'rootPath' | 'forwarded'>
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

  const forwarded: { client?: string; scheme?: string } = {}
  for (const d of changed) {
    if (d.key === 'REMOTE_ADDR' && d.to !== null) forwarded.client = d.to
    if (d.key === 'wsgi.url_scheme' && d.to !== null) forwarded.scheme = d.to
  }
  let scope: AsgiScopeJson | null = null
  let refused: string | undefined
  try {
    scope = uvicornScope({
      ...input.asgiRequest,
      rootPath: settings.starlette.root_path,
      forwarded,
    })
  } catch (error) {
    if (!(error instanceof ScopeRefused)) throw error
    refused = error.message
  }

  return {
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
      scope,
      ...(refused === undefined ? {} : { refused }),
      expressions: scope ? evaluateStarlette(scope, settings.starlette) : {},
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
