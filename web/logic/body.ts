/**
 * @module
 * The composer's body: bytes, always. Typed text is held as text and goes out as its UTF-8
 * bytes; anything else (a replayed binary upload, and later a file or hex input) is held as
 * the exact bytes, base64 in the draft so it survives localStorage and history as JSON.
 *
 * Nothing here turns bytes into text and back: a body that arrived as bytes stays bytes
 * until the user replaces it.
 */

/** Text as typed (sent as UTF-8), or exact bytes. */
export type Body = string | { readonly base64: string }

/** Return true when `value` is a stored body. */
export function isBody(value: unknown): value is Body {
  return (
    typeof value === 'string' ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { base64?: unknown }).base64 === 'string')
  )
}

/** Return the body holding exactly `bytes` (`''` when there are none). */
export function bytesBody(bytes: Uint8Array): Body {
  return bytes.length === 0 ? '' : { base64: base64Of(bytes) }
}

/**
 * Return a body for bytes that arrived from elsewhere (a captured request): text when the
 * bytes are UTF-8 that the composer sends back unchanged, else the bytes themselves.
 *
 * Multipart text is sent with CRLF line ends, so a multipart body with a bare LF stays bytes.
 */
export function receivedBody(bytes: Uint8Array, contentType: string | undefined): Body {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return bytesBody(bytes)
  }
  const rewritten = /^multipart\//i.test(contentType ?? '') && /(^|[^\r])\n/.test(text)
  return rewritten ? bytesBody(bytes) : text
}

/** Return the bytes the body stands for. */
export function bodyBytes(body: Body): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : bytesOf(body.base64)
}

/** Return how many bytes the body is. */
export function bodyLength(body: Body): number {
  return typeof body === 'string'
    ? new TextEncoder().encode(body).length
    : Math.floor((body.base64.length * 3) / 4) - (body.base64.match(/=+$/)?.[0].length ?? 0)
}

export function isEmptyBody(body: Body): boolean {
  return typeof body === 'string' ? body === '' : body.base64 === ''
}

/** Return the body as text when its bytes are UTF-8 (so showing them as text loses nothing). */
export function bodyText(body: Body): string | undefined {
  if (typeof body === 'string') return body
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(body.base64))
  } catch {
    return undefined
  }
}

function base64Of(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

function bytesOf(base64: string): Uint8Array {
  try {
    return Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0))
  } catch {
    return new Uint8Array(0)
  }
}
