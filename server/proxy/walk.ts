/**
 * @module
 * Trust by address: walk the forwarding chain from the socket peer leftwards, stepping over
 * trusted proxies; the first address that is not trusted is the client.
 *
 * The chain is X-Forwarded-For, or the `for=` of each RFC 7239 `Forwarded` element when the
 * policy says so. Scheme and host come from the hop that named the client (the outermost
 * trusted proxy), and only when that proxy is trusted. Fails closed: an untrusted socket
 * peer changes nothing, and a client hop that is not an address (or a malformed `Forwarded`
 * element) leaves REMOTE_ADDR alone.
 *
 * @see gunicorn forwarded_allow_ips; Express `trust proxy` (proxy-addr)
 */
import type { Environ } from '../contract/python.ts'
import { type ForwardedElement, parseForwarded } from './forwarded.ts'
import { environText, type Hop, type Outcome, ordinal, Rewriter } from './outcome.ts'
import { matchTrust, parseHopAddress, type TrustEntry, type TrustList } from './trust.ts'
import { parseListHeader } from './xff.ts'

/** Trust the hops whose address is in `trust`; read `Forwarded` instead of X-Forwarded-*. */
export interface TrustPolicy {
  readonly trust: TrustList
  readonly forwarded: boolean
}

/** One entry of the chain, before the walk judges it. */
interface Entry {
  readonly text: string
  readonly index: number
  readonly ip: string | null
  readonly port?: string
  /** Why it cannot be trusted whatever the list says (malformed, obfuscated, not an IP). */
  readonly unusable?: string
  /** The value REMOTE_ADDR takes when this entry is the client; absent: leave it alone. */
  readonly remoteAddr?: string
  readonly element?: ForwardedElement
}

/** Decide what the trusted-proxies policy does to `environ`. */
export function decideTrusted(environ: Environ, policy: TrustPolicy): Outcome {
  const source = policy.forwarded ? 'Forwarded' : 'X-Forwarded-For'
  const entries = policy.forwarded ? forwardedEntries(environ) : xffEntries(environ)
  const peer = environText(environ, 'REMOTE_ADDR') ?? ''
  const peerMatch = matchTrust(policy.trust, peer)
  const rw = new Rewriter(environ)
  const hops: Hop[] = []
  const peerHop = (role: Hop['role'], reason: string): Hop => ({
    address: peer,
    source: 'socket',
    ip: parseHopAddress(peer).isIp ? peer : null,
    trusted: peerMatch !== undefined,
    role,
    reason,
  })

  if (!peerMatch) {
    const why = `the socket peer ${peer || '(none)'} is not a trusted proxy, so nothing it sent is believed`
    for (const entry of entries) hops.push(hop(entry, source, false, 'ignored', why))
    hops.push(peerHop('client', `${why}; it stays the client`))
    return { hops, decisions: rw.decisions(() => `${why} (fail closed)`) }
  }

  // right to left: the nearest proxy's entry first
  let clientAt = -1
  let clientReason = ''
  const walked: Hop[] = []
  for (let k = entries.length - 1; k >= 0; k--) {
    const entry = entries[k] as Entry
    const match = entry.unusable ? undefined : matchTrust(policy.trust, entry.ip ?? '')
    if (match && k > 0) {
      walked.push(
        hop(
          entry,
          source,
          true,
          'proxy',
          `${matched(match)}: a trusted proxy, so the walk steps left`
        )
      )
      continue
    }
    clientAt = k
    const reason = match
      ? `${matched(match)}, but it is the leftmost ${source} value: the farthest address known, so it is the client`
      : `${entry.unusable ?? 'not in the trusted proxies'}: the first untrusted hop from the right is the client`
    walked.push(hop(entry, source, match !== undefined, 'client', reason))
    clientReason = reason
    break
  }
  for (let k = 0; k < clientAt; k++) {
    const entry = entries[k] as Entry
    const match = entry.unusable ? undefined : matchTrust(policy.trust, entry.ip ?? '')
    const aside = match ? ` (it matches ${match.text}, but anyone can write any address there)` : ''
    hops.push(
      hop(
        entry,
        source,
        false,
        'ignored',
        `left of the client: the client or an untrusted hop wrote it${aside}`
      )
    )
  }
  hops.push(...walked.reverse())
  hops.push(
    peerHop(
      clientAt === -1 ? 'client' : 'proxy',
      `${matched(peerMatch)}: the socket peer is a trusted proxy${clientAt === -1 ? `, and there is no ${source} to walk` : ''}`
    )
  )

  const client = entries[clientAt]
  // the proxies that appended what the walk used: the peer and each trusted hop stepped over
  const proxies = client ? entries.length - clientAt : 1
  const unchanged = new Map<string, string>()
  if (client?.remoteAddr !== undefined) {
    rw.set(
      'REMOTE_ADDR',
      client.remoteAddr,
      source,
      `${clientReason} (${source} value ${client.index + 1} of ${entries.length}, counting from the left)`
    )
  } else {
    unchanged.set(
      'REMOTE_ADDR',
      client
        ? `the client hop ${JSON.stringify(client.text)} ${client.unusable ?? 'is not an address'}, so REMOTE_ADDR stays (fail closed)`
        : `no ${source} from the trusted peer: REMOTE_ADDR stays the socket peer`
    )
  }
  if (policy.forwarded) applyElement(rw, client?.element, unchanged)
  else applyCounted(environ, rw, proxies, unchanged)
  return {
    hops,
    decisions: rw.decisions((key) => unchanged.get(key) ?? 'not rewritten by this policy'),
  }
}

function hop(
  entry: Entry,
  source: Hop['source'],
  trusted: boolean,
  role: Hop['role'],
  reason: string
): Hop {
  return {
    address: entry.text,
    source,
    index: entry.index,
    ip: entry.ip,
    ...(entry.port === undefined ? {} : { port: entry.port }),
    trusted,
    role,
    reason,
  }
}

function matched(entry: TrustEntry): string {
  // a single address needs no "/32"; a name (loopback) or a normalised range says what it covers
  return entry.cidr.startsWith(`${entry.text}/`) || entry.cidr === entry.text
    ? `matches ${entry.text}`
    : `matches ${entry.text} (${entry.cidr})`
}

function xffEntries(environ: Environ): Entry[] {
  const values = parseListHeader(environText(environ, 'HTTP_X_FORWARDED_FOR') ?? '')
  return values.map((text, index) => {
    const hop = parseHopAddress(text)
    if (!hop.isIp) return { text, index, ip: null, unusable: 'is not an IP address' }
    const port = hop.port === undefined ? {} : { port: hop.port }
    return { text, index, ip: hop.address, ...port, remoteAddr: hop.address }
  })
}

function forwardedEntries(environ: Environ): Entry[] {
  const { elements } = parseForwarded(environText(environ, 'HTTP_FORWARDED') ?? '')
  return elements.map((element) => {
    const text = element.for ?? ''
    const base = { text, index: element.index, element }
    if (!element.valid) {
      return {
        ...base,
        ip: null,
        unusable: 'is in a malformed Forwarded element, which is not believed',
      }
    }
    const node = element.forNode
    if (!node) return { ...base, ip: null, unusable: 'is missing: the element has no for=' }
    const port = node.port === undefined ? {} : { port: node.port }
    if (node.kind === 'ipv4' || node.kind === 'ipv6') {
      return { ...base, ip: node.name, ...port, remoteAddr: node.name }
    }
    // the proxy knew the client but hid it: the app gets the identifier, as waitress does
    return {
      ...base,
      ip: null,
      ...port,
      unusable: `is ${node.kind === 'unknown' ? '"unknown"' : 'an obfuscated identifier'}, which cannot match an address`,
      remoteAddr: node.name,
    }
  })
}

/** X-Forwarded-Proto/-Host: the value the outermost trusted proxy appended. */
function applyCounted(
  environ: Environ,
  rw: Rewriter,
  proxies: number,
  unchanged: Map<string, string>
): void {
  for (const [name, key] of [
    ['X-Forwarded-Proto', 'HTTP_X_FORWARDED_PROTO'],
    ['X-Forwarded-Host', 'HTTP_X_FORWARDED_HOST'],
  ] as const) {
    const values = parseListHeader(environText(environ, key) ?? '')
    const targets =
      key === 'HTTP_X_FORWARDED_PROTO'
        ? ['wsgi.url_scheme']
        : ['HTTP_HOST', 'SERVER_NAME', 'SERVER_PORT']
    if (values.length === 0) {
      for (const target of targets) unchanged.set(target, `no ${name} from a trusted proxy`)
      continue
    }
    const at = values.length >= proxies ? values.length - proxies : 0
    const value = values[at] as string
    const rule =
      values.length >= proxies
        ? `${proxies} trusted prox${proxies === 1 ? 'y' : 'ies'}: the ${ordinal(proxies)} ${name} value from the right, set by the outermost trusted proxy`
        : `${name} has fewer values (${values.length}) than trusted proxies (${proxies}): your proxies overwrite it rather than append, so its leftmost value is taken`
    if (key === 'HTTP_X_FORWARDED_PROTO') rw.set('wsgi.url_scheme', value, name, rule)
    else setHost(rw, value, name, rule)
  }
}

/** Forwarded `proto=`/`host=` of the element that named the client. */
function applyElement(
  rw: Rewriter,
  element: ForwardedElement | undefined,
  unchanged: Map<string, string>
): void {
  const why = !element
    ? 'no Forwarded element from a trusted proxy'
    : !element.valid
      ? `the client's Forwarded element ${JSON.stringify(element.text)} is malformed, so nothing in it is believed`
      : undefined
  if (element?.valid && element.proto !== undefined) {
    rw.set(
      'wsgi.url_scheme',
      element.proto,
      'Forwarded',
      `proto= of the element that names the client (element ${element.index + 1})`
    )
  } else unchanged.set('wsgi.url_scheme', why ?? "the client's Forwarded element has no proto=")
  if (element?.valid && element.host !== undefined) {
    setHost(
      rw,
      element.host,
      'Forwarded',
      `host= of the element that names the client (element ${element.index + 1})`
    )
  } else {
    for (const key of ['HTTP_HOST', 'SERVER_NAME', 'SERVER_PORT']) {
      unchanged.set(key, why ?? "the client's Forwarded element has no host=")
    }
  }
}

/** Set HTTP_HOST and SERVER_NAME (and SERVER_PORT from a port) as ProxyFix's x_host does. */
function setHost(rw: Rewriter, value: string, source: string, rule: string): void {
  rw.set('HTTP_HOST', value, source, rule)
  if (value.includes(':') && !value.endsWith(']')) {
    const colon = value.lastIndexOf(':')
    rw.set('SERVER_NAME', value.slice(0, colon), source, `${rule}; the host part`)
    rw.set('SERVER_PORT', value.slice(colon + 1), source, `${rule}; the port part`)
  } else {
    rw.set('SERVER_NAME', value, source, rule)
  }
}
