/**
 * @module
 * The fixed vocabulary of provenance steps: what a server does to request bytes on the way
 * to an environ value. Plain data, no imports; the UI shows `STEPS[step]` as the tooltip.
 */

export const STEPS = {
  'latin-1': 'Bytes read as ISO-8859-1: byte 0xNN becomes U+00NN (PEP 3333 "native strings").',
  'percent-decode':
    '%XX escapes decoded to the bytes they stand for; invalid escapes stay literal.',
  'utf-8-dance':
    'Werkzeug: the decoded bytes read as UTF-8 (invalid ones become U+FFFD), then re-encoded and read as latin-1.',
  'split-query': 'The target cut at its first "?": the path before it, the query after it.',
  'drop-fragment': 'A "#fragment" removed, as urllib.parse.urlsplit does.',
  'collapse-slashes':
    'A leading run of "/" collapsed to one (http.server\'s open-redirect fix, gh-87389).',
  'absolute-form-path': 'The scheme and authority of an absolute-form target removed.',
  'absolute-form-host':
    'Werkzeug: the authority of an absolute-form target replaces the Host header.',
  mount: 'The mount point (--script-name) split off the path.',
  prefix: 'The header name upper-cased, "-" turned into "_", and "HTTP_" put in front.',
  strip: 'Whitespace around the header value removed.',
  'comma-join': 'Repeated headers joined with "," (uWSGI: ", ") in wire order.',
  'first-wins': 'Only the first of several headers counts.',
  'last-wins': 'Only the last of several headers counts.',
  default: 'Not in the request: the server fills in its default.',
  constant: 'The same for every request to this server.',
  server: "Taken from the server's configuration or bind address, not from the request.",
  socket: 'Taken from the TCP connection (peer address, port, file descriptor).',
  'de-chunk': 'The chunked transfer coding removed; the stream yields the chunk data.',
  middleware: 'Set or rewritten by middleware in front of the app (ProxyFix, trusted proxies).',
  respelled:
    "Written the server's own way: hypercorn upper-cases the method, granian says '1' for HTTP/1.0.",
} as const

export type Step = keyof typeof STEPS
