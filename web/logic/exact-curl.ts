/**
 * @module
 * "Copy as curl" for an exact send: a curl command that sends the same request where curl
 * can, and a `printf … | nc` of the exact bytes where it cannot (raw bytes, framing curl
 * would redo, versions curl does not speak), with the reason.
 *
 * curl adds Host, User-Agent and Accept of its own, and Content-Type and Expect with a body;
 * the command removes the ones the request does not have (`-H 'Name:'`), and writes an empty
 * value as `-H 'Name;'` (curl's spelling, since `Name:` removes the header).
 */
import { isPasteSafe, printfOf, shellQuote, singleQuote } from './curl.ts'
import type { ExactPlan } from './exact.ts'

export interface ExactCommand {
  readonly kind: 'curl' | 'nc'
  readonly command: string
  /** Why curl could not be used (nc only). */
  readonly why?: string
}

/** Where the server listens, as the page reached it. */
export interface ServerAddress {
  /** `127.0.0.1:8000`, `[::1]:8000`. */
  readonly host: string
  readonly hostname: string
  readonly port: string
}

/** Undo the latin-1 mapping of the request's strings: the text a terminal pastes as those bytes. */
function asTyped(latin1: string): string {
  return new TextDecoder().decode(Uint8Array.from(latin1, (ch) => ch.charCodeAt(0)))
}

/** Return a `printf | nc` command that writes exactly `bytes` to the server. */
export function ncCommand(bytes: Uint8Array, server: ServerAddress): string {
  const hostname = server.hostname.replace(/^\[|\]$/g, '')
  return `${printfOf(bytes)} | nc -w 3 ${shellQuote(hostname)} ${shellQuote(server.port || '80')}`
}

/** Why curl cannot send this structured request as is, or undefined when it can. */
function curlObstacle(plan: ExactPlan): string | undefined {
  if (plan.raw) return 'curl cannot send hand-written or malformed bytes'
  const request = plan.request
  if (!('method' in request)) return 'curl cannot send hand-written bytes'
  if (plan.httpVersion !== '1.1' && plan.httpVersion !== '1.0')
    return `curl does not send HTTP/${plan.httpVersion} requests`
  const headers = request.headers ?? []
  const named = (name: string) => headers.filter(([n]) => n.toLowerCase() === name)
  if (named('transfer-encoding').length > 0)
    return 'curl would frame the body itself for a Transfer-Encoding header'
  if (named('host').length > 1) return 'curl sends one Host header, not several'
  const lengths = named('content-length')
  const size = new TextEncoder().encode(request.body ?? '').length
  if (lengths.length > 1 || lengths.some(([, value]) => value.trim() !== String(size)))
    return 'curl sends the body’s real length, not a different Content-Length'
  const texts = [...[request.target ?? '/', ...headers.flat()].map(asTyped), request.body ?? '']
  if (!texts.every(isPasteSafe)) return 'control characters would not survive a terminal paste'
  return undefined
}

/**
 * Return the command that reproduces an exact send: curl when it can, else `printf | nc` of
 * `bytes`, the request exactly as the relay sent it.
 */
export function exactCommand(
  plan: ExactPlan,
  bytes: Uint8Array,
  server: ServerAddress
): ExactCommand {
  const obstacle = curlObstacle(plan)
  const request = plan.request
  if (obstacle || !('method' in request)) {
    return { kind: 'nc', command: ncCommand(bytes, server), why: obstacle ?? 'raw bytes' }
  }
  const headers = request.headers ?? []
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name)
  // the body is text sent as UTF-8 (bodyEncoding utf8); target and headers are latin-1 strings
  const body = request.body ?? ''
  const parts = ['curl', '-sS']
  if (plan.httpVersion === '1.0') parts.push('--http1.0')
  if (plan.method === 'HEAD' && body === '') parts.push('-I')
  else if (plan.method !== 'GET' || body !== '') parts.push('-X', shellQuote(plan.method))
  parts.push('--request-target', singleQuote(asTyped(request.target ?? '/')))
  if (!has('host') && plan.httpVersion === '1.0') parts.push('-H', singleQuote('Host:'))
  for (const name of ['User-Agent', 'Accept']) {
    if (!has(name.toLowerCase())) parts.push('-H', singleQuote(`${name}:`))
  }
  for (const [name, value] of headers) {
    const text = asTyped(value)
    parts.push('-H', singleQuote(text.trim() === '' ? `${name};` : `${name}: ${text}`))
  }
  let pipe = ''
  if (body !== '') {
    if (!has('content-type')) parts.push('-H', singleQuote('Content-Type:'))
    if (!has('expect')) parts.push('-H', singleQuote('Expect:'))
    if (body.startsWith('@')) {
      pipe = `${printfOf(new TextEncoder().encode(body))} | `
      parts.push('--data-binary', '@-')
    } else parts.push('--data-binary', singleQuote(body))
  }
  parts.push(singleQuote(`http://${server.host}/`))
  return { kind: 'curl', command: pipe + parts.join(' ') }
}
