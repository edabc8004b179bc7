/**
 * @module
 * Apply curl's options, one by one, to the request being built: which header, body piece or
 * setting each one adds, the way curl would. The caller (import-curl.ts) reads the command line
 * and turns the result into a request.
 */
import type { CurlOption } from './curl-options.ts'
import type { Dropped } from './http-request.ts'

/** What a command line gave: curl's arguments (binary strings) and what was piped into it. */
export interface CurlCall {
  readonly args: readonly string[]
  readonly stdin?: string
  readonly notes: readonly string[]
  readonly dropped: readonly Dropped[]
}

/** Percent-encode as curl_easy_escape does: all but A-Z a-z 0-9 - . _ ~ (bytes in, ASCII out). */
export function curlEscape(binary: string): string {
  return binary.replace(
    /[^A-Za-z0-9\-._~]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
  )
}

/**
 * `--data-urlencode` and `--url-query`: `content`, `=content`, `name=content` (the name is kept
 * as written); the content is escaped and its spaces become `+`, as in a form.
 */
function urlencodeArg(value: string): string {
  const eq = value.indexOf('=')
  const encode = (content: string) => curlEscape(content).replaceAll('%20', '+')
  if (eq < 0) return encode(value)
  return `${value.slice(0, eq)}${eq > 0 ? '=' : ''}${encode(value.slice(eq + 1))}`
}

export const BOUNDARY = '------------------------e1b0a2c3d4e5f607'

/** The parts of the request the options build, in the order they were given. */
export interface Build {
  method?: string
  head: boolean
  get: boolean
  urls: string[]
  headers: Array<[string, string]>
  removed: Set<string>
  data: string[]
  json: string[]
  form: string[]
  cookies: string[]
  user?: string
  version?: string
  pathAsIs: boolean
  globoff: boolean
  target?: string
  queries: string[]
}

export function setHeader(build: Build, name: string, value: string | undefined): void {
  const lower = name.toLowerCase()
  const at = build.headers.findIndex(([n]) => n.toLowerCase() === lower)
  if (value === undefined) {
    build.headers = build.headers.filter(([n]) => n.toLowerCase() !== lower)
    build.removed.add(lower)
  } else if (at >= 0) build.headers[at] = [name, value]
  else build.headers.push([name, value])
}

/** Read a file argument (`@-` is the piped input); undefined after noting why it cannot be. */
function fileArg(
  value: string,
  call: CurlCall,
  option: CurlOption,
  dropped: Dropped[]
): string | undefined {
  if (value === '-' && call.stdin !== undefined) return call.stdin
  dropped.push({
    what: `${option.spelled} @${value}`,
    why:
      value === '-'
        ? 'It reads standard input, and nothing known is piped in.'
        : 'Files cannot be read from here: paste the body into the composer.',
  })
  return undefined
}

function headerArg(build: Build, value: string, option: CurlOption, dropped: Dropped[]): void {
  const line = value.split(/\r?\n|\r/)[0] ?? ''
  if (line !== value)
    dropped.push({ what: value.slice(line.length), why: 'A header value ends at a line break.' })
  const colon = line.indexOf(':')
  const semi = line.indexOf(';')
  if (colon > 0 && (semi < 0 || colon < semi)) {
    const rest = line.slice(colon + 1)
    if (rest.trim() === '') setHeader(build, line.slice(0, colon), undefined)
    else build.headers.push([line.slice(0, colon), rest.replace(/^[ \t]+/, '')])
  } else if (semi > 0 && line.slice(semi + 1).trim() === '') {
    build.headers.push([line.slice(0, semi), ''])
  } else {
    dropped.push({ what: `${option.spelled} ${value}`, why: 'Not a "Name: value" header line.' })
  }
}

const AUTH_ROUND_TRIP = 'curl answers a 401 challenge with it, which needs a second request.'

/** Apply one option to the request being built. */
export function apply(build: Build, option: CurlOption, call: CurlCall, dropped: Dropped[]): void {
  const value = option.value ?? ''
  const file = () => fileArg(value.slice(1), call, option, dropped)
  switch (option.name) {
    case 'request':
      build.method = value
      break
    case 'header':
      if (value.startsWith('@')) file()
      else headerArg(build, value, option, dropped)
      break
    case 'data':
    case 'data-ascii': {
      // curl strips line breaks from a file read with -d
      const piece = value.startsWith('@') ? file()?.replace(/[\r\n]/g, '') : value
      if (piece !== undefined) build.data.push(piece)
      break
    }
    case 'data-binary': {
      const piece = value.startsWith('@') ? file() : value
      if (piece !== undefined) build.data.push(piece)
      break
    }
    case 'data-raw':
      build.data.push(value)
      break
    case 'data-urlencode':
      if (/^[^=]*@/.test(value) && !value.includes('='))
        dropped.push({ what: `${option.spelled} ${value}`, why: 'Files cannot be read from here.' })
      else build.data.push(urlencodeArg(value))
      break
    case 'json': {
      const piece = value.startsWith('@') ? file() : value
      if (piece !== undefined) build.json.push(piece)
      break
    }
    case 'form':
    case 'form-string': {
      const eq = value.indexOf('=')
      const content = value.slice(eq + 1)
      if (eq <= 0 || (option.name === 'form' && /^[@<]/.test(content)))
        dropped.push({
          what: `${option.spelled} ${value}`,
          why: eq <= 0 ? 'Not a name=value form field.' : 'Files cannot be read from here.',
        })
      else
        build.form.push(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${value.slice(0, eq)}"\r\n\r\n${content}\r\n`
        )
      break
    }
    case 'cookie':
      if (value.includes('=')) {
        if (build.cookies.length === 0) build.headers.push(['Cookie', ''])
        build.cookies.push(value)
      } else
        dropped.push({
          what: `${option.spelled} ${value}`,
          why: 'That names a cookie file, which cannot be read from here.',
        })
      break
    case 'user':
      build.user = value
      setHeader(build, 'Authorization', '')
      break
    case 'oauth2-bearer':
      setHeader(build, 'Authorization', `Bearer ${value}`)
      break
    case 'user-agent':
      setHeader(build, 'User-Agent', value === '' ? undefined : value)
      break
    case 'referer':
      setHeader(build, 'Referer', value.replace(/;auto$/, ''))
      break
    case 'range':
      setHeader(build, 'Range', `bytes=${value}`)
      break
    case 'url':
      build.urls.push(value)
      break
    case 'url-query':
      build.queries.push(value.startsWith('+') ? value.slice(1) : urlencodeArg(value))
      break
    case 'request-target':
      build.target = value
      break
    case 'get':
      build.get = true
      break
    case 'head':
      build.head = true
      break
    case 'compressed':
      // curl's list depends on its build; this is what a current curl with brotli and zstd sends
      if (!build.headers.some(([n]) => n.toLowerCase() === 'accept-encoding'))
        build.headers.push(['Accept-Encoding', 'deflate, gzip, br, zstd'])
      break
    case 'http1.0':
      build.version = '1.0'
      break
    case 'path-as-is':
      build.pathAsIs = true
      break
    case 'globoff':
      build.globoff = true
      break
    case 'http2':
    case 'http2-prior-knowledge':
    case 'http3':
    case 'http3-only':
      dropped.push({ what: option.spelled, why: 'This inspector speaks HTTP/1.1 only.' })
      break
    case 'digest':
    case 'ntlm':
    case 'negotiate':
    case 'anyauth':
      dropped.push({ what: option.spelled, why: AUTH_ROUND_TRIP })
      build.user = undefined
      setHeader(build, 'Authorization', undefined)
      break
    case 'upload-file':
      build.method ??= 'PUT'
      dropped.push({ what: `${option.spelled} ${value}`, why: 'Files cannot be read from here.' })
      break
    case 'config':
    case 'netrc':
    case 'variable':
    case 'time-cond':
    case 'aws-sigv4':
      dropped.push({
        what: `${option.spelled}${option.value === undefined ? '' : ` ${value}`}`,
        why: 'curl works this out from files, dates or secrets that are not here.',
      })
      break
    case '?':
      dropped.push({ what: option.spelled, why: 'An option this import does not know.' })
      break
  }
}

/** Return an empty build: nothing given yet. */
export function newBuild(): Build {
  return {
    head: false,
    get: false,
    urls: [],
    headers: [],
    removed: new Set(),
    data: [],
    json: [],
    form: [],
    cookies: [],
    pathAsIs: false,
    globoff: false,
    queries: [],
  }
}
