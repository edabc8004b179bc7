/**
 * @module
 * Who may use the inspector (`/_inspector/`: the UI, the API, the event stream): the DNS
 * rebinding guard.
 *
 * A web page on `http://evil.test:8000` whose name the attacker re-points at 127.0.0.1 is,
 * for the browser, the same origin as this server: the same-origin policy lets it read the
 * history (other people's `Authorization` and `Cookie` headers), open the event stream,
 * clear the history and drive the relay. What gives it away is the `Host` header, which
 * still says `evil.test:8000`. So the inspector answers only when `Host` names this server:
 *
 * - `localhost` and any name under `.localhost` (browsers resolve those to loopback
 *   themselves, so they cannot be re-pointed);
 * - any IP address literal (`127.0.0.1`, `[::1]`, the bound address, the machine's
 *   interface addresses, a pod IP a Kubernetes probe sends): a rebinding attack needs a
 *   name, since a browser sends an IP as Host only to that IP;
 * - the machine's own names (its hostname, its fully qualified name, a `--host` name);
 * - the names in `--allowed-hosts` (`echo.internal.example`, `*.example.com` for every
 *   name under it); `*` turns the check off.
 *
 * The port is not compared. Requests that change state (anything but GET, HEAD, OPTIONS)
 * must also not come from a foreign page: a browser names the page in `Origin`, which must
 * then be this server's own origin (same host and port as `Host`) or a name in
 * `--allowed-hosts`. Clients that send no `Origin` (curl, scripts) are not browsers.
 *
 * The echo itself answers any Host: showing a foreign Host is its job.
 */
import { isIP } from 'node:net'
import { type ApiError, apiError } from '../contract/api/errors.ts'

/** What `--allowed-hosts` says, parsed. */
export interface AllowedHosts {
  /** `*`: every name is allowed, the check is off. */
  readonly any: boolean
  /** Exact names, lower case, without a trailing dot. */
  readonly names: readonly string[]
  /** `*.example.com` as `.example.com`: every name that ends with it. */
  readonly suffixes: readonly string[]
}

export const NO_ALLOWED_HOSTS: AllowedHosts = { any: false, names: [], suffixes: [] }

/** The JSON refusal: the API's one error body, a 403, plus the flag and the name refused. */
export interface HostRefusal extends ApiError {
  /** The flag that opens the inspector to this name. */
  readonly flag: '--allowed-hosts'
  /** The name that was refused. */
  readonly host: string
}

const LABELS =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/
const PORT = /^\d{1,5}$/
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Parse `--allowed-hosts a.example,*.example.com` (or `*`). Throws RangeError with the reason. */
export function parseAllowedHosts(text: string): AllowedHosts {
  const entries = text.split(',').map((entry) => entry.trim().toLowerCase())
  const names: string[] = []
  const suffixes: string[] = []
  let any = false
  for (const entry of entries) {
    if (entry === '*') {
      any = true
      continue
    }
    const wildcard = entry.startsWith('*.')
    const name = stripDot(wildcard ? entry.slice(2) : entry)
    if (isIP(unbracket(name)) !== 0) {
      names.push(unbracket(name)) // allowed anyway; harmless to list
      continue
    }
    if (/:\d*$/.test(name)) {
      throw new RangeError(
        `--allowed-hosts: give names without a port (the port is not checked), got ${JSON.stringify(entry)}`
      )
    }
    if (!LABELS.test(name)) {
      throw new RangeError(
        `--allowed-hosts: expected host names separated by commas, like echo.internal.example or *.example.com (or * for any), got ${JSON.stringify(entry)}`
      )
    }
    if (wildcard) suffixes.push(`.${name}`)
    else names.push(name)
  }
  return { any, names, suffixes }
}

export interface HostCheckOptions {
  readonly allowed: AllowedHosts
  /** The machine's own names: its hostname, its FQDN, the `--host` value. */
  readonly ownNames: readonly string[]
}

export interface HostCheck {
  /** The refusal for an inspector request with these headers, or null to serve it. */
  refusal(method: string, host: string | undefined, origin: string | undefined): HostRefusal | null
  /** One line for the banner: which names the inspector answers to. */
  describe(): string
}

export function createHostCheck(options: HostCheckOptions): HostCheck {
  const { allowed } = options
  const own = new Set(
    options.ownNames
      .map((name) => stripDot(name.toLowerCase()))
      .filter((name) => name !== '' && isIP(unbracket(name)) === 0)
  )
  const listed = (name: string) =>
    allowed.any ||
    allowed.names.includes(name) ||
    allowed.suffixes.some((suffix) => name.endsWith(suffix))
  const ours = (name: string) =>
    isIP(name) !== 0 ||
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    own.has(name) ||
    listed(name)

  return {
    refusal(method, host, origin) {
      if (allowed.any) return null
      // a request without Host (HTTP/1.0) cannot come from a browser
      const target = host === undefined ? null : parseHost(host)
      if (host !== undefined && (target === null || !ours(target.name))) {
        const name = target?.name ?? host
        const message =
          `Host ${JSON.stringify(host)} is not allowed for /_inspector/: the inspector answers ` +
          "only to its own names (localhost, IP addresses, this machine's names) and to " +
          `--allowed-hosts. If you reach this server by that name (a proxy or DNS name you ` +
          `set up), start it with --allowed-hosts ${target ? target.name : 'NAME'}`
        return {
          ...apiError('EI_ERR_HOST_NOT_ALLOWED', message),
          flag: '--allowed-hosts',
          host: name,
        }
      }
      if (SAFE_METHODS.has(method) || origin === undefined) return null
      const from = parseOrigin(origin)
      if (from && (listed(from.name) || (target && sameOrigin(from, target)))) return null
      const message =
        `Origin ${JSON.stringify(origin)} may not change anything under /_inspector/: it is not ` +
        `this server's own page. If a page there should drive the inspector, start the server ` +
        `with --allowed-hosts ${from ? from.name : 'NAME'}`
      return {
        ...apiError('EI_ERR_ORIGIN_NOT_ALLOWED', message),
        flag: '--allowed-hosts',
        host: from?.name ?? origin,
      }
    },
    describe() {
      if (allowed.any) return 'any Host (--allowed-hosts *): DNS rebinding can reach the inspector'
      const extra = [...allowed.names, ...allowed.suffixes.map((suffix) => `*${suffix}`)]
      const names = ['localhost', 'IP addresses', ...own, ...extra].join(', ')
      return extra.length > 0 ? names : `${names} (more with --allowed-hosts)`
    },
  }
}

/** A Host or Origin's name and port: the name lower case, unbracketed, without a final dot. */
interface Authority {
  readonly name: string
  /** Null when the Host header named none. */
  readonly port: number | null
}

/** Parse a Host header: `name`, `name:port`, `1.2.3.4:port`, `[::1]:port`. Null if malformed. */
export function parseHost(value: string): Authority | null {
  const text = value.trim().toLowerCase()
  let name: string
  let port: string | undefined
  if (text.startsWith('[')) {
    const close = text.indexOf(']')
    if (close === -1) return null
    name = text.slice(1, close)
    const rest = text.slice(close + 1)
    if (rest !== '' && !rest.startsWith(':')) return null
    port = rest === '' ? undefined : rest.slice(1)
    if (isIP(name) !== 6) return null
  } else {
    const colon = text.lastIndexOf(':')
    name = colon === -1 ? text : text.slice(0, colon)
    port = colon === -1 ? undefined : text.slice(colon + 1)
    name = stripDot(name)
    if (isIP(name) !== 4 && !LABELS.test(name)) return null
  }
  if (port !== undefined && !PORT.test(port)) return null
  return { name, port: port === undefined ? null : Number(port) }
}

function parseOrigin(value: string): Authority | null {
  if (!/^https?:\/\//i.test(value)) return null // `null`, file:, extensions
  try {
    const url = new URL(value)
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
    return { name: stripDot(unbracket(url.hostname)), port }
  } catch {
    return null
  }
}

/** Same host, and the same port when the Host header named one (a proxy may drop it). */
function sameOrigin(origin: Authority, host: Authority): boolean {
  return origin.name === host.name && (host.port === null || origin.port === host.port)
}

function stripDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name
}

function unbracket(name: string): string {
  return name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name
}
