/**
 * @module
 * Import a curl command, as browsers' "Copy as cURL" writes it (bash, cmd, PowerShell) or as
 * people type it, into the request curl would send.
 *
 * What curl itself adds (Host, `User-Agent: curl/…`, `Accept: *\/*`) is left out: the browser's
 * copy lists its own. What curl derives from options is written out: `-d` becomes a body and
 * `Content-Type: application/x-www-form-urlencoded`, `-u` an Authorization header, `-b` a
 * Cookie header, `--compressed` an Accept-Encoding header. Files, expansions and anything a
 * second round trip would need cannot be followed here; they are listed as dropped, with why.
 */
import { bytesToBase64, latin1ToBytes, utf8Latin1 } from './byte-codecs.ts'
import { apply, BOUNDARY, type Build, type CurlCall, newBuild, setHeader } from './curl-build.ts'
import { readCurlArgs } from './curl-options.ts'
import {
  binaryText,
  type Dropped,
  type Header,
  httpRequest,
  type ImportResult,
  splitTarget,
  targetText,
} from './http-request.ts'
import { originOf, splitUrl, wirePathAndQuery } from './import-url.ts'
import { stdoutOf } from './shell-stdin.ts'
import { shellWords } from './shell-words.ts'
import { cmdWords, isCmdSyntax, isPowerShellSyntax, powershellWords } from './windows-words.ts'

const IS_CURL = /^(?:.*[/\\])?curl(?:\.exe)?$/i

/** Find the curl command in a command line of any of the three dialects. */
function findCurl(text: string): CurlCall | string {
  if (/^\s*(Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b/i.test(text))
    return 'This is PowerShell’s Invoke-WebRequest, not curl: copy as cURL (bash) or cURL (cmd) instead.'
  if (isCmdSyntax(text) || isPowerShellSyntax(text)) {
    const { words, notes } = isCmdSyntax(text) ? cmdWords(text) : powershellWords(text)
    if (!IS_CURL.test(words[0] ?? '')) return 'This does not start with curl.'
    return { args: words.slice(1), notes, dropped: [] }
  }
  const { commands, notes } = shellWords(text)
  const at = commands.findIndex((c) => IS_CURL.test(c.words[0] ?? ''))
  if (at < 0) return 'No curl command found.'
  const dropped: Dropped[] = []
  const before = commands[at - 1]
  let stdin: string | undefined
  if (before?.next === '|') {
    stdin = stdoutOf(before.words)
    if (stdin === undefined)
      dropped.push({
        what: `${before.words.join(' ')} |`,
        why: 'What this command writes cannot be known without running it.',
      })
  }
  for (const [k, command] of commands.entries()) {
    if (k === at || (k === at - 1 && stdin !== undefined)) continue
    dropped.push({ what: command.words.join(' '), why: 'Only the curl command is imported.' })
  }
  return { args: (commands[at]?.words ?? []).slice(1), stdin, notes, dropped }
}

/**
 * Remove `.` and `..` segments as curl does unless `--path-as-is`.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-5.2.4
 */
export function removeDotSegments(path: string): string {
  const out: string[] = []
  const segments = path.split('/')
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1
    if (segment === '.' || segment === '..') {
      if (segment === '..' && out.length > 1) out.pop()
      if (last) out.push('')
    } else out.push(segment)
  }
  return out.join('/') || '/'
}

/**
 * Undo curl's URL globbing: `\[` `\]` `\{` `\}` are literal; `{a,b}` and `[1-3]` would make one
 * request each, and the first is kept. An IPv6 host's brackets are not a glob.
 */
function unglob(url: string, dropped: Dropped[]): string {
  let out = ''
  let expanded = false
  for (let i = 0; i < url.length; i++) {
    const ch = url.charAt(i)
    const close = ch === '{' ? url.indexOf('}', i) : ch === '[' ? url.indexOf(']', i) : -1
    if (ch === '\\' && '[]{}'.includes(url.charAt(i + 1)) && i + 1 < url.length) {
      out += url.charAt(i + 1)
      i += 1
    } else if (ch === '[' && /:\/\/([^/@]*@)?$/.test(url.slice(0, i))) {
      out += ch // [::1]
    } else if (close > i) {
      const inside = url.slice(i + 1, close)
      out += ch === '{' ? (inside.split(',')[0] ?? '') : (inside.split(/-/)[0] ?? '')
      expanded = true
      i = close
    } else out += ch
  }
  if (expanded)
    dropped.push({
      what: url,
      why: 'curl would send one request for each value of the {…} or […] pattern; the first is imported.',
    })
  return out
}

/** Import a curl command line. */
export function importCurl(text: string): ImportResult {
  let call: CurlCall | string
  try {
    call = findCurl(text)
  } catch (error) {
    return { ok: false, error: (error as Error).message }
  }
  if (typeof call === 'string') return { ok: false, error: call }
  const dropped: Dropped[] = [...call.dropped]
  const notes: string[] = [...call.notes]
  const build = newBuild()
  for (const item of readCurlArgs(call.args)) {
    if ('url' in item) build.urls.push(item.url)
    else apply(build, item, call, dropped)
  }
  return finish(build, dropped, notes)
}

function finish(build: Build, dropped: Dropped[], notes: string[]): ImportResult {
  const [first, ...others] = build.urls
  if (first === undefined) return { ok: false, error: 'The curl command has no URL.' }
  for (const url of others)
    dropped.push({ what: url, why: 'curl would send one request per URL; the first is imported.' })
  const typed = targetText(first)
  const withScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(typed) ? typed : `http://${typed}`
  const parts = splitUrl(build.globoff ? withScheme : unglob(withScheme, dropped))
  if (!parts || (parts.scheme !== 'http' && parts.scheme !== 'https'))
    return { ok: false, error: `Only http:// and https:// URLs can be imported, not ${typed}` }

  const { path: wirePath, query: wireQuery } = wirePathAndQuery(parts, dropped, notes)
  let path = build.pathAsIs ? wirePath : removeDotSegments(wirePath)
  if (path !== wirePath) notes.push(`curl removes dot segments: the path sent is ${path}`)
  const queries = [
    ...(wireQuery === '' ? [] : [wireQuery]),
    ...build.queries.map((q) => targetText(q)),
  ]
  let body = build.json.length > 0 ? build.json.join('') : build.data.join('&')
  const hasBody = build.data.length > 0 || build.json.length > 0
  if (build.get && hasBody) {
    queries.push(targetText(body))
    body = ''
  }
  let query = queries.join('&')
  if (build.target !== undefined) ({ path, query } = splitTarget(targetText(build.target)))

  const has = (name: string) =>
    build.headers.some(([n]) => n.toLowerCase() === name) || build.removed.has(name)
  if (build.form.length > 0) {
    body = `${build.form.join('')}--${BOUNDARY}--\r\n`
    if (!has('content-type'))
      build.headers.push(['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`])
    notes.push('curl picks a random multipart boundary; this import uses a fixed one.')
  } else if (hasBody && !build.get) {
    const json = build.json.length > 0
    if (json && !has('accept')) build.headers.push(['Accept', 'application/json'])
    if (!has('content-type'))
      build.headers.push([
        'Content-Type',
        json ? 'application/json' : 'application/x-www-form-urlencoded',
      ])
  }
  if (build.cookies.length > 0) {
    const at = build.headers.findIndex(([n, v]) => n === 'Cookie' && v === '')
    if (at >= 0) build.headers[at] = ['Cookie', build.cookies.join('; ')]
  }
  const user =
    build.user ?? (parts.userinfo === undefined ? undefined : percentDecode(parts.userinfo))
  if (user !== undefined) {
    if (!user.includes(':'))
      notes.push('No password was given; curl would ask for one. It is empty here.')
    const credentials = bytesToBase64(latin1ToBytes(user.includes(':') ? user : `${user}:`))
    if (build.headers.some(([n]) => n === 'Authorization'))
      setHeader(build, 'Authorization', `Basic ${credentials}`)
    else build.headers.unshift(['Authorization', `Basic ${credentials}`])
  } else build.headers = build.headers.filter(([n, v]) => !(n === 'Authorization' && v === ''))

  const method =
    build.method ??
    (build.head ? 'HEAD' : build.get ? 'GET' : hasBody || build.form.length > 0 ? 'POST' : 'GET')
  const headers: Header[] = build.headers.map(([name, value]) => [
    binaryText(name, `The header name ${JSON.stringify(name)}`, notes),
    binaryText(value, `The value of ${name}`, notes),
  ])
  return {
    ok: true,
    value: {
      format: 'curl',
      request: httpRequest({
        method: binaryText(method, 'The method', notes),
        path,
        query,
        headers,
        body: latin1ToBytes(body),
        ...(build.version ? { httpVersion: build.version } : {}),
      }),
      origin: originOf(parts),
      dropped,
      notes,
    },
  }
}

/** Decode %XX in a URL's userinfo into a binary string, as curl does before encoding it. */
function percentDecode(text: string): string {
  return utf8Latin1(text).replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16))
  )
}
