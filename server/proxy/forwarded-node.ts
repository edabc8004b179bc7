/**
 * @module
 * The value grammar of RFC 7239: nodes (`for=`, `by=`) and the Host syntax of `host=`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7239#section-6
 */
import type { ForwardedNodeJson } from '../contract/api/proxy.ts'
import { isIpText } from './trust.ts'

/** What a `for=`/`by=` node names (RFC 7239 §6). */
export type NodeKind = ForwardedNodeJson['kind']

/** A valid `for=`/`by=` value, split into name and port; the API sends it as it is. */
export type ForwardedNode = ForwardedNodeJson

const OBFUSCATED = /^_[A-Za-z0-9._-]+$/
const PORT = /^\d{1,5}$/
// RFC 3986 reg-name (unreserved, pct-encoded, sub-delims) with an optional port
const REG_NAME_HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*(?::\d*)?$/

/** Parse a node, or say what is wrong with it. */
export function parseNode(value: string): ForwardedNode | 'brackets' | 'node' | 'port' {
  let name: string
  let port: string | undefined
  if (value.startsWith('[')) {
    const close = value.indexOf(']')
    if (close === -1) return 'node'
    name = value.slice(1, close)
    const rest = value.slice(close + 1)
    if (rest !== '' && !rest.startsWith(':')) return 'node'
    if (rest !== '') port = rest.slice(1)
    if (!isIpText(name) || !name.includes(':') || name.includes('%')) return 'node'
  } else {
    const colons = value.split(':').length - 1
    if (colons >= 2) return isIpText(value) ? 'brackets' : 'node'
    const [head = '', tail] = value.split(':')
    name = head
    port = tail
    if (name === '') return 'node'
  }
  if (port !== undefined && !PORT.test(port) && !OBFUSCATED.test(port)) return 'port'
  const kind = nodeKind(name, value.startsWith('['))
  if (!kind) return 'node'
  return port === undefined ? { kind, name } : { kind, name, port }
}

function nodeKind(name: string, bracketed: boolean): NodeKind | undefined {
  if (bracketed) return 'ipv6'
  if (name.toLowerCase() === 'unknown') return 'unknown'
  if (OBFUSCATED.test(name)) return 'obfuscated'
  if (isIpText(name) && !name.includes(':')) return 'ipv4'
  return undefined
}

/** Whether `value` is a Host header value (RFC 7230 §5.4): reg-name or IP literal, optional port. */
export function isHost(value: string): boolean {
  const literal = /^\[([^\]]+)\](?::\d*)?$/.exec(value)
  if (literal) return isIpText(literal[1] as string)
  return REG_NAME_HOST.test(value)
}
