/**
 * @module
 * What Starlette 1.3.1 and FastAPI 0.141.1 compute from an ASGI scope, for an app
 * `FastAPI(root_path=..., openapi_url=...)` with one route, `@app.get('/', name='index')`.
 *
 * Modelled (Starlette 1.3.1): `datastructures.URL.__init__` from a scope (the path taken as
 * it is since 0.35, Kludex/starlette#2400; a malformed Host header ignored since 1.2,
 * Kludex/starlette#3279), `URL.replace`, `URLPath.make_absolute_url`,
 * `requests.HTTPConnection.url`, `base_url`, `client`, `url_for`, `Route.url_path_for`,
 * `middleware.trustedhost.TrustedHostMiddleware`, `middleware.httpsredirect.
 * HTTPSRedirectMiddleware`, `responses.RedirectResponse`. FastAPI 0.141.1:
 * `FastAPI.__call__` (root_path into the scope) and `FastAPI.setup`'s `/docs` page, which
 * loads the OpenAPI document from `root_path.rstrip('/') + openapi_url`.
 */
import type { AsgiScopeJson } from '../contract/api/frameworks.ts'
import { PyError } from './py/errors.ts'
import { reprNamedTuple, reprStr, reprTuple } from './py/repr.ts'
import { latin1Bytes, pyRstrip, utf8Decode } from './py/text.ts'
import {
  hostnameOf,
  passwordOf,
  portOf,
  quote,
  type SplitResult,
  urlsplit,
  urlunsplit,
} from './py/urllib.ts'
import type { StarletteSettings } from './settings.ts'
import { type Evaluation, evaluate, Step, type Why } from './trace.ts'

export const STARLETTE_MODELLED = 'Starlette 1.3.1, FastAPI 0.141.1'

/** The expressions: issue 15's, the docs URL and the two middlewares' outcomes. */
export const STARLETTE_EXPRESSIONS = [
  'request.url',
  'request.base_url',
  'request.client',
  "request.url_for('index')",
  'FastAPI /docs openapi_url',
  'TrustedHostMiddleware',
  'HTTPSRedirectMiddleware',
] as const

export type StarletteExpression = (typeof STARLETTE_EXPRESSIONS)[number]

/** Starlette's `_HOST_RE`: what a Host header must look like to be put in the URL. */
const HOST_RE = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::[0-9]+)?$/i
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 }

/** `Headers(scope=scope).get(name)`: the first header of that (lower-case) name. */
function header(scope: AsgiScopeJson, name: string): string | null {
  return scope.headers.find(([key]) => key === name)?.[1] ?? null
}

/** `str(URL(scope=scope))`. */
function urlFromScope(scope: AsgiScopeJson, why: Why): string {
  const { scheme, server, path } = scope
  const host = header(scope, 'host')
  let netloc: string | null
  if (host !== null && HOST_RE.test(host)) {
    netloc = host
    why.add(`the Host header ${reprStr(host)} is the netloc`)
  } else if (server !== null) {
    if (host !== null) {
      why.add(`the Host header ${reprStr(host)} is malformed, so the server address is used`)
      why.note(
        `Starlette < 1.2 put the Host header ${reprStr(host)} into the URL unchecked (Kludex/starlette#3279)`
      )
    } else why.add('no Host header: the server address is the netloc')
    const [name, port] = server
    const defaultPort = DEFAULT_PORTS[scheme]
    if (defaultPort === undefined) throw new PyError('KeyError', reprStr(scheme))
    // f"{host}:{port}": uvicorn's unix socket port None prints as None
    netloc = port === defaultPort ? name : `${name}:${port ?? 'None'}`
  } else {
    why.add('no Host header and no server address: the URL is only a path')
    netloc = null
  }
  const query = utf8Decode(latin1Bytes(scope.query_string), 'strict')
  if (netloc === null) return query ? `${path}?${query}` : path
  return urlunsplit({ scheme, netloc, path, query, fragment: '' })
}

/**
 * `repr(URL(url))`. The repr parses the URL to mask a password, so a URL whose bracketed
 * host is not an IP address raises `ValueError` when printed, though `str()` works.
 */
function reprUrl(url: string): string {
  const parts = urlsplit(url)
  const password = passwordOf(parts)
  if (password) throw new PyError('NotImplementedError', 'a URL with a password is not modelled')
  return `URL(${reprStr(url)})`
}

/** `URL(url).replace(**parts)`: the components replaced, put together, parsed again. */
function replaceUrl(url: string, parts: Partial<SplitResult>): string {
  return urlunsplit({ ...urlsplit(url), ...parts })
}

/** `RedirectResponse(url)`'s Location header. */
function location(url: string): string {
  return quote(url, ":/%#?=@[]!$&'()*+,;")
}

/** Evaluate every Starlette/FastAPI expression for the scope the server hands the app. */
export function evaluateStarlette(
  serverScope: AsgiScopeJson,
  settings: StarletteSettings
): Record<StarletteExpression, Evaluation> {
  // FastAPI.__call__: its own root_path replaces the server's before Starlette runs
  const scope: AsgiScopeJson = settings.fastapi_root_path
    ? { ...serverScope, root_path: settings.fastapi_root_path }
    : serverScope
  const rootWhy = (why: Why) => {
    if (settings.fastapi_root_path) {
      why.add(
        `FastAPI(root_path=${reprStr(settings.fastapi_root_path)}) sets scope['root_path']; scope['path'] stays ${reprStr(scope.path)}`
      )
    } else why.add(`scope['root_path'] = ${reprStr(scope.root_path)} (the server's --root-path)`)
  }
  const url = new Step((why) => {
    why.add(
      `scope['scheme'] = ${reprStr(scope.scheme)}, scope['path'] = ${reprStr(scope.path)} (taken as it is: uvicorn ≥ 0.26 puts root_path in it)`
    )
    const text = urlFromScope(scope, why)
    if (scope.root_path && scope.path.startsWith(scope.root_path)) {
      why.note(
        `Starlette < 0.35 added root_path to this path again: ${reprStr(doubled(scope, text))} (Kludex/starlette#2400; uvicorn ≥ 0.26 already puts it in path)`
      )
    }
    return text
  })
  const baseUrl = new Step((why) => {
    rootWhy(why)
    const root = scope.root_path
    const path = root.endsWith('/') ? root : `${root}/`
    return urlFromScope({ ...scope, path, query_string: '' }, why)
  })

  return {
    'request.url': evaluate((why) => reprUrl(why.use(url))),
    'request.base_url': evaluate((why) => reprUrl(why.use(baseUrl))),
    'request.client': evaluate((why) => {
      why.add(
        `scope['client'] = ${scope.client === null ? 'None' : reprTuple([reprStr(scope.client[0]), String(scope.client[1])])}`
      )
      if (scope.client === null) return 'None'
      return reprNamedTuple('Address', [
        ['host', reprStr(scope.client[0])],
        ['port', String(scope.client[1])],
      ])
    }),
    "request.url_for('index')": evaluate((why) => {
      const base = urlsplit(why.use(baseUrl))
      const secure = base.scheme === 'https' || base.scheme === 'wss'
      why.add(
        `the route '/' joined to base_url; the scheme is ${secure ? 'https' : 'http'} because base_url's is ${reprStr(base.scheme)}`
      )
      const joined = urlunsplit({
        scheme: secure ? 'https' : 'http',
        netloc: base.netloc,
        path: `${pyRstrip(base.path, '/')}/`,
        query: '',
        fragment: '',
      })
      return reprUrl(urlunsplit(urlsplit(joined)))
    }),
    'FastAPI /docs openapi_url': evaluate((why) => {
      rootWhy(why)
      why.add(`the /docs page loads ${reprStr(settings.openapi_url)} under root_path`)
      return reprStr(pyRstrip(scope.root_path, '/') + settings.openapi_url)
    }),
    TrustedHostMiddleware: evaluate((why) => trustedHost(scope, settings, why, url)),
    HTTPSRedirectMiddleware: evaluate((why) => httpsRedirect(scope, why, url)),
  }
}

/** The URL Starlette < 0.35 built: root_path prepended to a path that already has it. */
function doubled(scope: AsgiScopeJson, url: string): string {
  const parts = urlsplit(url)
  return urlunsplit({ ...parts, path: scope.root_path + parts.path })
}

/** TrustedHostMiddleware: None when the app runs, else the response it sends instead. */
function trustedHost(
  scope: AsgiScopeJson,
  settings: StarletteSettings,
  why: Why,
  url: Step<string>
): string {
  const allowed = settings.allowed_hosts ?? ['*']
  if (settings.allowed_hosts === null) why.add('allowed_hosts is None (not installed): any host')
  else why.add(`allowed_hosts = [${allowed.map(reprStr).join(', ')}]`)
  if (allowed.includes('*')) return 'None'
  const host = (header(scope, 'host') ?? '').split(':')[0] as string
  why.add(
    `the Host header's part before the first ':' is ${reprStr(host)} (compared as written, case-sensitive)`
  )
  let wwwRedirect = false
  for (const pattern of allowed) {
    if (host === pattern || (pattern.startsWith('*') && host.endsWith(pattern.slice(1)))) {
      why.add(`${reprStr(pattern)} matches`)
      return 'None'
    }
    if (`www.${host}` === pattern) wwwRedirect = true
  }
  if (wwwRedirect && settings.www_redirect) {
    const current = why.use(url)
    const target = replaceUrl(current, { netloc: `www.${urlsplit(current).netloc}` })
    why.add(`www.${host} is allowed and www_redirect is True: redirect there`)
    return reprTuple(['307', reprStr(location(target))])
  }
  why.add('no pattern matches: 400')
  return reprTuple(['400', reprStr('Invalid host header')])
}

/** HTTPSRedirectMiddleware: None when the scope is already https, else the 307 it sends. */
function httpsRedirect(scope: AsgiScopeJson, why: Why, url: Step<string>): string {
  why.add(`scope['scheme'] = ${reprStr(scope.scheme)}`)
  if (scope.scheme !== 'http' && scope.scheme !== 'ws') return 'None'
  const forwardedProto = header(scope, 'x-forwarded-proto')
  if (forwardedProto !== null && /https/i.test(forwardedProto)) {
    why.add(
      `the request came through a TLS proxy (X-Forwarded-Proto: ${forwardedProto}) that the server does not trust, so the scheme stays http: the redirect to https comes back as http, a redirect loop`
    )
  }
  const current = urlsplit(why.use(url))
  const redirectScheme = { http: 'https', ws: 'wss' }[current.scheme]
  if (redirectScheme === undefined) throw new PyError('KeyError', reprStr(current.scheme))
  const port = portOf(current)
  const netloc = port === 80 || port === 443 ? (hostnameOf(current) ?? '') : current.netloc
  const target = urlunsplit({ ...current, scheme: redirectScheme, netloc })
  return reprTuple(['307', reprStr(location(target))])
}
