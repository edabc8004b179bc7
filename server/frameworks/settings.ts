/**
 * @module
 * Each framework's settings, under their own names, with the framework's own defaults, and
 * the checks that turn bad input into a message naming the field.
 *
 * Defaults are the frameworks' (Flask's `default_config`, Django's `global_settings`,
 * uvicorn's and Starlette's constructor defaults), not a friendlier guess: with Django's
 * defaults (`DEBUG = False`, `ALLOWED_HOSTS = []`) every host is refused, as it is in
 * production with an empty list.
 */
import type {
  DjangoSettingsJson,
  FlaskSettingsJson,
  StarletteSettingsJson,
} from '../contract/api/frameworks.ts'

/** Werkzeug's `ProxyFix(app, x_for, x_proto, x_host, x_port, x_prefix)` counts. */
export interface ProxyFixSettings {
  readonly x_for: number
  readonly x_proto: number
  readonly x_host: number
  readonly x_port: number
  readonly x_prefix: number
}

export interface FlaskSettings {
  readonly SERVER_NAME: string | null
  readonly APPLICATION_ROOT: string
  readonly PREFERRED_URL_SCHEME: string
  readonly TRUSTED_HOSTS: readonly string[] | null
  /** The app wrapped in Werkzeug's ProxyFix with these counts, or not wrapped. */
  readonly ProxyFix: ProxyFixSettings | null
}

export interface DjangoSettings {
  readonly ALLOWED_HOSTS: readonly string[]
  readonly DEBUG: boolean
  readonly SECURE_PROXY_SSL_HEADER: readonly [header: string, value: string] | null
  readonly USE_X_FORWARDED_HOST: boolean
  readonly USE_X_FORWARDED_PORT: boolean
  readonly FORCE_SCRIPT_NAME: string | null
  readonly CSRF_TRUSTED_ORIGINS: readonly string[]
}

export interface StarletteSettings {
  /** The server's `--root-path` (uvicorn), which it puts in `scope['root_path']`. */
  readonly root_path: string
  /** `FastAPI(root_path=...)`, which overrides `scope['root_path']`; '' leaves it. */
  readonly fastapi_root_path: string
  /** `TrustedHostMiddleware(allowed_hosts=...)`; null: not installed (any host). */
  readonly allowed_hosts: readonly string[] | null
  readonly www_redirect: boolean
  /** `FastAPI(openapi_url=...)`. */
  readonly openapi_url: string
}

export const FLASK_DEFAULTS: FlaskSettings = {
  SERVER_NAME: null,
  APPLICATION_ROOT: '/',
  PREFERRED_URL_SCHEME: 'http',
  TRUSTED_HOSTS: null,
  ProxyFix: null,
}

export const PROXY_FIX_DEFAULTS: ProxyFixSettings = {
  x_for: 1,
  x_proto: 1,
  x_host: 0,
  x_port: 0,
  x_prefix: 0,
}

export const DJANGO_DEFAULTS: DjangoSettings = {
  ALLOWED_HOSTS: [],
  DEBUG: false,
  SECURE_PROXY_SSL_HEADER: null,
  USE_X_FORWARDED_HOST: false,
  USE_X_FORWARDED_PORT: false,
  FORCE_SCRIPT_NAME: null,
  CSRF_TRUSTED_ORIGINS: [],
}

export const STARLETTE_DEFAULTS: StarletteSettings = {
  root_path: '',
  fastapi_root_path: '',
  allowed_hosts: null,
  www_redirect: true,
  openapi_url: '/openapi.json',
}

/** A bad setting: the message names it (`settings.django.ALLOWED_HOSTS[2]: …`). */
export class SettingsError extends Error {}

const MAX_TEXT = 2048
const MAX_ITEMS = 100

type Json = unknown

function fail(field: string, message: string): never {
  throw new SettingsError(`${field}: ${message}`)
}

function object(value: Json, field: string): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(field, 'expected an object')
  }
  return value as Record<string, Json>
}

function only(value: Record<string, Json>, names: readonly string[], field: string): void {
  for (const name of Object.keys(value)) {
    if (!names.includes(name)) {
      fail(`${field}.${name}`, `unknown setting; expected one of ${names.join(', ')}`)
    }
  }
}

function text(value: Json, field: string): string {
  if (typeof value !== 'string') fail(field, 'expected a string')
  if (value.length > MAX_TEXT) fail(field, `longer than ${MAX_TEXT} characters`)
  return value
}

function optionalText(value: Json, field: string): string | null {
  return value === null ? null : text(value, field)
}

function bool(value: Json, field: string): boolean {
  if (typeof value !== 'boolean') fail(field, 'expected true or false')
  return value
}

function texts(value: Json, field: string): string[] {
  if (!Array.isArray(value)) fail(field, 'expected a list of strings')
  if (value.length > MAX_ITEMS) fail(field, `more than ${MAX_ITEMS} entries`)
  return value.map((item, i) => text(item, `${field}[${i}]`))
}

function ascii(value: string, field: string): string {
  if (/[^\x00-\x7f]/.test(value)) {
    fail(field, `${JSON.stringify(value)} is not ASCII; give the IDNA form (xn--…)`)
  }
  return value
}

/** Read `settings.flask`, Flask's config keys plus `ProxyFix`. */
export function readFlaskSettings(input: Json, field = 'settings.flask'): FlaskSettings {
  if (input === undefined) return FLASK_DEFAULTS
  const value = object(input, field) as FlaskSettingsJson & Record<string, Json>
  only(value, Object.keys(FLASK_DEFAULTS), field)
  const settings = { ...FLASK_DEFAULTS }
  if ('SERVER_NAME' in value) {
    const name = optionalText(value.SERVER_NAME, `${field}.SERVER_NAME`)
    settings.SERVER_NAME = name === null ? null : ascii(name, `${field}.SERVER_NAME`)
  }
  if ('APPLICATION_ROOT' in value) {
    settings.APPLICATION_ROOT = text(value.APPLICATION_ROOT, `${field}.APPLICATION_ROOT`)
  }
  if ('PREFERRED_URL_SCHEME' in value) {
    settings.PREFERRED_URL_SCHEME = text(
      value.PREFERRED_URL_SCHEME,
      `${field}.PREFERRED_URL_SCHEME`
    )
  }
  if ('TRUSTED_HOSTS' in value && value.TRUSTED_HOSTS !== null) {
    settings.TRUSTED_HOSTS = texts(value.TRUSTED_HOSTS, `${field}.TRUSTED_HOSTS`).map((host, i) =>
      ascii(host, `${field}.TRUSTED_HOSTS[${i}]`)
    )
  }
  if ('ProxyFix' in value && value.ProxyFix !== null) {
    settings.ProxyFix = readProxyFix(value.ProxyFix, `${field}.ProxyFix`)
  }
  return settings
}

function readProxyFix(input: Json, field: string): ProxyFixSettings {
  const value = object(input, field)
  only(value, Object.keys(PROXY_FIX_DEFAULTS), field)
  const counts = { ...PROXY_FIX_DEFAULTS }
  for (const name of Object.keys(PROXY_FIX_DEFAULTS) as (keyof ProxyFixSettings)[]) {
    if (!(name in value)) continue
    const count = value[name]
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 64) {
      fail(`${field}.${name}`, 'expected a whole number of proxies from 0 to 64')
    }
    counts[name] = count
  }
  return counts
}

/** Read `settings.django`, Django's setting names. */
export function readDjangoSettings(input: Json, field = 'settings.django'): DjangoSettings {
  if (input === undefined) return DJANGO_DEFAULTS
  const value = object(input, field) as DjangoSettingsJson & Record<string, Json>
  only(value, Object.keys(DJANGO_DEFAULTS), field)
  const settings = { ...DJANGO_DEFAULTS }
  if ('ALLOWED_HOSTS' in value) {
    settings.ALLOWED_HOSTS = texts(value.ALLOWED_HOSTS, `${field}.ALLOWED_HOSTS`)
  }
  if ('DEBUG' in value) settings.DEBUG = bool(value.DEBUG, `${field}.DEBUG`)
  if ('SECURE_PROXY_SSL_HEADER' in value && value.SECURE_PROXY_SSL_HEADER !== null) {
    const pair = value.SECURE_PROXY_SSL_HEADER as Json
    const where = `${field}.SECURE_PROXY_SSL_HEADER`
    if (!Array.isArray(pair) || pair.length !== 2) {
      fail(
        where,
        `expected a pair like ["HTTP_X_FORWARDED_PROTO", "https"] (a META key and its value)`
      )
    }
    settings.SECURE_PROXY_SSL_HEADER = [text(pair[0], `${where}[0]`), text(pair[1], `${where}[1]`)]
  }
  if ('USE_X_FORWARDED_HOST' in value) {
    settings.USE_X_FORWARDED_HOST = bool(
      value.USE_X_FORWARDED_HOST,
      `${field}.USE_X_FORWARDED_HOST`
    )
  }
  if ('USE_X_FORWARDED_PORT' in value) {
    settings.USE_X_FORWARDED_PORT = bool(
      value.USE_X_FORWARDED_PORT,
      `${field}.USE_X_FORWARDED_PORT`
    )
  }
  if ('FORCE_SCRIPT_NAME' in value) {
    settings.FORCE_SCRIPT_NAME = optionalText(value.FORCE_SCRIPT_NAME, `${field}.FORCE_SCRIPT_NAME`)
  }
  if ('CSRF_TRUSTED_ORIGINS' in value) {
    settings.CSRF_TRUSTED_ORIGINS = texts(
      value.CSRF_TRUSTED_ORIGINS,
      `${field}.CSRF_TRUSTED_ORIGINS`
    )
  }
  return settings
}

/** Read `settings.starlette`: the server's root_path, FastAPI's and the middleware's options. */
export function readStarletteSettings(
  input: Json,
  field = 'settings.starlette'
): StarletteSettings {
  if (input === undefined) return STARLETTE_DEFAULTS
  const value = object(input, field) as StarletteSettingsJson & Record<string, Json>
  only(value, Object.keys(STARLETTE_DEFAULTS), field)
  const settings = { ...STARLETTE_DEFAULTS }
  if ('root_path' in value) {
    // uvicorn encodes root_path as ASCII into raw_path
    settings.root_path = ascii(text(value.root_path, `${field}.root_path`), `${field}.root_path`)
  }
  if ('fastapi_root_path' in value) {
    settings.fastapi_root_path = text(value.fastapi_root_path, `${field}.fastapi_root_path`)
  }
  if ('allowed_hosts' in value && value.allowed_hosts !== null) {
    const hosts = texts(value.allowed_hosts, `${field}.allowed_hosts`)
    hosts.forEach((pattern, i) => {
      // TrustedHostMiddleware.__init__ asserts this (ENFORCE_DOMAIN_WILDCARD)
      if (
        pattern.slice(1).includes('*') ||
        (pattern.startsWith('*') && pattern !== '*' && !pattern.startsWith('*.'))
      ) {
        fail(
          `${field}.allowed_hosts[${i}]`,
          "Domain wildcard patterns must be like '*.example.com'."
        )
      }
    })
    settings.allowed_hosts = hosts
  }
  if ('www_redirect' in value)
    settings.www_redirect = bool(value.www_redirect, `${field}.www_redirect`)
  if ('openapi_url' in value) {
    const url = text(value.openapi_url, `${field}.openapi_url`)
    // Starlette's Route asserts "Routed paths must start with '/'"
    if (!url.startsWith('/')) fail(`${field}.openapi_url`, "Routed paths must start with '/'")
    settings.openapi_url = url
  }
  return settings
}
