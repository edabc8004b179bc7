/**
 * @module
 * Trace environ keys back to the part of the request that produced them, and forward again.
 *
 * The mapping is the gateway's (CGI, RFC 3875 §4.1.18; PEP 3333): a header becomes
 * `HTTP_` + its name upper-cased with `-` → `_`, except Content-Type and Content-Length,
 * which lose the prefix. Several spellings can land on one key (`X-Forwarded-For` and
 * `X_Forwarded_For`), which is why a key can point at several headers.
 */

/** A piece of the request (or of its surroundings) that an environ key can come from. */
export type RequestPart =
  | { readonly kind: 'method' }
  | { readonly kind: 'path' }
  | { readonly kind: 'query' }
  | { readonly kind: 'protocol' }
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'body' }
  /** The TCP connection (peer address and port), not the request text. */
  | { readonly kind: 'connection' }
  /** The server's own configuration or constants. */
  | { readonly kind: 'server' }

/** A key linked to a request part. `related` keys are influenced but not copied. */
export interface TraceLink {
  readonly key: string
  readonly via: 'direct' | 'related'
}

/**
 * Return the environ key a header name maps to.
 *
 * @see wsgiref.simple_server.WSGIRequestHandler.get_environ
 */
export function headerKey(name: string): string {
  const key = name.trim().toUpperCase().replaceAll('-', '_')
  return key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH' ? key : `HTTP_${key}`
}

/** Return the header name an `HTTP_*` key most likely came from (`HTTP_X_REAL_IP` → `X-Real-Ip`). */
export function headerNameFromKey(key: string): string {
  const bare = key.startsWith('HTTP_') ? key.slice(5) : key
  return bare
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('-')
}

/** Return true when both parts name the same thing (header names compare case-insensitively). */
export function samePart(a: RequestPart, b: RequestPart): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'header' && b.kind === 'header') return headerKey(a.name) === headerKey(b.name)
  return true
}

const PART_KEYS: Readonly<Record<Exclude<RequestPart['kind'], 'header'>, readonly TraceLink[]>> = {
  method: [{ key: 'REQUEST_METHOD', via: 'direct' }],
  path: [
    { key: 'PATH_INFO', via: 'direct' },
    { key: 'SCRIPT_NAME', via: 'direct' },
    { key: 'RAW_URI', via: 'direct' },
    { key: 'REQUEST_URI', via: 'direct' },
  ],
  query: [
    { key: 'QUERY_STRING', via: 'direct' },
    { key: 'RAW_URI', via: 'direct' },
    { key: 'REQUEST_URI', via: 'direct' },
  ],
  protocol: [{ key: 'SERVER_PROTOCOL', via: 'direct' }],
  body: [
    { key: 'wsgi.input', via: 'direct' },
    { key: 'CONTENT_LENGTH', via: 'direct' },
    { key: 'wsgi.input_terminated', via: 'related' },
  ],
  connection: [
    { key: 'REMOTE_ADDR', via: 'direct' },
    { key: 'REMOTE_PORT', via: 'direct' },
    { key: 'REMOTE_HOST', via: 'direct' },
    { key: 'wsgi.url_scheme', via: 'related' },
  ],
  server: [
    { key: 'SERVER_NAME', via: 'direct' },
    { key: 'SERVER_PORT', via: 'direct' },
    { key: 'SERVER_SOFTWARE', via: 'direct' },
    { key: 'GATEWAY_INTERFACE', via: 'direct' },
  ],
}

/** Headers whose value also informs keys other than their own `HTTP_*` key. */
const HEADER_RELATED: Readonly<Record<string, readonly string[]>> = {
  HTTP_HOST: ['SERVER_NAME', 'SERVER_PORT'],
  // gunicorn honours a SCRIPT_NAME header from a trusted peer (forwarder_headers)
  HTTP_SCRIPT_NAME: ['SCRIPT_NAME', 'PATH_INFO'],
  HTTP_X_FORWARDED_FOR: ['REMOTE_ADDR'],
  HTTP_X_FORWARDED_PROTO: ['wsgi.url_scheme'],
  HTTP_X_FORWARDED_HOST: ['SERVER_NAME'],
  HTTP_X_FORWARDED_PORT: ['SERVER_PORT'],
  HTTP_X_FORWARDED_PREFIX: ['SCRIPT_NAME'],
  HTTP_FORWARDED: ['REMOTE_ADDR', 'wsgi.url_scheme'],
}

/**
 * Return the keys of `environKeys` that `part` produced or influenced, direct ones first.
 *
 * Only keys present in the environ are returned, so the result can be highlighted as is.
 */
export function keysForPart(part: RequestPart, environKeys: readonly string[]): TraceLink[] {
  const present = new Set(environKeys)
  let links: readonly TraceLink[]
  if (part.kind === 'header') {
    const key = headerKey(part.name)
    const related = HEADER_RELATED[key] ?? []
    links = [{ key, via: 'direct' }, ...related.map((k): TraceLink => ({ key: k, via: 'related' }))]
  } else {
    links = PART_KEYS[part.kind]
  }
  return links.filter((link) => present.has(link.key))
}

/**
 * Return the request parts that produced `key`, given the header names the request had.
 *
 * `HTTP_*`, CONTENT_TYPE and CONTENT_LENGTH point at every header spelling that maps to
 * them; CONTENT_LENGTH also points at the body. Keys set by the server or the
 * connection point there, so the UI can say "not from the request text".
 */
export function partsForKey(key: string, headerNames: readonly string[]): RequestPart[] {
  const headers = headerNames
    .filter((name) => headerKey(name) === key)
    .map((name): RequestPart => ({ kind: 'header', name }))
  if (key === 'CONTENT_LENGTH') return [...headers, { kind: 'body' }]
  if (key === 'CONTENT_TYPE' || key.startsWith('HTTP_')) return headers
  if (key === 'RAW_URI' || key === 'REQUEST_URI') return [{ kind: 'path' }, { kind: 'query' }]
  for (const [kind, links] of Object.entries(PART_KEYS)) {
    if (links.some((link) => link.key === key && link.via === 'direct')) {
      return [{ kind } as RequestPart]
    }
  }
  if (key === 'wsgi.url_scheme') return [{ kind: 'connection' }]
  return [{ kind: 'server' }]
}
