/**
 * @module
 * Trust by address: a list of proxy addresses and CIDR ranges, IPv4 and IPv6, and the test
 * "is this hop one of them?". All address work is ipaddr.js's; nothing here parses octets.
 *
 * This is the model of gunicorn's `forwarded_allow_ips` and Express/Fastify `trust proxy`.
 * An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack socket reports) matches
 * the IPv4 entry `127.0.0.1`, and the other way round.
 *
 * Security: a hop is trusted only because of its address. Trust only the proxies you run; a
 * range that also holds clients (a whole cloud region, `0.0.0.0/0`) lets them forge hops.
 */
import ipaddr from 'ipaddr.js'

type Ip = ipaddr.IPv4 | ipaddr.IPv6

/** One entry of a trust list, as written and as the range it stands for. */
export interface TrustEntry {
  /** As written in the list (`10.0.0.0/8`, `::1`, `loopback`). */
  readonly text: string
  /** The range in CIDR form (`10.0.0.0/8`, `::1/128`). */
  readonly cidr: string
  readonly range: readonly [Ip, number]
}

/** A parsed trust list. Build it once with {@link parseTrustList}. */
export interface TrustList {
  readonly entries: readonly TrustEntry[]
}

/** Names Express's proxy-addr accepts for common ranges, with the same meaning. */
export const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
}

/**
 * Parse addresses, CIDR ranges and the names in {@link NAMED_RANGES} into a trust list.
 *
 * IPv4 must be four decimal parts (`10.0.0.1`, not `10.1` or `0x0a.0.0.1`), as in
 * X-Forwarded-For. Throws a TypeError that names the bad entry and says why.
 */
export function parseTrustList(items: readonly string[]): TrustList {
  const entries: TrustEntry[] = []
  for (const raw of items) {
    const text = raw.trim()
    const named = NAMED_RANGES[text.toLowerCase()]
    for (const cidr of named ?? [text]) {
      const range = parseRange(cidr, text)
      entries.push({ text, cidr: `${range[0].toString()}/${range[1]}`, range })
    }
  }
  return { entries }
}

function parseRange(text: string, entry: string): [Ip, number] {
  if (text === '') throw new TypeError('empty entry: expected an IP address or CIDR range')
  const slash = text.indexOf('/')
  const address = slash === -1 ? text : text.slice(0, slash)
  if (!isIpText(address)) {
    throw new TypeError(
      `${JSON.stringify(entry)} is not an IP address or CIDR range (${libraryReason(text)})`
    )
  }
  if (slash === -1) {
    const ip = ipaddr.parse(address)
    return [ip, ip.kind() === 'ipv4' ? 32 : 128]
  }
  try {
    return ipaddr.parseCIDR(text)
  } catch (error) {
    throw new TypeError(
      `${JSON.stringify(entry)} is not a valid CIDR range (${(error as Error).message}; the prefix length must be 0-32 for IPv4, 0-128 for IPv6)`
    )
  }
}

function libraryReason(text: string): string {
  try {
    if (text.includes('/')) ipaddr.parseCIDR(text)
    else ipaddr.parse(text)
    return 'IPv4 must be written as four decimal numbers'
  } catch (error) {
    return (error as Error).message
  }
}

/** Whether `text` is an IPv4 address in four decimal parts or an IPv6 address. */
export function isIpText(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text)
}

/** A hop's address as a proxy wrote it, split into the address and an optional port. */
export interface HopAddress {
  /** The address without brackets or port (`2001:db8::1`, `192.0.2.43`), or the text as is. */
  readonly address: string
  readonly port?: string
  /** The address is an IP address (and so can be matched against a trust list). */
  readonly isIp: boolean
}

/**
 * Split `text` into address and port: `[2001:db8::1]:4711`, `192.0.2.43:80`, bare IPv6
 * (`2001:db8::1`, as X-Forwarded-For writes it) or bare IPv4. Anything else is kept whole
 * with `isIp: false` (`unknown`, `_hidden`, garbage).
 */
export function parseHopAddress(text: string): HopAddress {
  const value = text.trim()
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(value)
  if (bracketed) {
    const inner = bracketed[1] as string
    if (!ipaddr.IPv6.isValid(inner)) return { address: value, isIp: false }
    return bracketed[2] === undefined
      ? { address: inner, isIp: true }
      : { address: inner, port: bracketed[2], isIp: true }
  }
  const colons = value.split(':').length - 1
  if (colons === 1) {
    const [host = '', port = ''] = value.split(':')
    if (/^\d+$/.test(port) && ipaddr.IPv4.isValidFourPartDecimal(host)) {
      return { address: host, port, isIp: true }
    }
    return { address: value, isIp: false }
  }
  return { address: value, isIp: isIpText(value) }
}

/**
 * Return the first entry of `list` whose range holds `address`, or `undefined`.
 *
 * `address` is matched as written and, for IPv4-mapped IPv6 and plain IPv4, in its other
 * form too, so `::ffff:10.1.2.3` matches `10.0.0.0/8` and `10.1.2.3` matches `::ffff:0:0/96`.
 */
export function matchTrust(list: TrustList, address: string): TrustEntry | undefined {
  if (!isIpText(address)) return undefined
  const candidates = forms(ipaddr.parse(address))
  return list.entries.find((entry) =>
    candidates.some(
      (ip) => ip.kind() === entry.range[0].kind() && ip.match(entry.range[0], entry.range[1])
    )
  )
}

function forms(ip: Ip): Ip[] {
  if (ip.kind() === 'ipv4') return [ip, (ip as ipaddr.IPv4).toIPv4MappedAddress()]
  const v6 = ip as ipaddr.IPv6
  return v6.isIPv4MappedAddress() ? [v6, v6.toIPv4Address()] : [v6]
}

/** The canonical text of an IP address (RFC 5952 for IPv6), or `text` itself if it is not one. */
export function canonicalIp(text: string): string {
  return isIpText(text) ? ipaddr.parse(text).toString() : text
}
