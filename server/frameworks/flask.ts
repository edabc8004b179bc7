/**
 * @module
 * What Flask 3.1.3 on Werkzeug 3.1.8 computes from an environ, inside the request context of
 * an app with one route, `@app.route('/') def index()`.
 *
 * Modelled (Flask 3.1.3): `Flask.create_url_adapter` (TRUSTED_HOSTS checked while the URL
 * adapter is made, `SERVER_NAME` no longer restricting the host since 3.1,
 * pallets/flask#5553), `RequestContext.__init__` (an HTTPException there leaves no URL
 * adapter), `Flask.url_for`. Werkzeug's side is in ./werkzeug.ts (`Request` properties,
 * `Map.bind_to_environ`, `Map.bind`, `MapAdapter.build`).
 */
import { parseListHeader } from '../proxy/xff.ts'
import type { EnvironView } from './py/environ.ts'
import { PyError } from './py/errors.ts'
import { encodeIdnaAscii } from './py/idna.ts'
import { reprBool, reprOptionalStr, reprStr, reprStrList } from './py/repr.ts'
import { pyStrip, wsgiDecodingDance } from './py/text.ts'
import type { FlaskSettings } from './settings.ts'
import { type Evaluation, evaluate, Step, Why } from './trace.ts'
import { getCurrentUrl, getHost, readRequest, type WerkzeugRequest } from './werkzeug.ts'

export const FLASK_MODELLED = 'Flask 3.1.3, Werkzeug 3.1.8'

/** The expressions, exactly as issue 15 writes them, in the order they are answered. */
export const FLASK_EXPRESSIONS = [
  'request.url',
  'request.base_url',
  'request.host_url',
  'request.host',
  'request.scheme',
  'request.is_secure',
  'request.remote_addr',
  'request.access_route',
  'request.root_path',
  "url_for('index', _external=True)",
] as const

export type FlaskExpression = (typeof FLASK_EXPRESSIONS)[number]

/** Evaluate every Flask expression for the environ the app receives (after its ProxyFix). */
export function evaluateFlask(
  environ: EnvironView,
  settings: FlaskSettings
): Record<FlaskExpression, Evaluation> {
  const request = new Step((why) => readRequest(environ, why))
  const scheme = new Step((why) => {
    why.add(`${environ.describe('wsgi.url_scheme')}: the scheme`)
    const value = why.use(request).scheme
    const forwarded = environ.get('HTTP_X_FORWARDED_PROTO')
    if (forwarded !== null && !forwarded.split(',').some((v) => pyStrip(v) === value)) {
      why.add(
        `X-Forwarded-Proto: ${forwarded} is not read: only a ProxyFix with x_proto (or a server that trusts the proxy) copies it into wsgi.url_scheme`
      )
    }
    return value
  })
  const trusted = settings.TRUSTED_HOSTS
  // create_url_adapter sets request.host with the trusted list; the property computes the same
  const host = new Step((why) => {
    const r = why.use(request)
    why.use(scheme)
    if (r.hostHeader === null) {
      why.add(`${environ.describe('SERVER_NAME')}, ${environ.describe('SERVER_PORT')}`)
    } else why.add(`${environ.describe('HTTP_HOST')}: the host`)
    if (trusted === null) why.add('TRUSTED_HOSTS is None: any valid host is accepted')
    return getHost(r.scheme, r.hostHeader, r.server, trusted, why)
  })
  const rootPath = new Step((why) => {
    why.add(
      `${environ.describe('SCRIPT_NAME')}: the root path, UTF-8 decoded, trailing '/' removed`
    )
    return why.use(request).rootPath
  })
  const path = new Step((why) => {
    why.add(`${environ.describe('PATH_INFO')}: the path, UTF-8 decoded`)
    return why.use(request).path
  })
  const query = new Step((why) => {
    why.add(environ.describe('QUERY_STRING'))
    return why.use(request).queryString
  })

  const url = (why: Why, parts: 'host' | 'base' | 'full') => {
    const s = why.use(scheme)
    const h = why.use(host)
    try {
      return currentUrl(why, parts, s, h)
    } catch (error) {
      if (error instanceof PyError && error.type === 'UnicodeError') {
        why.add(`the host ${reprStr(h)} has an xn-- label that is not valid IDNA`)
        why.note(
          "on a Python whose idna codec raises UnicodeDecodeError here, Werkzeug's _decode_idna keeps the label as it is instead"
        )
      }
      throw error
    }
  }
  const currentUrl = (why: Why, parts: 'host' | 'base' | 'full', s: string, h: string) => {
    if (parts === 'host') return reprStr(getCurrentUrl(s, h))
    const root = why.use(rootPath)
    const p = why.use(path)
    if (parts === 'base') return reprStr(getCurrentUrl(s, h, root, p))
    return reprStr(getCurrentUrl(s, h, root, p, why.use(query)))
  }

  return {
    'request.url': evaluate((why) => url(why, 'full')),
    'request.base_url': evaluate((why) => url(why, 'base')),
    'request.host_url': evaluate((why) => url(why, 'host')),
    'request.host': evaluate((why) => reprStr(why.use(host))),
    'request.scheme': evaluate((why) => reprStr(why.use(scheme))),
    'request.is_secure': evaluate((why) => {
      const s = why.use(scheme)
      why.add(`secure only when the scheme is 'https' or 'wss'`)
      return reprBool(s === 'https' || s === 'wss')
    }),
    'request.remote_addr': evaluate((why) => {
      why.add(environ.describe('REMOTE_ADDR'))
      return reprOptionalStr(why.use(request).remoteAddr)
    }),
    'request.access_route': evaluate((why) => accessRoute(environ, why.use(request), why)),
    'request.root_path': evaluate((why) => reprStr(why.use(rootPath))),
    "url_for('index', _external=True)": evaluate((why) =>
      urlForIndex(environ, settings, why, () => why.use(host), why.use(request))
    ),
  }
}

/** `request.access_route`: X-Forwarded-For as a list when present, else REMOTE_ADDR. */
function accessRoute(environ: EnvironView, request: WerkzeugRequest, why: Why): string {
  const forwarded = environ.get('HTTP_X_FORWARDED_FOR')
  if (forwarded !== null) {
    why.add(
      `${environ.describe('HTTP_X_FORWARDED_FOR')}: every value, client first, whoever wrote them (not checked against any trust)`
    )
    return `ImmutableList(${reprStrList(parseListHeader(forwarded))})`
  }
  why.add(`no X-Forwarded-For: ${environ.describe('REMOTE_ADDR')}`)
  return `ImmutableList(${reprStrList(request.remoteAddr === null ? [] : [request.remoteAddr])})`
}

/**
 * `url_for('index', _external=True)` in the request context: the URL adapter bound to the
 * environ (`bind_to_environ(environ, server_name=SERVER_NAME, subdomain='')`), built with
 * `force_external=True`.
 */
function urlForIndex(
  environ: EnvironView,
  settings: FlaskSettings,
  why: Why,
  checkHost: () => string,
  request: WerkzeugRequest
): string {
  const noAdapter = (reason: string): never => {
    why.add(
      `${reason}: RequestContext keeps it as request.routing_exception and has no URL adapter, so url_for calls .build on None`
    )
    throw new PyError('AttributeError', "'NoneType' object has no attribute 'build'")
  }
  try {
    checkHost()
  } catch (error) {
    if (error instanceof PyError && error.type === 'SecurityError') {
      noAdapter('create_url_adapter raised SecurityError (TRUSTED_HOSTS)')
    }
    throw error
  }
  // bind_to_environ: the host without a trusted list, lower-cased
  const wsgiServerName = getHost(
    request.scheme,
    request.hostHeader,
    request.server,
    null,
    new Why()
  ).toLowerCase()
  let scheme = environ.get('wsgi.url_scheme') ?? 'http'
  const upgrade = (environ.get('HTTP_CONNECTION') ?? '')
    .toLowerCase()
    .split(',')
    .some((v) => pyStrip(v) === 'upgrade')
  if (upgrade && (environ.get('HTTP_UPGRADE') ?? '').toLowerCase() === 'websocket') {
    scheme = scheme === 'https' ? 'wss' : 'ws'
    why.add(
      `Connection: upgrade with Upgrade: websocket: the adapter's scheme is ${reprStr(scheme)}`
    )
  }
  let serverName: string
  if (settings.SERVER_NAME === null) {
    serverName = wsgiServerName
    why.add(`SERVER_NAME is None: the URL's host is the request's, ${reprStr(serverName)}`)
  } else {
    serverName = settings.SERVER_NAME.toLowerCase()
    if ((scheme === 'http' || scheme === 'ws') && serverName.endsWith(':80')) {
      serverName = serverName.slice(0, -3)
    } else if ((scheme === 'https' || scheme === 'wss') && serverName.endsWith(':443')) {
      serverName = serverName.slice(0, -4)
    }
    why.add(
      `SERVER_NAME = ${reprStr(settings.SERVER_NAME)}: the URL's host is SERVER_NAME, whatever host the request named`
    )
    const current = wsgiServerName.split('.')
    const real = serverName.split('.')
    if (current.slice(-real.length).join('.') !== real.join('.')) {
      why.note(
        `Flask < 3.1 answers this request with 404: its host ${reprStr(wsgiServerName)} is not SERVER_NAME or a subdomain of it (since 3.1 SERVER_NAME no longer restricts requests, pallets/flask#5553)`
      )
    }
  }
  // Map.bind: the host part must encode as IDNA, else BadHost
  const colon = serverName.indexOf(':')
  const hostPart = colon === -1 ? serverName : serverName.slice(0, colon)
  try {
    encodeIdnaAscii(hostPart)
  } catch (error) {
    if (error instanceof PyError)
      noAdapter(`Map.bind raised BadHost: ${reprStr(hostPart)} is not a valid IDNA name`)
    throw error
  }
  const scriptNameRaw = environ.get('SCRIPT_NAME')
  let scriptName = scriptNameRaw === null ? '/' : wsgiDecodingDance(scriptNameRaw)
  if (!scriptName.endsWith('/')) scriptName += '/'
  why.add(
    `${environ.describe('SCRIPT_NAME')}: the prefix, unquoted (APPLICATION_ROOT is used only outside a request)`
  )
  const secure = scheme === 'https' || scheme === 'wss'
  const urlScheme = scheme ? (secure ? 'https' : 'http') : ''
  why.add(
    scheme === 'http' || scheme === 'https'
      ? `${environ.describe('wsgi.url_scheme')}: the URL's scheme (PREFERRED_URL_SCHEME is used only outside a request)`
      : `${environ.describe('wsgi.url_scheme')}: built as ${reprStr(urlScheme)}`
  )
  const prefix = urlScheme ? `${urlScheme}:` : ''
  return reprStr(`${prefix}//${serverName}${scriptName.slice(0, -1)}/`)
}
