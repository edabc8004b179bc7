/**
 * @module
 * The environ keys this gateway documents, in reference order, and the group of each.
 *
 * The short half of the key reference: the UI needs it to group its environ table on the
 * first render, so it stays small and loads with the page. What each key means and how it
 * is derived is the long half, environ-keys.ts, which the UI fetches when a key is first
 * explained. Plain data plus one pure lookup, no imports.
 */

export type KeyGroup = 'cgi' | 'http' | 'wsgi' | 'extension' | 'asgi'

/**
 * Pseudo-key for the variables the wsgiref profile copies from the OS environment.
 *
 * Those variables keep their own names (PATH, HOME, …), so they cannot be matched by
 * pattern: a caller that knows a key came from the OS environment looks this one up.
 */
export const OS_ENVIRON_KEY = '(os.environ)'

/** Every documented key (or family pattern such as 'HTTP_*') and its group, in README order. */
export const KEY_GROUPS = {
  // CGI variables taken from the request line and headers
  REQUEST_METHOD: 'cgi',
  SCRIPT_NAME: 'cgi',
  PATH_INFO: 'cgi',
  QUERY_STRING: 'cgi',
  CONTENT_TYPE: 'cgi',
  CONTENT_LENGTH: 'cgi',
  // CGI variables describing the server
  SERVER_NAME: 'cgi',
  SERVER_PORT: 'cgi',
  SERVER_PROTOCOL: 'cgi',
  SERVER_SOFTWARE: 'cgi',
  GATEWAY_INTERFACE: 'cgi',
  // CGI variables describing the client connection
  REMOTE_ADDR: 'cgi',
  REMOTE_PORT: 'cgi',
  REMOTE_HOST: 'cgi',
  // Non-standard copies of the request-target
  REQUEST_URI: 'cgi',
  RAW_URI: 'cgi',
  ACTUAL_SERVER_PROTOCOL: 'cgi',
  HTTPS: 'cgi',
  // Request headers
  'HTTP_*': 'http',
  HTTP_HOST: 'http',
  HTTP_COOKIE: 'http',
  HTTP_X_FORWARDED_FOR: 'http',
  HTTP_FORWARDED: 'http',
  // WSGI keys
  'wsgi.version': 'wsgi',
  'wsgi.url_scheme': 'wsgi',
  'wsgi.input': 'wsgi',
  'wsgi.errors': 'wsgi',
  'wsgi.multithread': 'wsgi',
  'wsgi.multiprocess': 'wsgi',
  'wsgi.run_once': 'wsgi',
  'wsgi.file_wrapper': 'wsgi',
  'wsgi.input_terminated': 'wsgi',
  'wsgi.early_hints': 'wsgi',
  // Server and middleware extensions
  'gunicorn.socket': 'extension',
  'werkzeug.socket': 'extension',
  'uwsgi.version': 'extension',
  'uwsgi.node': 'extension',
  'waitress.client_disconnected': 'extension',
  'inspector.proxy_fix.orig': 'extension',
  [OS_ENVIRON_KEY]: 'extension',
  // ASGI HTTP scope keys (the ASGI profiles echo a scope, not an environ)
  type: 'asgi',
  asgi: 'asgi',
  http_version: 'asgi',
  server: 'asgi',
  client: 'asgi',
  scheme: 'asgi',
  method: 'asgi',
  root_path: 'asgi',
  path: 'asgi',
  raw_path: 'asgi',
  query_string: 'asgi',
  headers: 'asgi',
  state: 'asgi',
  extensions: 'asgi',
} as const satisfies Readonly<Record<string, KeyGroup>>

/** A key with an entry in the key reference. */
export type DocumentedKey = keyof typeof KEY_GROUPS

/** Return true when `key` has an entry of its own (a family pattern counts as its own entry). */
export function isDocumentedKey(key: string): key is DocumentedKey {
  return Object.hasOwn(KEY_GROUPS, key)
}

/**
 * Return the entry that documents a concrete environ key, or `undefined` if there is none.
 *
 * An exact entry wins over a family: 'HTTP_HOST' finds its own entry, 'HTTP_X_FOO' finds
 * 'HTTP_*'. Among families the longest prefix wins. OS-environment variables have no entry
 * of their own; look up {@link OS_ENVIRON_KEY} for them.
 */
export function findDocumentedKey(key: string): DocumentedKey | undefined {
  if (isDocumentedKey(key)) return key
  let best: DocumentedKey | undefined
  for (const pattern of Object.keys(KEY_GROUPS)) {
    if (!pattern.endsWith('*') || !isDocumentedKey(pattern)) continue
    const prefix = pattern.slice(0, -1)
    const matches = key.length > prefix.length && key.startsWith(prefix)
    if (matches && (!best || pattern.length > best.length)) best = pattern
  }
  return best
}
