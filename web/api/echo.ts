/**
 * @module
 * Typed wrappers around fetch(): the only place the UI talks HTTP.
 *
 * Nothing here throws. Every failure comes back as a value that says what went wrong
 * in words a user can act on (server down, not JSON, an error status).
 */
/** `GET /_inspector/api/info`. */
export interface ServerInfo {
  readonly version: string
  readonly profile: string
  readonly profiles: readonly string[]
  readonly scriptName: string
  readonly maxBody: number
  readonly app?: string
}

/** What the echo answered, or why there is no environ to show. */
export type EchoOutcome =
  | {
      readonly ok: true
      readonly status: number
      readonly statusText: string
      readonly timeMs: number
      readonly sizeBytes: number
      readonly environ: Readonly<Record<string, string>>
    }
  | {
      readonly ok: false
      readonly kind: 'unreachable' | 'not-json' | 'http-error' | 'no-body' | 'refused'
      /** 0 when no response arrived. */
      readonly status: number
      readonly statusText: string
      readonly timeMs: number
      readonly sizeBytes: number
      readonly message: string
    }

/** The request to send: the output of `buildOutgoing`. */
export interface EchoRequest {
  readonly method: string
  readonly url: string
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: string | undefined
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
}

/** Parse a response body; `undefined` when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** What every API call says when `fetch` itself failed: the server is not there. */
export function unreachableMessage(error: unknown, where = 'the inspector server'): string {
  const reason = error instanceof Error ? error.message : String(error)
  return `Could not reach ${where} (${reason}). Is \`npm start\` still running?`
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat
}

/** Send a request to the echo and read the environ it returns. */
export async function sendEcho(request: EchoRequest): Promise<EchoOutcome> {
  const started = performance.now()
  let response: Response
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers.map(([name, value]) => [name, value]),
      body: request.body,
      redirect: 'manual',
    })
  } catch (error) {
    return {
      ok: false,
      kind: 'unreachable',
      status: 0,
      statusText: '',
      timeMs: performance.now() - started,
      sizeBytes: 0,
      message: unreachableMessage(error, `the inspector server at ${new URL(request.url).origin}`),
    }
  }
  const bytes = new Uint8Array(await response.arrayBuffer().catch(() => new ArrayBuffer(0)))
  const timeMs = performance.now() - started
  const base = {
    status: response.status,
    statusText: response.statusText,
    timeMs,
    sizeBytes: bytes.length,
  }
  const text = new TextDecoder().decode(bytes)
  const json = parseJson(text)
  if (response.ok && isStringRecord(json)) return { ok: true, ...base, environ: json }
  if (request.method === 'HEAD' && bytes.length === 0) {
    const message = `HEAD responses carry no body, so there is no environ to show. The server answered ${response.status}.`
    return { ok: false, kind: 'no-body', ...base, message }
  }
  if (typeof json === 'object' && json !== null && 'error' in json) {
    const message = `The server answered ${response.status}: ${String(json.error)}`
    return { ok: false, kind: 'http-error', ...base, message }
  }
  const type = response.headers.get('content-type') ?? 'no Content-Type'
  const message =
    response.type === 'opaqueredirect'
      ? 'The server answered with a redirect; the echo never redirects, so this path belongs to something else.'
      : `The server answered ${response.status} with ${type}, not a JSON environ${text ? `: “${preview(text)}”` : '.'}`
  return { ok: false, kind: 'not-json', ...base, message }
}

/** Read the server's version, profile and mount point; undefined when unreachable. */
export async function fetchInfo(): Promise<ServerInfo | undefined> {
  try {
    const response = await fetch('/_inspector/api/info', {
      headers: { accept: 'application/json' },
    })
    if (!response.ok) return undefined
    const json: unknown = await response.json()
    if (typeof json !== 'object' || json === null) return undefined
    const info = json as Partial<ServerInfo>
    if (typeof info.version !== 'string' || typeof info.profile !== 'string') return undefined
    return {
      version: info.version,
      profile: info.profile,
      profiles: Array.isArray(info.profiles) ? info.profiles : [],
      scriptName: typeof info.scriptName === 'string' ? info.scriptName : '',
      maxBody: typeof info.maxBody === 'number' ? info.maxBody : 0,
      app: typeof info.app === 'string' ? info.app : undefined,
    }
  } catch {
    return undefined
  }
}
