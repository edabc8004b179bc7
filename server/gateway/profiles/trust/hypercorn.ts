/**
 * @module
 * hypercorn 0.18's ProxyFixMiddleware: hop counts, no peer check; the item `trusted_hops`
 * from the right of X-Forwarded-For/-Proto/-Host (or of Forwarded in modern mode), Host
 * replaced by one entry appended last.
 *
 * @see https://github.com/pgjones/hypercorn/blob/0.18.0/src/hypercorn/middleware/proxy_fix.py
 */
import {
  checkNames,
  headerValues,
  type ProxyTrust,
  type TrustEffect,
  type TrustRead,
  TrustSettingsError,
} from '../trust.ts'

// the lines each decision comes from, in the release modelled
const hypercornLine = (line: number) =>
  `https://github.com/pgjones/hypercorn/blob/0.18.0/src/hypercorn/middleware/proxy_fix.py#L${line}`

export interface HypercornTrust {
  /** `undefined`: the app is not wrapped in ProxyFixMiddleware. */
  readonly trusted_hops: number | undefined
  readonly mode: 'legacy' | 'modern'
}

const HYPERCORN_OPTIONS = {
  trusted_hops: 'wrap the app in ProxyFixMiddleware trusting this many hops (no peer check)',
  mode: 'legacy (X-Forwarded-*) or modern (Forwarded, falling back to legacy)',
} as const

export const HYPERCORN_TRUST: ProxyTrust<HypercornTrust> = {
  server: 'hypercorn',
  off: { trusted_hops: undefined, mode: 'legacy' },
  serverDefaults: { trusted_hops: undefined, mode: 'legacy' },
  options: HYPERCORN_OPTIONS,
  parse(pairs) {
    checkNames(pairs, HYPERCORN_OPTIONS)
    const mode = pairs.mode ?? 'legacy'
    if (mode !== 'legacy' && mode !== 'modern')
      throw new TrustSettingsError('mode', 'expected legacy or modern')
    const hops = Number(pairs.trusted_hops ?? '1')
    if (!Number.isInteger(hops) || hops < 1)
      throw new TrustSettingsError('trusted_hops', 'expected a whole number ≥ 1')
    return { trusted_hops: hops, mode }
  },
  apply({ headers }, s): TrustEffect {
    const hops = s.trusted_hops
    if (hops === undefined) {
      const why = 'no ProxyFixMiddleware: proxy headers ignored'
      return { dropHeaders: [], why: [why], gate: { trusted: false, why, cite: hypercornLine(10) } }
    }
    const gate = {
      trusted: true,
      why: `ProxyFixMiddleware(mode="${s.mode}", trusted_hops=${hops}): any peer is believed`,
      cite: hypercornLine(23),
    }
    const why = [gate.why]
    const reads: TrustRead[] = []
    // _get_trusted_value: every line's items, the one `hops` from the right if there are that many
    const trustedValue = (header: string, sets: TrustRead['sets'] | undefined) => {
      const items = headerValues(headers, header).flatMap((v) => v.split(',').map((x) => x.trim()))
      const item = items.length >= hops ? items.length - hops : undefined
      if (sets !== undefined && items.length > 0) {
        reads.push({
          sets,
          header,
          items,
          ...(item === undefined ? {} : { item }),
          used: item !== undefined,
          why:
            item === undefined
              ? `${header}: ${items.length} item(s), fewer than trusted_hops=${hops}: ignored`
              : `${header}: item ${hops} from the right (trusted_hops=${hops}) → ${items[item]}`,
          cite: hypercornLine(item === undefined ? 80 : 78),
        })
      }
      return item === undefined ? undefined : items[item]
    }
    let client: string | undefined
    let scheme: string | undefined
    let host: string | undefined
    const element = s.mode === 'modern' ? trustedValue('Forwarded', undefined) : undefined
    if (element !== undefined) {
      // proxy_fix.py: the element's pairs split on ';', taken verbatim (no unquoting)
      for (const part of element.split(';')) {
        if (part.startsWith('for=')) client = part.slice(4).trim()
        else if (part.startsWith('host=')) host = part.slice(5).trim()
        else if (part.startsWith('proto=')) scheme = part.slice(6).trim()
      }
      const line = `Forwarded: element ${hops} from the right, taken verbatim: ${element}`
      why.push(line)
      const read = (sets: TrustRead['sets'], value: string | undefined) => {
        if (value !== undefined)
          reads.push({
            sets,
            header: 'Forwarded',
            items: [],
            used: true,
            why: line,
            cite: hypercornLine(36),
          })
      }
      read('client', client)
      read('scheme', scheme)
      read('host', host)
    } else {
      client = trustedValue('X-Forwarded-For', 'client')
      scheme = trustedValue('X-Forwarded-Proto', 'scheme')
      host = trustedValue('X-Forwarded-Host', 'host')
      why.push(`X-Forwarded-For/-Proto/-Host: value ${hops} from the right, if there are that many`)
    }
    return {
      dropHeaders: host === undefined ? [] : ['host'],
      ...(client === undefined ? {} : { client: { host: client, port: 0 } }),
      ...(scheme === undefined ? {} : { scheme }),
      // proxy_fix.py: every host header removed, then (b"host", value) appended
      ...(host === undefined ? {} : { host, hostLast: true }),
      why:
        host === undefined
          ? why
          : [...why, `every host header removed, (b'host', ${host}) appended last`],
      gate,
      reads,
    }
  },
}
