/**
 * @module
 * Send a composed request to the echo with fetch() (Browser mode) and read the environ.
 *
 * Like everything in web/api/, nothing here throws: every failure comes back as a value
 * that says what went wrong in words a user can act on (server down, not JSON, an error
 * status).
 */
import { parseJson, unreachableMessage } from './json.ts'

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
  /** Text goes out as UTF-8 (fetch adds a text/plain type when none is set), bytes as they are. */
  readonly body: string | Uint8Array | undefined
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  )
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
      // a copy over a plain ArrayBuffer: what fetch's BodyInit types accept
      body: typeof request.body === 'string' ? request.body : request.body?.slice(),
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
