/**
 * @module
 * The curl options an import understands: which take a value, and which change the request.
 *
 * Options that only change what curl does with the answer (`-o`, `-s`, `-L`), or how it
 * connects (`-k`, `--proxy`, `--resolve`), do not change the request's bytes and are read
 * and skipped. Options that would need a file or another round trip are reported as dropped.
 *
 * @see https://curl.se/docs/manpage.html
 */

/** Options whose value shapes the request; the importer handles each by its long name. */
export const REQUEST_OPTIONS = [
  'request',
  'header',
  'data',
  'data-ascii',
  'data-binary',
  'data-raw',
  'data-urlencode',
  'json',
  'form',
  'form-string',
  'cookie',
  'user',
  'user-agent',
  'referer',
  'url',
  'url-query',
  'oauth2-bearer',
  'request-target',
  'range',
  'upload-file',
  'config',
  'time-cond',
  'aws-sigv4',
  'variable',
] as const

/** Flags (no value) that shape the request. */
export const REQUEST_FLAGS = [
  'get',
  'head',
  'compressed',
  'http1.0',
  'http1.1',
  'http2',
  'http2-prior-knowledge',
  'http3',
  'http3-only',
  'path-as-is',
  'globoff',
  'digest',
  'ntlm',
  'negotiate',
  'anyauth',
  'basic',
  'netrc',
  'netrc-optional',
] as const

export type RequestOption = (typeof REQUEST_OPTIONS)[number]
export type RequestFlag = (typeof REQUEST_FLAGS)[number]

/** Options that take a value but leave the request as it is. */
const IGNORED_WITH_VALUE = [
  'output',
  'write-out',
  'max-time',
  'connect-timeout',
  'retry',
  'retry-delay',
  'retry-max-time',
  'proxy',
  'proxy-user',
  'preproxy',
  'resolve',
  'connect-to',
  'cacert',
  'capath',
  'cert',
  'cert-type',
  'key',
  'key-type',
  'pass',
  'pinnedpubkey',
  'ciphers',
  'tls-max',
  'cookie-jar',
  'dump-header',
  'trace',
  'trace-ascii',
  'stderr',
  'limit-rate',
  'max-filesize',
  'max-redirs',
  'interface',
  'local-port',
  'speed-limit',
  'speed-time',
  'proto',
  'proto-redir',
  'proto-default',
  'unix-socket',
  'abstract-unix-socket',
  'noproxy',
  'dns-servers',
  'expect100-timeout',
  'keepalive-time',
  'continue-at',
  'output-dir',
  'parallel-max',
  'happy-eyeballs-timeout-ms',
  'ftp-port',
  'quote',
  'telnet-option',
  'engine',
  'crlfile',
  'curves',
  'hsts',
  'alt-svc',
  'etag-save',
  'etag-compare',
  'socks5',
  'socks5-hostname',
  'socks4',
  'socks4a',
  'retry-all-errors-max',
]

/** The one-letter spellings curl has, by long name. */
const SHORT: Readonly<Record<string, string>> = {
  X: 'request',
  H: 'header',
  d: 'data',
  F: 'form',
  b: 'cookie',
  u: 'user',
  A: 'user-agent',
  e: 'referer',
  r: 'range',
  T: 'upload-file',
  K: 'config',
  z: 'time-cond',
  G: 'get',
  I: 'head',
  '0': 'http1.0',
  g: 'globoff',
  n: 'netrc',
  o: 'output',
  w: 'write-out',
  m: 'max-time',
  x: 'proxy',
  U: 'proxy-user',
  E: 'cert',
  c: 'cookie-jar',
  D: 'dump-header',
  y: 'speed-time',
  Y: 'speed-limit',
  C: 'continue-at',
  P: 'ftp-port',
  Q: 'quote',
  t: 'telnet-option',
}

/** Long names that take a value. */
const WITH_VALUE: ReadonlySet<string> = new Set([...REQUEST_OPTIONS, ...IGNORED_WITH_VALUE])
const KNOWN_FLAGS: ReadonlySet<string> = new Set(REQUEST_FLAGS)

/** Return the long name of a one-letter option, or undefined when curl has none. */
export function longNameOf(letter: string): string | undefined {
  return SHORT[letter]
}

/** Return true when the option (long name) takes a value. */
export function takesValue(name: string): boolean {
  return WITH_VALUE.has(name)
}

/** Return true when the option changes the request (the importer must look at it). */
export function shapesRequest(name: string): name is RequestOption | RequestFlag {
  return (REQUEST_OPTIONS as readonly string[]).includes(name) || KNOWN_FLAGS.has(name)
}

/** One option as read from the command line: its long name and its value, if it takes one. */
export interface CurlOption {
  readonly name: string
  /** As written, for messages: `-XPOST`, `--data-raw`. */
  readonly spelled: string
  readonly value?: string
}

/**
 * Read curl's argument list into options and positional words (URLs), in order.
 *
 * Short options cluster (`-sSL`) and take their value attached or as the next word
 * (`-XPOST`, `-X POST`); long ones take the next word. A letter curl does not have, or a
 * long option this table does not know, is returned with `name: '?'`, taking no value.
 */
export function readCurlArgs(args: readonly string[]): Array<CurlOption | { url: string }> {
  const out: Array<CurlOption | { url: string }> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg.startsWith('--') && arg.length > 2) {
      const name = arg.slice(2)
      if (takesValue(name)) {
        out.push({ name, spelled: arg, value: args[i + 1] ?? '' })
        i += 1
      } else out.push({ name: shapesRequest(name) || isFlag(name) ? name : '?', spelled: arg })
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const letter = arg.charAt(k)
        const name = longNameOf(letter)
        if (name && takesValue(name)) {
          const attached = arg.slice(k + 1)
          const value = attached !== '' ? attached : (args[i + 1] ?? '')
          if (attached === '') i += 1
          out.push({ name, spelled: `-${letter}`, value })
          break
        }
        out.push({
          name: name ?? (FLAG_LETTERS.includes(letter) ? 'flag' : '?'),
          spelled: `-${letter}`,
        })
      }
    } else out.push({ url: arg })
  }
  return out
}

/** One-letter flags that change nothing in the request (`-s`, `-v`, `-L`, `-k`, …). */
const FLAG_LETTERS = '123456aBfhijJklLMNOpqRsSvVZ#'

/** Long flags that change nothing in the request. */
function isFlag(name: string): boolean {
  return /^(no-|disable-)/.test(name) || IGNORED_FLAGS.has(name)
}

const IGNORED_FLAGS: ReadonlySet<string> = new Set([
  'silent',
  'show-error',
  'verbose',
  'include',
  'location',
  'location-trusted',
  'insecure',
  'fail',
  'fail-early',
  'fail-with-body',
  'progress-bar',
  'remote-name',
  'remote-name-all',
  'remote-header-name',
  'remote-time',
  'raw',
  'tr-encoding',
  'ipv4',
  'ipv6',
  'tcp-nodelay',
  'tcp-fastopen',
  'post301',
  'post302',
  'post303',
  'ssl',
  'ssl-reqd',
  'tlsv1',
  'tlsv1.0',
  'tlsv1.1',
  'tlsv1.2',
  'tlsv1.3',
  'sslv2',
  'sslv3',
  'create-dirs',
  'parallel',
  'parallel-immediate',
  'styled-output',
  'compressed-ssh',
  'list-only',
  'http0.9',
  'ignore-content-length',
  'retry-connrefused',
  'retry-all-errors',
  'skip-existing',
  'buffer',
  'keepalive',
  'sessionid',
  'alpn',
  'npn',
  'manual',
  'help',
  'version',
  'junk-session-cookies',
  'xattr',
  'suppress-connect-headers',
  'ssl-no-revoke',
  'ssl-revoke-best-effort',
  'ssl-allow-beast',
  'cert-status',
  'false-start',
  'doh-insecure',
  'proxy-insecure',
  'socks5-basic',
  'socks5-gssapi',
  'proxytunnel',
  'trace-time',
  'trace-ids',
  'globoff-urls',
])
