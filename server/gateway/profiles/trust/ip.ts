/**
 * @module
 * The address test the servers' allow lists use: an exact address, a CIDR network, or `*`.
 * Sans-io and dependency-free (the gateway imports no package); IPv4 and IPv6, no names.
 */

/** The address as a number and its width in bits, or undefined if it is not an IP literal. */
export function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  const t = text.trim()
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) {
    const parts = t.split('.').map(Number)
    if (parts.some((p) => p > 255)) return undefined
    return { value: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n), bits: 32 }
  }
  if (!t.includes(':') || !/^[0-9a-fA-F:.]+$/.test(t)) return undefined
  let text6 = t
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(t)
  if (v4) {
    const ip = parseIp(v4[1] as string)
    if (!ip) return undefined
    text6 = `${t.slice(0, -v4[0].length)}${(ip.value >> 16n).toString(16)}:${(ip.value & 0xffffn).toString(16)}`
  }
  const halves = text6.split('::')
  if (halves.length > 2) return undefined
  const head = halves[0] ? (halves[0] as string).split(':') : []
  const tail = halves.length === 2 && halves[1] ? (halves[1] as string).split(':') : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined
  return {
    value: groups.reduce((a, g) => (a << 16n) | BigInt(Number.parseInt(g, 16)), 0n),
    bits: 128,
  }
}

/** Whether `peer` is in `list` (entries: addresses, `net/prefix`, `*`). */
export function inAllowList(peer: string, list: readonly string[]): boolean {
  const ip = parseIp(peer)
  for (const raw of list) {
    const entry = raw.trim()
    if (entry === '*') return true
    if (entry === peer) return true
    if (!ip) continue
    const [addr, prefix] = entry.split('/') as [string, string | undefined]
    const net = parseIp(addr)
    if (!net || net.bits !== ip.bits) continue
    const len = prefix === undefined ? net.bits : Number(prefix)
    if (!Number.isInteger(len) || len < 0 || len > net.bits) continue
    const shift = BigInt(net.bits - len)
    if (net.value >> shift === ip.value >> shift) return true
  }
  return false
}

/** Whether `entry` is `*`, an address or `address/prefix` with a prefix that fits it. */
export function isAllowEntry(entry: string): boolean {
  const t = entry.trim()
  if (t === '*') return true
  const [addr, prefix, extra] = t.split('/') as [string, string | undefined, string | undefined]
  const ip = parseIp(addr)
  if (!ip || extra !== undefined) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= ip.bits)
}
