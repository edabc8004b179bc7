/**
 * @module
 * Ask every real Python server every request in requests.ts and store the answers as
 * fixtures: tests/corpus/servers/<server>.json, the observed behaviour of Debian's packages.
 *
 *   npx tsx tests/corpus/servers/observe.ts                          # everything
 *   npx tsx tests/corpus/servers/observe.ts uwsgi daphne             # some servers
 *   npx tsx tests/corpus/servers/observe.ts waitress.trusted-proxy   # one variant
 *
 * Variants (VARIANTS below) run a server with its proxy-trust options and ask only the requests
 * that carry proxy headers; their fixtures are tests/corpus/servers/<server>.<variant>.json.
 *
 * Each request goes on a new connection to a server in its default configuration (see
 * tests/helpers/python-servers/serve.py for the command lines). Values that change from run
 * to run are masked so that regenerating gives the same file: the server's port `<port>`,
 * the client's port `<client-port>`, object addresses `0x<addr>`, the machine's host name
 * `<hostname>`, the `Date` header, and the `Content-Length` of a body that had a masked value.
 * A request that gets no complete answer within 2.5 s is recorded with `timedOut: true`.
 */
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import {
  askPythonServer,
  PYTHON_SERVERS,
  type PythonServer,
  type PythonServerName,
  startPythonServer,
} from '../../helpers/python-servers.ts'
import type { RawResponse } from '../../helpers/raw-http.ts'
import { SERVER_REQUESTS, type ServerRequest } from './requests.ts'

const TIMEOUT_MS = 2500

/**
 * Non-default configurations worth observing: each server's own proxy-trust settings, asked only
 * the requests that carry proxy headers. Fixture: tests/corpus/servers/<server>.<name>.json.
 */
export interface Variant {
  readonly server: PythonServerName
  readonly name: string
  readonly args: readonly string[]
  readonly why: string
}

export const VARIANTS: readonly Variant[] = [
  {
    server: 'gunicorn',
    name: 'untrusted',
    args: ['--forwarded-allow-ips=10.9.9.9'],
    why: 'gunicorn trusting no peer, as our profile does by default',
  },
  {
    server: 'waitress',
    name: 'clear-untrusted',
    args: ['--clear-untrusted-proxy-headers'],
    why: "waitress 3's default (clear_untrusted_proxy_headers=True) on Debian's 2.1.2",
  },
  {
    server: 'waitress',
    name: 'trusted-proxy',
    args: [
      '--trusted-proxy=127.0.0.1',
      '--trusted-proxy-headers=x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port',
      '--clear-untrusted-proxy-headers',
    ],
    why: 'waitress trusting 127.0.0.1 for the X-Forwarded-* family (spec T133)',
  },
  {
    server: 'uvicorn',
    name: 'no-proxy-headers',
    args: ['--no-proxy-headers'],
    why: "uvicorn with its default trust of 127.0.0.1 turned off, as our profile's default",
  },
  {
    server: 'uvicorn',
    name: 'trust-all',
    args: ['--forwarded-allow-ips=*'],
    why: 'uvicorn trusting every peer (leftmost X-Forwarded-For)',
  },
  {
    server: 'daphne',
    name: 'proxy-headers',
    args: ['--proxy-headers'],
    why: 'daphne reading X-Forwarded-For/-Port/-Proto (no trust check)',
  },
]

/** The requests that carry proxy headers (or underscore look-alikes), for the variants. */
export const PROXY_REQUEST_IDS: readonly string[] = [
  'T01',
  'T68',
  'T69',
  'T84',
  'T85',
  'T86',
  'T87',
  'T88',
  'XF',
  'P07',
  'P08',
  'P15',
  'P16',
  'P17',
  'P18',
]
const BODY_LIMIT = 2000
const PARALLEL = 3

/** One observed answer. */
export interface Observation {
  /** First 16 hex digits of the request's SHA-256, so a stale fixture is noticed. */
  readonly sha256: string
  readonly status: number | null
  /** null: the reply had no status line (HTTP/0.9 style) or there was no reply. */
  readonly statusLine: string | null
  readonly informational?: readonly string[]
  readonly headers: ReadonlyArray<readonly [string, string]>
  /** The echoed environ or scope, `{k: str(v)}`, in the server's key order. */
  readonly echo?: Record<string, string>
  /** Any other body, latin-1, cut at 2000 characters. */
  readonly body?: string
  readonly closedByServer: boolean
  readonly timedOut: boolean
  readonly error?: string
}

export interface ServerFixture {
  readonly server: PythonServerName
  /** A non-default configuration (VARIANTS), or absent for the default one. */
  readonly variant?: string
  readonly args?: readonly string[]
  readonly kind: 'wsgi' | 'asgi'
  readonly version: string
  readonly python: string
  readonly argv: readonly string[]
  readonly osEnviron: Readonly<Record<string, string>>
  readonly regenerate: string
  readonly masks: string
  readonly answers: Readonly<Record<string, Observation>>
}

export const FIXTURE_DIR = import.meta.dirname

export function requestSha(request: string): string {
  return createHash('sha256').update(Buffer.from(request, 'latin1')).digest('hex').slice(0, 16)
}

const CLIENT_PORT_PATTERNS = [
  /"REMOTE_PORT": "(\d+)"/,
  /raddr=\('127\.0\.0\.1', (\d+)\)/,
  /"client": "[([]'127\.0\.0\.1', (\d+)[)\]]"/,
  /connected 127\.0\.0\.1:(\d+)/,
]

function masker(serverPort: number, text: string): (value: string) => string {
  const clientPorts = new Set<string>()
  for (const pattern of CLIENT_PORT_PATTERNS) {
    const port = pattern.exec(text)?.[1]
    if (port && port !== String(serverPort)) clientPorts.add(port)
  }
  const host = hostname()
  return (value) => {
    let out = value
      .replace(new RegExp(`(?<![0-9])${serverPort}(?![0-9])`, 'g'), '<port>')
      .replace(/ at 0x[0-9a-f]+/g, ' at 0x<addr>')
    for (const port of clientPorts) {
      out = out.replace(new RegExp(`(?<![0-9])${port}(?![0-9])`, 'g'), '<client-port>')
    }
    if (out === host) return '<hostname>'
    if (out === `b'${host}'`) return "b'<hostname>'"
    return out
  }
}

/**
 * The body to record. A server that sends a body on HEAD (wsgiref, Werkzeug, waitress) is
 * read to the close; the client framed the reply as bodiless, so the bytes after the head are
 * the body.
 */
function bodyOf(request: string, raw: RawResponse): string {
  if (!request.startsWith('HEAD ') || raw.body.length > 0) return raw.body.toString('latin1')
  const text = raw.raw.toString('latin1')
  const end = text.indexOf('\r\n\r\n')
  if (end === -1) return ''
  const chunked = raw.headers.some(
    ([name, value]) => name.toLowerCase() === 'transfer-encoding' && /chunked/i.test(value)
  )
  return chunked ? dechunk(text.slice(end + 4)) : text.slice(end + 4)
}

/** The data of a chunked body (latin-1 text); stops at the last chunk or at garbage. */
function dechunk(text: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const eol = text.indexOf('\r\n', at)
    const size = eol === -1 ? Number.NaN : Number.parseInt(text.slice(at, eol), 16)
    if (!(size > 0)) return out
    out += text.slice(eol + 2, eol + 2 + size)
    at = eol + 2 + size + 2
  }
}

function observe(serverPort: number, request: string, raw: RawResponse): Observation {
  const text = bodyOf(request, raw)
  const mask = masker(serverPort, text)
  let echo: Record<string, string> | undefined
  if (text.startsWith('{"')) {
    try {
      const parsed = JSON.parse(text) as Record<string, string>
      echo = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, mask(v)]))
    } catch {
      echo = undefined
    }
  }
  const masked = echo ? JSON.stringify(echo) !== JSON.stringify(JSON.parse(text)) : false
  const headers = raw.headers.map(([name, value]): [string, string] => {
    const lower = name.toLowerCase()
    if (lower === 'date') return [name, '<date>']
    if (lower === 'content-length' && masked) return [name, '<length>']
    return [name, mask(value)]
  })
  return {
    sha256: requestSha(request),
    status: raw.status,
    statusLine: raw.statusLine,
    ...(raw.informational.length > 0 ? { informational: raw.informational } : {}),
    headers,
    ...(echo ? { echo } : text.length > 0 ? { body: mask(text.slice(0, BODY_LIMIT)) } : {}),
    closedByServer: raw.closedByServer,
    timedOut: raw.timedOut,
    // A reset after a whole answer only says the server closed while we were still writing
    // (gunicorn refusing a long request line, say): which of the two comes first is a race.
    ...(raw.error && raw.status === null ? { error: raw.error } : {}),
  }
}

async function start(name: PythonServerName, args: readonly string[]): Promise<PythonServer> {
  const server = await startPythonServer(name, { args })
  if ('skipped' in server) throw new Error(`${name}: ${server.skipped}`)
  return server
}

export interface ObserveOptions {
  /**
   * Called with each answer; returning true asks once more with twice the timeout and keeps
   * the second answer (the differential test uses it so that a slow moment on a busy machine
   * is not mistaken for a server that does not answer).
   */
  readonly retry?: (id: string, observation: Observation) => boolean
  /** Observe this non-default configuration instead of the default one. */
  readonly variant?: Variant
}

/** Start `name`, ask it every request on its own connection, and return the fixture. */
export async function observeServer(
  name: PythonServerName,
  requests: readonly ServerRequest[],
  opts: ObserveOptions = {}
): Promise<ServerFixture> {
  const args = opts.variant?.args ?? []
  let server = await start(name, args)
  const first = server
  const answers: Record<string, Observation> = {}
  const ask = async (request: string, timeoutMs: number): Promise<Observation> => {
    try {
      const answer = await askPythonServer(server, request, { timeoutMs })
      return observe(server.port, request, answer.raw)
    } catch (error) {
      // the server is gone (it exited on this request): record that and start a new one
      await server.close()
      server = await start(name, args)
      return {
        sha256: requestSha(request),
        status: null,
        statusLine: null,
        headers: [],
        closedByServer: true,
        timedOut: false,
        error: `no connection: ${(error as Error).message.replace(/:\d+:/, ':<port>:')}`,
      }
    }
  }
  try {
    for (const { id, request } of requests) {
      let observation = await ask(request, TIMEOUT_MS)
      if (opts.retry?.(id, observation)) observation = await ask(request, 2 * TIMEOUT_MS)
      answers[id] = observation
    }
  } finally {
    await server.close()
  }
  const mask = masker(first.port, '')
  const variant = opts.variant
  return {
    server: name,
    ...(variant ? { variant: variant.name, args: variant.args } : {}),
    kind: first.kind,
    version: first.version,
    python: first.python,
    argv: first.argv.map(mask),
    osEnviron: first.osEnviron,
    regenerate: `npx tsx tests/corpus/servers/observe.ts ${variant ? `${name}.${variant.name}` : name}`,
    masks:
      "<port>: the server's port; <client-port>: the client's; 0x<addr>: object addresses; <hostname>: the machine's name; Date and, when the body had a masked value, Content-Length headers",
    answers,
  }
}

/** One fixture to produce: a server in its default configuration or in a variant. */
export interface Job {
  readonly server: PythonServerName
  readonly variant?: Variant
}

export const ALL_JOBS: readonly Job[] = [
  ...PYTHON_SERVERS.map((server) => ({ server })),
  ...VARIANTS.map((variant) => ({ server: variant.server, variant })),
]

export function jobName(job: Job): string {
  return job.variant ? `${job.server}.${job.variant.name}` : job.server
}

/** The requests a job asks: all of them, or the proxy ones for a variant. */
export function jobRequests(job: Job): readonly ServerRequest[] {
  return job.variant
    ? SERVER_REQUESTS.filter((r) => PROXY_REQUEST_IDS.includes(r.id))
    : SERVER_REQUESTS
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2)
  const byName = new Map(ALL_JOBS.map((job) => [jobName(job), job]))
  const unknown = asked.filter((n) => !byName.has(n))
  if (unknown.length > 0) {
    throw new Error(`unknown: ${unknown.join(', ')} (known: ${[...byName.keys()].join(', ')})`)
  }
  const queue = asked.length > 0 ? asked.map((n) => byName.get(n) as Job) : [...ALL_JOBS]
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const began = Date.now()
      const requests = jobRequests(job)
      const fixture = await observeServer(job.server, requests, { variant: job.variant })
      const file = join(FIXTURE_DIR, `${jobName(job)}.json`)
      writeFileSync(file, `${JSON.stringify(fixture, null, 1)}\n`)
      const timedOut = Object.values(fixture.answers).filter((a) => a.timedOut).length
      console.log(
        `${jobName(job)} ${fixture.version}: ${requests.length} requests in ${((Date.now() - began) / 1000).toFixed(1)} s (${timedOut} timed out) → ${file}`
      )
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker))
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  await main()
}
