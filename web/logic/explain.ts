/**
 * @module
 * Say, in one or two sentences, how THIS request produced a given environ key.
 *
 * The general rule for each key lives in the gateway's key docs; this is the concrete
 * trace for the request on screen ("From the header line X-Tag: one, two").
 */
import type { SentView } from './sent.ts'
import { headerKey } from './trace.ts'
import { utf8Hint } from './visible.ts'

const SERVER_SET = new Set(['SERVER_NAME', 'SERVER_PORT', 'SERVER_SOFTWARE', 'GATEWAY_INTERFACE'])

function quoted(text: string): string {
  return `“${text}”`
}

function fromHeaders(key: string, value: string, view: SentView): string | undefined {
  const lines = view.headers.filter((h) => h.origin !== 'blocked' && headerKey(h.name) === key)
  if (lines.length === 0) return undefined
  const who = lines.every((h) => h.origin === 'browser')
    ? 'added by the browser'
    : lines.some((h) => h.origin === 'browser')
      ? 'set by you and the browser'
      : 'set by you'
  const shown = lines.map((h) => quoted(`${h.name}: ${h.value}`)).join(' and ')
  const changed =
    lines.length === 1 && lines[0]?.value !== value ? `, seen as ${quoted(value)}` : ''
  return `From the header line ${shown} (${who})${changed}.`
}

/**
 * Return a sentence tracing `key` (with `value`) back to the request in `view`.
 *
 * `profile` names the server profile, for keys the server sets on its own.
 */
export function explainOrigin(key: string, value: string, view: SentView, profile: string): string {
  const [path = '', ...rest] = view.target.split('?')
  const query = rest.join('?')
  const header = fromHeaders(key, value, view)
  switch (key) {
    case 'REQUEST_METHOD':
      return `The first word of the request line: ${quoted(view.method)}.`
    case 'SERVER_PROTOCOL':
      return `The last word of the request line: ${quoted(view.protocol)}.`
    case 'QUERY_STRING':
      return view.target.includes('?')
        ? `Everything after the first “?” of ${quoted(view.target)}, not decoded.`
        : 'The request-target has no “?”, so the query string is empty.'
    case 'PATH_INFO': {
      const hint = utf8Hint(value)
      const decoded = path === value ? 'nothing to decode' : `decoded to ${quoted(value)}`
      const utf8 = hint ? ` Read as UTF-8 those bytes say ${quoted(hint)}.` : ''
      return `The path ${quoted(path)}, percent-decoded byte by byte and read as latin-1: ${decoded}.${utf8}`
    }
    case 'SCRIPT_NAME':
      return value
        ? `The app is mounted at ${quoted(value)}: that prefix of ${quoted(path)} went to SCRIPT_NAME, the rest to PATH_INFO.`
        : 'The app is mounted at the root, so SCRIPT_NAME is empty and PATH_INFO holds the whole path.'
    case 'RAW_URI':
    case 'REQUEST_URI':
      return `The request-target exactly as sent: ${quoted(view.target)}${query ? '' : ' (no query)'}.`
    case 'CONTENT_LENGTH':
      if (header) return `${header} It counts the ${view.bodyBytes}-byte body.`
      return 'No Content-Length header was sent (there was no body).'
    case 'CONTENT_TYPE':
      return (
        header ??
        `No Content-Type header was sent; ${profile} fills in ${quoted(value)} on its own.`
      )
    case 'wsgi.input':
      return view.body === undefined
        ? 'An empty stream: this request had no body.'
        : `A stream over the ${view.bodyBytes}-byte body; the app reads it, the echo shows only its repr.`
    case 'REMOTE_ADDR':
    case 'REMOTE_PORT':
    case 'REMOTE_HOST':
      return 'From the TCP connection, not from the request text: the address the server sees.'
    case 'wsgi.url_scheme':
      return 'From the connection: plain HTTP here, so “http”. Headers alone do not change it.'
  }
  if (header) return header
  if (SERVER_SET.has(key) || key.startsWith('wsgi.'))
    return `Set by the server (${profile} profile), not by anything in the request.`
  if (key.startsWith('HTTP_'))
    return 'No header line of this request maps to it; a server or middleware added it.'
  return `Set by the server (${profile} profile) or a middleware.`
}
