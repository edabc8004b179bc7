/**
 * @module
 * What Django 5.2 computes from an environ: the `WSGIRequest`'s path, scheme and host, the
 * absolute URI it builds, and what `CsrfViewMiddleware` decides for an unsafe POST.
 *
 * Modelled (Django 5.2): `core.handlers.wsgi.WSGIRequest.__init__`, `get_script_name`,
 * `get_path_info`, `http.request.HttpRequest.scheme` (the leftmost value of the proxy
 * header since 4.1, django/django#15497), `_get_raw_host` (X-Forwarded-Host taken whole,
 * never split on commas), `get_port`, `get_host`, `split_domain_port`, `validate_host`,
 * `_get_full_path`, `build_absolute_uri`, `utils.http.is_same_domain`,
 * `utils.encoding.escape_uri_path`, `iri_to_uri`, `repercent_broken_unicode`, and
 * `middleware.csrf.CsrfViewMiddleware.process_view` with `_origin_verified` (4.0+) and
 * `_check_referer`.
 */
import type { EnvironView } from './py/environ.ts'
import { keyError, PyError } from './py/errors.ts'
import { reprBool, reprStr, reprStrList } from './py/repr.ts'
import { latin1Bytes, pyRstrip, pyStrip, utf8Decode, utf8Pieces } from './py/text.ts'
import { quote, urljoin, urlsplit, urlunsplit } from './py/urllib.ts'
import type { DjangoSettings } from './settings.ts'
import { type Answer, type Evaluation, evaluate, Step, type Why } from './trace.ts'

export const DJANGO_MODELLED = 'Django 5.2'

/** The expressions, as issue 15 writes them; the CSRF check is named by the call Django makes. */
export const DJANGO_EXPRESSIONS = [
  'request.get_host()',
  'request.is_secure()',
  'request.build_absolute_uri()',
  'request.get_full_path()',
  "request.META['REMOTE_ADDR']",
  'CsrfViewMiddleware.process_view() on POST',
] as const

export type DjangoExpression = (typeof DJANGO_EXPRESSIONS)[number]

/** `repr()` of the 403 `CsrfViewMiddleware._reject` returns (the default failure view's). */
export const CSRF_FORBIDDEN_REPR = '<HttpResponseForbidden status_code=403, "text/html">'

const REASON_BAD_ORIGIN = (origin: string) =>
  `Origin checking failed - ${origin} does not match any trusted origins.`
const REASON_NO_REFERER = 'Referer checking failed - no Referer.'
const REASON_BAD_REFERER = (referer: string) =>
  `Referer checking failed - ${referer} does not match any trusted origins.`
const REASON_MALFORMED_REFERER = 'Referer checking failed - Referer is malformed.'
const REASON_INSECURE_REFERER =
  'Referer checking failed - Referer is insecure while host is secure.'

/** `host_validation_re` (5.x: `[0-9]` ports, `fullmatch`). */
const HOST_VALIDATION = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(?::([0-9]+))?$/

/** `split_domain_port(host)`: the lower-cased domain (one trailing dot removed) and port; '' when invalid. */
export function splitDomainPort(host: string): [domain: string, port: string] {
  const match = HOST_VALIDATION.exec(host.toLowerCase())
  if (!match) return ['', '']
  const domain = match[1] as string
  return [domain.endsWith('.') ? domain.slice(0, -1) : domain, match[2] ?? '']
}

/** `is_same_domain(host, pattern)`: exact, or `.example.com` for the domain and its subdomains. */
export function isSameDomain(host: string, pattern: string): boolean {
  if (!pattern) return false
  const p = pattern.toLowerCase()
  return (p.startsWith('.') && (host.endsWith(p) || host === p.slice(1))) || p === host
}

/** `escape_uri_path(path)`. */
function escapeUriPath(path: string): string {
  return quote(path, "/:@&+$,-_.!~*'()")
}

/** `iri_to_uri(iri)`. */
function iriToUri(iri: string): string {
  return quote(iri, "/#%[]=:;$&()+,!?*@'~")
}

/** `repercent_broken_unicode(path).decode()`: invalid UTF-8 bytes become `%XX`. */
function repercentBrokenUnicode(bytes: Uint8Array): string {
  return utf8Pieces(bytes)
    .map((piece) =>
      'text' in piece
        ? piece.text
        : quote(bytes.subarray(piece.start, piece.end), "/#%[]=:;$&()+,!?*@'~")
    )
    .join('')
}

/** Evaluate every Django expression for the environ Django's WSGIHandler receives. */
export function evaluateDjango(
  environ: EnvironView,
  settings: DjangoSettings
): Record<DjangoExpression, Evaluation> {
  const scriptName = new Step((why) => {
    if (settings.FORCE_SCRIPT_NAME !== null) {
      why.add(`FORCE_SCRIPT_NAME = ${reprStr(settings.FORCE_SCRIPT_NAME)} replaces SCRIPT_NAME`)
      return settings.FORCE_SCRIPT_NAME
    }
    const scriptUrl = environ.get('SCRIPT_URL') || environ.get('REDIRECT_URL')
    let bytes: Uint8Array
    if (scriptUrl) {
      why.add(
        `SCRIPT_URL/REDIRECT_URL = ${reprStr(scriptUrl)} (set by Apache's mod_rewrite): the prefix is it without PATH_INFO`
      )
      const url = scriptUrl.replace(/\/+/g, '/')
      const pathInfo = environ.get('PATH_INFO') ?? ''
      bytes = latin1Bytes(pathInfo && url.endsWith(pathInfo) ? url.slice(0, -pathInfo.length) : url)
    } else {
      why.add(`${environ.describe('SCRIPT_NAME')}: the prefix`)
      bytes = latin1Bytes(environ.get('SCRIPT_NAME') ?? '')
    }
    return utf8Decode(bytes, 'strict')
  })
  const path = new Step((why) => {
    const script = why.use(scriptName)
    why.add(`${environ.describe('PATH_INFO')}: the path, invalid UTF-8 re-percent-encoded`)
    const pathInfo = repercentBrokenUnicode(latin1Bytes(environ.get('PATH_INFO') ?? '/')) || '/'
    return `${pyRstrip(script, '/')}/${pathInfo.replace('/', '')}`
  })
  const scheme = new Step((why) => {
    const header = settings.SECURE_PROXY_SSL_HEADER
    if (header) {
      const [key, secure] = header
      const value = environ.get(key)
      if (value !== null) {
        const first = pyStrip(value.split(',')[0] as string)
        const answer = first === secure ? 'https' : 'http'
        why.add(
          `SECURE_PROXY_SSL_HEADER = (${reprStr(key)}, ${reprStr(secure)}): ${environ.describe(key)}${value.includes(',') ? `, its leftmost value ${reprStr(first)}` : ''} ${answer === 'https' ? 'matches' : 'does not match'}, so ${answer}`
        )
        // before 4.1: the whole value had to match, and a mismatch fell back to wsgi.url_scheme
        const before = value === secure ? 'https' : (environ.get('wsgi.url_scheme') ?? 'None')
        if (before !== answer) {
          why.note(
            `Django < 4.1 compared the whole value ${reprStr(value)} with ${reprStr(secure)} and answered ${before} (django/django#15497)`
          )
        }
        return answer
      }
      why.add(
        `SECURE_PROXY_SSL_HEADER names ${key}, which the request does not have: wsgi.url_scheme decides`
      )
    } else {
      why.add('SECURE_PROXY_SSL_HEADER is None: wsgi.url_scheme decides')
    }
    why.add(environ.describe('wsgi.url_scheme'))
    const forwarded = environ.get('HTTP_X_FORWARDED_PROTO')
    const wsgiScheme = environ.get('wsgi.url_scheme') ?? ''
    if (
      !header &&
      forwarded !== null &&
      !forwarded.split(',').some((v) => pyStrip(v) === wsgiScheme)
    ) {
      why.add(
        `X-Forwarded-Proto: ${forwarded} is not read: Django reads a proxy's scheme only through SECURE_PROXY_SSL_HEADER`
      )
    }
    return environ.get('wsgi.url_scheme') ?? 'None'
  })
  const port = new Step((why) => {
    if (settings.USE_X_FORWARDED_PORT && environ.has('HTTP_X_FORWARDED_PORT')) {
      why.add(`USE_X_FORWARDED_PORT is True: ${environ.describe('HTTP_X_FORWARDED_PORT')}`)
      return environ.get('HTTP_X_FORWARDED_PORT') as string
    }
    why.add(environ.describe('SERVER_PORT'))
    const serverPort = environ.get('SERVER_PORT')
    if (serverPort === null) throw keyError("'SERVER_PORT'")
    return serverPort
  })
  const rawHost = new Step((why) => {
    if (settings.USE_X_FORWARDED_HOST && environ.has('HTTP_X_FORWARDED_HOST')) {
      const value = environ.get('HTTP_X_FORWARDED_HOST') as string
      why.add(
        `USE_X_FORWARDED_HOST is True: ${environ.describe('HTTP_X_FORWARDED_HOST')}, taken whole (never split on commas)`
      )
      return value
    }
    if (settings.USE_X_FORWARDED_HOST)
      why.add('USE_X_FORWARDED_HOST is True, but there is no X-Forwarded-Host')
    if (environ.has('HTTP_HOST')) {
      why.add(environ.describe('HTTP_HOST'))
      return environ.get('HTTP_HOST') as string
    }
    why.add(`no Host header: ${environ.describe('SERVER_NAME')} and the port`)
    const name = environ.get('SERVER_NAME')
    if (name === null) throw keyError("'SERVER_NAME'")
    const p = why.use(port)
    return p !== (why.use(scheme) === 'https' ? '443' : '80') ? `${name}:${p}` : name
  })
  const host = new Step((why) => {
    const raw = why.use(rawHost)
    let allowed = settings.ALLOWED_HOSTS
    if (settings.DEBUG && allowed.length === 0) {
      allowed = ['.localhost', '127.0.0.1', '[::1]']
      why.add(
        'DEBUG is True and ALLOWED_HOSTS is empty: .localhost, 127.0.0.1 and [::1] are allowed'
      )
    } else why.add(`ALLOWED_HOSTS = ${reprStrList(allowed)}`)
    const [domain] = splitDomainPort(raw)
    const match = domain ? allowed.find((p) => p === '*' || isSameDomain(domain, p)) : undefined
    if (match !== undefined) {
      why.add(`the domain ${reprStr(domain)} matches ${reprStr(match)}`)
      return raw
    }
    let message = `Invalid HTTP_HOST header: ${reprStr(raw)}.`
    if (domain) {
      message += ` You may need to add ${reprStr(domain)} to ALLOWED_HOSTS.`
      why.add(`the domain ${reprStr(domain)} matches no entry`)
    } else {
      message += ' The domain name provided is not valid according to RFC 1034/1035.'
      why.add(
        `${reprStr(raw)} is not a host name or a bracketed IPv6 address with an optional port${raw.includes(',') ? ' (a list of hosts is never split)' : ''}`
      )
    }
    throw new PyError('DisallowedHost', message)
  })
  const fullPath = new Step((why) => {
    const p = why.use(path)
    const query = environ.get('QUERY_STRING') ?? ''
    if (query) why.add(`${environ.describe('QUERY_STRING')}, re-encoded as UTF-8 where not ASCII`)
    return `${escapeUriPath(p)}${query ? `?${iriToUri(query)}` : ''}`
  })
  const currentSchemeHost = new Step((why) => `${why.use(scheme)}://${why.use(host)}`)
  // WSGIRequest(environ) decodes the prefix strictly; when that fails there is no request
  const request = (compute: (why: Why) => Answer) =>
    evaluate((why) => {
      const built = scriptName.result()
      if ('error' in built) {
        for (const line of built.why.lines) why.add(line)
        why.add(
          'WSGIRequest(environ) fails: the prefix is not UTF-8, so Django answers 500 before any view'
        )
        throw built.error
      }
      return compute(why)
    })

  return {
    'request.get_host()': request((why) => reprStr(why.use(host))),
    'request.is_secure()': request((why) => reprBool(why.use(scheme) === 'https')),
    'request.build_absolute_uri()': request((why) => {
      let location = `//${why.use(fullPath)}`
      const bits = urlsplit(location)
      if (
        bits.path.startsWith('/') &&
        !bits.netloc &&
        !bits.path.includes('/./') &&
        !bits.path.includes('/../')
      ) {
        location = why.use(currentSchemeHost) + location.slice(2)
      } else {
        why.add('the path has ./ or ../ segments (or no leading /): urljoin resolves them')
        location = urljoin(why.use(currentSchemeHost) + why.use(path), location)
      }
      return reprStr(iriToUri(location))
    }),
    'request.get_full_path()': request((why) => reprStr(why.use(fullPath))),
    "request.META['REMOTE_ADDR']": request((why) => {
      why.add(environ.describe('REMOTE_ADDR'))
      const value = environ.get('REMOTE_ADDR')
      if (value === null) throw keyError("'REMOTE_ADDR'")
      return reprStr(value)
    }),
    'CsrfViewMiddleware.process_view() on POST': request((why) =>
      csrfProcessView(environ, settings, why, host, scheme)
    ),
  }
}

/**
 * `CsrfViewMiddleware.process_view` for a POST that carries a valid CSRF cookie and token:
 * what remains is the Origin check (4.0+), or the Referer check of a secure request.
 */
function csrfProcessView(
  environ: EnvironView,
  settings: DjangoSettings,
  why: Why,
  host: Step<string>,
  scheme: Step<string>
): string | { value: string; message: string } {
  const reject = (reason: string) => {
    why.add(`rejected: ${reason}`)
    return { value: CSRF_FORBIDDEN_REPR, message: reason }
  }
  why.add('a POST with a valid CSRF cookie and token: only the Origin/Referer checks can refuse it')
  const trusted = settings.CSRF_TRUSTED_ORIGINS
  for (const origin of trusted) {
    if (!origin.includes('://')) {
      why.note(
        `CSRF_TRUSTED_ORIGINS entry ${reprStr(origin)} has no scheme: since Django 4.0 it matches nothing (Django 3.2 took bare hosts)`
      )
    }
  }
  const origin = environ.get('HTTP_ORIGIN')
  if (origin !== null) {
    why.add(environ.describe('HTTP_ORIGIN'))
    if (originVerified(origin, settings, why, host, scheme)) {
      why.add('the Origin is trusted')
      return 'None'
    }
    why.note(
      'Django < 4.0 does not check Origin (it checks the Referer of https requests only); the check came with Django 4.0 (ticket #16010)'
    )
    return reject(REASON_BAD_ORIGIN(origin))
  }
  why.add('no Origin header')
  if (why.use(scheme) !== 'https') {
    why.add('not secure: no Referer check')
    return 'None'
  }
  // _check_referer
  const referer = environ.get('HTTP_REFERER')
  if (referer === null) return reject(REASON_NO_REFERER)
  why.add(environ.describe('HTTP_REFERER'))
  let parts: ReturnType<typeof urlsplit>
  try {
    parts = urlsplit(referer)
  } catch (error) {
    if (error instanceof PyError) return reject(REASON_MALFORMED_REFERER)
    throw error
  }
  if (!parts.scheme || !parts.netloc) return reject(REASON_MALFORMED_REFERER)
  if (parts.scheme !== 'https') return reject(REASON_INSECURE_REFERER)
  const trustedHosts = trusted.map((o) => urlsplit(o).netloc.replace(/^\*+/, ''))
  if (trustedHosts.some((h) => isSameDomain(parts.netloc, h))) {
    why.add('the Referer matches CSRF_TRUSTED_ORIGINS')
    return 'None'
  }
  let good: string
  try {
    good = why.use(host)
  } catch (error) {
    if (error instanceof PyError && error.type === 'DisallowedHost') {
      return reject(REASON_BAD_REFERER(urlunsplit(parts)))
    }
    throw error
  }
  if (!isSameDomain(parts.netloc, good)) return reject(REASON_BAD_REFERER(urlunsplit(parts)))
  why.add(`the Referer's host matches get_host(), ${reprStr(good)}`)
  return 'None'
}

/** `_origin_verified`: the request's own origin, an exact trusted origin, or a `*.` one. */
function originVerified(
  origin: string,
  settings: DjangoSettings,
  why: Why,
  host: Step<string>,
  scheme: Step<string>
): boolean {
  let good: string | null = null
  try {
    good = `${why.use(scheme) === 'https' ? 'https' : 'http'}://${why.use(host)}`
  } catch (error) {
    if (!(error instanceof PyError) || error.type !== 'DisallowedHost') throw error
    why.add('get_host() raises DisallowedHost, so the request has no origin of its own to compare')
  }
  if (good !== null) {
    if (origin === good) return true
    why.add(`the request's own origin is ${reprStr(good)}, not the Origin header`)
  }
  const trusted = settings.CSRF_TRUSTED_ORIGINS
  if (trusted.some((o) => !o.includes('*') && o === origin)) return true
  let parts: ReturnType<typeof urlsplit>
  try {
    parts = urlsplit(origin)
  } catch (error) {
    if (error instanceof PyError) return false
    throw error
  }
  const wildcards = trusted
    .filter((o) => o.includes('*'))
    .map((o) => urlsplit(o))
    .filter((o) => o.scheme === parts.scheme)
    .map((o) => o.netloc.replace(/^\*+/, ''))
  if (wildcards.some((h) => isSameDomain(parts.netloc, h))) return true
  why.add(`CSRF_TRUSTED_ORIGINS = ${reprStrList(trusted)} does not list it`)
  return false
}
