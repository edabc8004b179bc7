/**
 * @module
 * Parse the RFC 7239 `Forwarded` header into elements and report every malformed item.
 *
 * Never throws: a bad pair, node or quote becomes an entry in `errors`, and the element that
 * holds it is marked `valid: false`, so callers can still show it but must not trust it.
 * Several header lines count as one list joined with commas (RFC 7239 §7.1); the leftmost
 * element is the farthest from the server, the rightmost was added by the nearest proxy.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7239
 */

import type {
  ForwardedElementJson,
  ForwardedErrorCode,
  ForwardedErrorJson,
} from '../contract/api/proxy.ts'
import { isToken } from '../contract/http.ts'
import { type ForwardedNode, isHost, parseNode } from './forwarded-node.ts'

export type { ForwardedNode, NodeKind } from './forwarded-node.ts'

/** One `Forwarded` element: the parameters one proxy added, values unquoted. */
export type ForwardedElement = ForwardedElementJson

export type { ForwardedErrorCode } from '../contract/api/proxy.ts'

/** A malformed item. `warning`s leave the element usable; `error`s make it invalid. */
export type ForwardedError = ForwardedErrorJson

export interface ForwardedParse {
  readonly elements: readonly ForwardedElement[]
  readonly errors: readonly ForwardedError[]
}

// RFC 3986 §3.1
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*$/

/** Parse one or more `Forwarded` header values (one string per header line). */
export function parseForwarded(lines: string | readonly string[]): ForwardedParse {
  const elements: ForwardedElement[] = []
  const errors: ForwardedError[] = []
  const all = typeof lines === 'string' ? [lines] : lines
  all.forEach((value, line) => {
    for (const text of splitOutsideQuotes(value, ',')) {
      const trimmed = text.trim()
      if (trimmed === '') continue // empty list elements are allowed and ignored (RFC 9110 §5.6.1)
      const found: ForwardedError[] = []
      elements.push(parseElement(trimmed, elements.length, line, found))
      errors.push(...found)
    }
  })
  return { elements, errors }
}

type Params = Partial<Record<'for' | 'by' | 'host' | 'proto', string>>

function parseElement(
  text: string,
  index: number,
  line: number,
  errors: ForwardedError[]
): ForwardedElement {
  const report = (
    code: ForwardedErrorCode,
    itemText: string,
    message: string,
    parameter?: string,
    severity: ForwardedError['severity'] = 'error'
  ) => {
    errors.push({
      severity,
      code,
      element: index,
      text: itemText,
      message,
      ...(parameter ? { parameter } : {}),
    })
  }
  const params: Params = {}
  const extensions: Array<readonly [string, string]> = []
  const seen = new Set<string>()
  for (const rawPair of splitOutsideQuotes(text, ';')) {
    const pair = rawPair.trim()
    if (pair === '') continue // `;;` is allowed by the grammar
    if (pair !== rawPair) {
      report(
        'whitespace-around-semicolon',
        rawPair,
        `whitespace around ";" in ${JSON.stringify(rawPair)}: RFC 7239 allows none (accepted)`,
        undefined,
        'warning'
      )
    }
    const eq = pair.indexOf('=')
    if (eq === -1) {
      report('missing-equals', pair, `${JSON.stringify(pair)} has no "=": expected name=value`)
      continue
    }
    const rawName = pair.slice(0, eq)
    const rawValue = pair.slice(eq + 1)
    const name = rawName.trim().toLowerCase()
    if (rawName !== rawName.trimEnd() || rawValue !== rawValue.trimStart()) {
      report(
        'whitespace-around-equals',
        pair,
        `whitespace around "=" in ${JSON.stringify(pair)}: RFC 7239 allows none`,
        name
      )
    }
    if (!isToken(name)) {
      report('bad-parameter-name', pair, `${JSON.stringify(rawName)} is not a parameter name`)
      continue
    }
    const value = parseValue(rawValue.trim(), name, report)
    if (value === undefined) continue
    if (seen.has(name)) {
      report(
        'duplicate-parameter',
        pair,
        `"${name}" appears twice in one element: RFC 7239 §4 allows it once (the first is kept)`,
        name
      )
      continue
    }
    seen.add(name)
    if (name === 'for' || name === 'by' || name === 'host' || name === 'proto') params[name] = value
    else extensions.push([name, value])
  }

  const forNode = params.for === undefined ? undefined : checkNode(params.for, 'for', report)
  const byNode = params.by === undefined ? undefined : checkNode(params.by, 'by', report)
  if (params.proto !== undefined && !SCHEME.test(params.proto)) {
    report(
      'bad-proto',
      params.proto,
      `proto=${JSON.stringify(params.proto)} is not a URI scheme name (RFC 3986 §3.1), such as http or https`,
      'proto'
    )
  }
  if (params.host !== undefined && !isHost(params.host)) {
    report(
      'bad-host',
      params.host,
      `host=${JSON.stringify(params.host)} is not a Host header value (RFC 7230 §5.4)`,
      'host'
    )
  }
  return {
    index,
    line,
    text,
    ...params,
    ...(forNode ? { forNode } : {}),
    ...(byNode ? { byNode } : {}),
    extensions,
    valid: !errors.some((e) => e.element === index && e.severity === 'error'),
  }
}

type Report = (code: ForwardedErrorCode, text: string, message: string, parameter?: string) => void

/** Unquote a quoted-string or check a token. Returns undefined when nothing is usable. */
function parseValue(raw: string, name: string, report: Report): string | undefined {
  if (raw.startsWith('"')) {
    let out = ''
    for (let i = 1; i < raw.length; i++) {
      const ch = raw[i] as string
      if (ch === '\\' && i + 1 < raw.length) out += raw[++i]
      else if (ch === '"') {
        if (i !== raw.length - 1) {
          report('bad-value', raw, `${name}=${raw}: text after the closing quote`, name)
        }
        return out
      } else out += ch
    }
    report('unclosed-quote', raw, `${name}=${raw}: the quoted string is never closed`, name)
    return out
  }
  if (raw === '') {
    report('empty-value', `${name}=`, `${name}= has no value`, name)
    return undefined
  }
  if (!isToken(raw)) {
    if (raw.startsWith('[') || (raw.match(/:/g)?.length ?? 0) >= 2) {
      report(
        'unquoted-ipv6',
        raw,
        `${name}=${raw}: an IPv6 address must be bracketed and quoted, as ${name}="[2001:db8::1]"`,
        name
      )
    } else if (/^[^\s",;\\]+$/.test(raw)) {
      report(
        'needs-quotes',
        raw,
        `${name}=${raw}: ":" and "[" are not token characters; quote the value, as ${name}="${raw}"`,
        name
      )
    } else {
      report('bad-value', raw, `${name}=${raw}: neither a token nor a quoted string`, name)
    }
  }
  return raw
}

/** Check a `for=`/`by=` value against the node grammar (RFC 7239 §6). */
function checkNode(value: string, name: string, report: Report): ForwardedNode | undefined {
  const node = parseNode(value)
  if (typeof node !== 'string') return node
  report(
    node === 'brackets' ? 'ipv6-needs-brackets' : 'invalid-node',
    value,
    nodeMessage(node, name, value),
    name
  )
  return undefined
}

function nodeMessage(problem: 'brackets' | 'node' | 'port', name: string, value: string): string {
  if (problem === 'brackets') {
    return `${name}="${value}": an IPv6 address needs brackets, as ${name}="[${value}]"`
  }
  if (problem === 'port') {
    return `${name}="${value}": the port must be 1-5 digits or an obfuscated "_name"`
  }
  return `${name}=${JSON.stringify(value)} is not a node: expected an IPv4 address, a bracketed IPv6 address, "unknown" or an obfuscated "_name" (RFC 7239 §6)`
}

/** Split at `sep` outside double-quoted strings (a backslash escapes inside quotes). */
function splitOutsideQuotes(text: string, sep: ',' | ';'): string[] {
  const parts: string[] = []
  let part = ''
  let inQuote = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    if (inQuote && ch === '\\' && i + 1 < text.length) {
      part += ch + (text[++i] as string)
      continue
    }
    if (ch === '"') inQuote = !inQuote
    if (ch === sep && !inQuote) {
      parts.push(part)
      part = ''
    } else part += ch
  }
  parts.push(part)
  return parts
}
