/**
 * @module
 * Trace an ASGI scope's keys back to the request bytes, as relay/provenance.ts does for an
 * environ: `method`, `path`, `raw_path`, `query_string` and `headers` to their bytes; the
 * rest to the socket, the server's options or a constant. Not traced: which header byte fed
 * which tuple of `headers` (the whole header block is given).
 */
import type { ByteRange, KeyProvenance, RequestHead } from '../contract/api/send.ts'
import type { AsgiProfile } from '../gateway/profiles/types.ts'
import { rangeText } from './head.ts'
import type { ProvenanceReport } from './provenance.ts'

/** Return where each key of `scope` (rendered with `str()`) came from in `bytes`. */
export function traceScopeProvenance(
  bytes: Uint8Array,
  scope: Readonly<Record<string, string>>,
  head: RequestHead,
  rootPath: string,
  profile: AsgiProfile
): ProvenanceReport {
  const target = head.requestLine?.target
  const [path, query] = target ? splitTarget(bytes, target) : [undefined, undefined]
  const keys: Record<string, KeyProvenance> = {}
  for (const key of Object.keys(scope)) {
    const found = traceKey(key, head, path, query, rootPath, profile)
    keys[key] = respelled(found, bytes, scope[key], profile.name)
  }
  return { keys, ignored: [] }
}

/** A value read from one range that the server writes otherwise (method, http_version). */
function respelled(
  found: KeyProvenance,
  bytes: Uint8Array,
  value: string | undefined,
  server: string
): KeyProvenance {
  const [range] = found.ranges
  if (found.ranges.length !== 1 || !range || found.steps.join() !== 'latin-1') return found
  const sent = rangeText(bytes, range)
  if (value === undefined || sent === value) return found
  const said = `${server} writes ${JSON.stringify(sent)} as ${JSON.stringify(value)}`
  return {
    ...found,
    steps: [...found.steps, 'respelled'],
    note: found.note ? `${found.note}; ${said}` : said,
  }
}

function splitTarget(bytes: Uint8Array, target: ByteRange): [ByteRange, ByteRange | undefined] {
  const [start, end] = target
  const q = bytes.subarray(start, end).indexOf(0x3f)
  if (q === -1) return [target, undefined]
  return [
    [start, start + q],
    [start + q + 1, end],
  ]
}

function traceKey(
  key: string,
  head: RequestHead,
  path: ByteRange | undefined,
  query: ByteRange | undefined,
  rootPath: string,
  profile: AsgiProfile
): KeyProvenance {
  // only uvicorn (0.26+) puts root_path in front of path and raw_path
  const mount =
    rootPath && profile.rootPathInPath
      ? ` (after root_path ${JSON.stringify(rootPath)}, from --script-name)`
      : ''
  switch (key) {
    case 'method':
      return ranged(
        head.requestLine?.method,
        ['latin-1'],
        profile.method === 'upper'
          ? 'the request line method, upper-cased'
          : 'the request line method, verbatim'
      )
    case 'http_version':
      return ranged(
        versionDigits(head.requestLine?.version),
        ['latin-1'],
        'the version after "HTTP/"'
      )
    case 'path':
      return ranged(path, ['split-query', 'percent-decode'], `UTF-8, errors='replace'${mount}`)
    case 'raw_path':
      return ranged(path, ['split-query'], `the path bytes as sent${mount}`)
    case 'query_string':
      return query
        ? { ranges: [query], steps: ['split-query'] }
        : { ranges: [], steps: ['default'], note: "no '?' in the target: b''" }
    case 'headers':
      return {
        ranges: head.headers.map((field) => field.range),
        steps: [],
        note: headersNote(profile),
      }
    case 'client':
      return { ranges: [], steps: ['socket'], note: 'the peer address and port' }
    case 'server':
      return { ranges: [], steps: ['socket'], note: 'the local address and port of the socket' }
    case 'root_path':
      return { ranges: [], steps: ['server'], note: "--root-path (our --script-name), else ''" }
    case 'scheme':
      return {
        ranges: [],
        steps: ['constant'],
        note: 'plain HTTP: no TLS, and no header is trusted',
      }
    default:
      return { ranges: [], steps: ['constant'] }
  }
}

/** How the profile's server lists the header lines it read. */
function headersNote(profile: AsgiProfile): string {
  const notes = ['one (name, value) tuple per header line, names lower-cased, values as bytes']
  if (profile.headerOrder === 'by-name') notes.push('all values of a name together')
  if (profile.underscoreHeaders === 'drop') notes.push("names with '_' dropped")
  if (profile.rootPathHeader) notes.push(`${profile.rootPathHeader} taken out as root_path`)
  if (profile.hostWhenMissing) notes.push("(b'host', b'') first when there is no Host")
  return notes.join('; ')
}

/** `HTTP/1.1` → the range of `1.1`. */
function versionDigits(version: ByteRange | undefined): ByteRange | undefined {
  return version && version[1] - version[0] > 5 ? [version[0] + 5, version[1]] : undefined
}

function ranged(
  range: ByteRange | undefined,
  steps: KeyProvenance['steps'],
  note: string
): KeyProvenance {
  return range
    ? { ranges: [range], steps, note }
    : { ranges: [], steps, note: 'not found in the bytes' }
}
