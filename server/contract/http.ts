/**
 * @module
 * The HTTP/1.1 grammar the server and the UI share: what a token is, which headers belong to
 * one connection, and request bytes as latin-1 text (one character per byte, the way PEP 3333
 * "native strings" and the relay's `sent.text` read them). Part of the contract: no imports.
 */

/** RFC 9110 §5.6.2 `token`: a method or a header name. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Return true when `text` is an HTTP token (RFC 9110 §5.6.2): valid as a method or header name. */
export function isToken(text: string): boolean {
  return TOKEN.test(text)
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailers',
  'transfer-encoding',
  'upgrade',
])

/**
 * Return true if `headerName` is an HTTP/1.1 hop-by-hop header, in any letter case.
 *
 * These belong to one connection, so a WSGI app must not set them. `Trailer` (singular,
 * a normal header) is not one; `Trailers` is, as in RFC 2616's list that wsgiref copies.
 *
 * @see wsgiref.util.is_hop_by_hop
 */
export function isHopByHop(headerName: string): boolean {
  return HOP_BY_HOP.has(headerName.toLowerCase())
}

/** Return `host:port`, an IPv6 address in brackets (`[::1]:8000`): a Host value, a URL's authority. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/** Return the bytes of a latin-1 string: character i (U+0000–U+00FF) is byte i. */
export function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** Read bytes as latin-1: byte 0xNN becomes U+00NN. */
export function latin1Text(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, i + 4096))
  }
  return out
}
