// A raw-socket HTTP/1.x client for tests.
//
// It writes the request bytes exactly as given (strings are encoded as latin-1, one byte per
// code unit), so tests can send anything: bare LF, obs-fold, control characters, HTTP/0.9
// request lines, bad versions, duplicate headers. It then reads one response and frames it the
// way RFC 9112 section 6.3 says: no body for HEAD/1xx/204/304, chunked (decoded), Content-Length,
// or until the server closes. A reply that does not start with "HTTP/" (CPython's
// http.server answers some errors HTTP/0.9-style, with no status line) is read until close and
// returned whole as the body with `statusLine: null`.
//
// It never hangs: after `timeoutMs` (default 3000 ms, counted after the last byte was written)
// it resolves with `timedOut: true` and whatever arrived. It only rejects when it cannot
// connect at all.

import net from 'node:net'

export interface RawTarget {
  host: string
  port: number
}

export interface RawOptions {
  /** Give up after this long (ms, counted after the last part was written). Default 3000. */
  timeoutMs?: number
  /** Half-close (send FIN) after the last byte is written. Default false. */
  halfClose?: boolean
  /**
   * After a complete response on a connection the server did not say it would close,
   * wait up to this long (ms) for the server to close anyway, so `closedByServer` can be
   * asserted. Default 0 (return at once). Responses with `Connection: close`, or HTTP/1.0
   * responses without keep-alive, always wait for the close (bounded by `timeoutMs`).
   */
  lingerMs?: number
  /**
   * Treat the response as the answer to a HEAD request (no body). Default: read from the
   * request's first token.
   */
  head?: boolean
}

export interface RawPart {
  bytes: Uint8Array | string
  /** Wait this long (ms) before writing this part. */
  delayMs: number
}

export interface RawResponse {
  /** Every byte received, including interim 1xx responses and anything after the response. */
  raw: Buffer
  /** The final response's status line without CRLF; null if the reply had none (HTTP/0.9 style). */
  statusLine: string | null
  /** The status code, or null if there is no status line or it does not parse. */
  status: number | null
  /** Header fields in wire order: name as sent, value with surrounding whitespace removed. */
  headers: Array<[string, string]>
  /** The body; chunked bodies are decoded. For a reply without status line: every byte. */
  body: Buffer
  /** The server closed (FIN or reset) the connection before this resolved. */
  closedByServer: boolean
  /** The timeout fired before the response was complete. */
  timedOut: boolean
  /** The response was framed completely (by length, last chunk, no-body rule, or close). */
  complete: boolean
  /** Status lines of interim 1xx responses (e.g. `HTTP/1.1 100 Continue`), in order. */
  informational: string[]
  /** Trailer fields of a chunked body. */
  trailers: Array<[string, string]>
  /** A socket error (ECONNRESET, EPIPE…) or a framing problem; null if none. */
  error: string | null
}

const DEFAULT_TIMEOUT_MS = 3000

export function sendRaw(
  target: RawTarget,
  request: Uint8Array | string,
  opts: RawOptions = {}
): Promise<RawResponse> {
  return sendRawParts(target, [{ bytes: request, delayMs: 0 }], opts)
}

/** Send the request in parts, each after its own delay (for Expect and slow-client tests). */
export function sendRawParts(
  target: RawTarget,
  parts: RawPart[],
  opts: RawOptions = {}
): Promise<RawResponse> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const lingerMs = opts.lingerMs ?? 0
  const buffers = parts.map((p) => toBuffer(p.bytes))
  const head = opts.head ?? isHeadRequest(Buffer.concat(buffers))

  return new Promise<RawResponse>((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port })
    const chunks: Buffer[] = []
    let received = Buffer.alloc(0)
    let connected = false
    let closed = false
    let finished = false
    let timedOut = false
    let socketError: string | null = null
    const timers = new Set<NodeJS.Timeout>()
    let deadline: NodeJS.Timeout | undefined
    let linger: NodeJS.Timeout | undefined

    const later = (ms: number, fn: () => void): NodeJS.Timeout => {
      const t = setTimeout(() => {
        timers.delete(t)
        fn()
      }, ms)
      timers.add(t)
      return t
    }

    const finish = (): void => {
      if (finished) return
      finished = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
      const parsed = parseResponse(received, { head, closed })
      socket.destroy()
      resolve({
        raw: received,
        statusLine: parsed.statusLine,
        status: parsed.status,
        headers: parsed.headers,
        body: parsed.body,
        closedByServer: closed,
        timedOut,
        complete: parsed.complete,
        informational: parsed.informational,
        trailers: parsed.trailers,
        error: socketError ?? parsed.error,
      })
    }

    const check = (): void => {
      if (finished) return
      const parsed = parseResponse(received, { head, closed })
      if (closed || (parsed.complete && parsed.error !== null)) {
        finish()
        return
      }
      if (!parsed.complete) return
      if (parsed.expectClose) {
        // The server said it will close: wait for it (bounded by the deadline).
        return
      }
      if (lingerMs > 0) {
        if (linger === undefined) linger = later(lingerMs, finish)
        return
      }
      finish()
    }

    const writeParts = (index: number): void => {
      if (finished || closed) return
      const part = parts[index]
      const bytes = buffers[index]
      if (part === undefined || bytes === undefined) {
        if (opts.halfClose) socket.end()
        deadline = later(timeoutMs, () => {
          timedOut = true
          finish()
        })
        return
      }
      const send = (): void => {
        if (finished || closed || socket.destroyed) return
        socket.write(bytes, () => writeParts(index + 1))
      }
      if (part.delayMs > 0) later(part.delayMs, send)
      else send()
    }

    // Send each write as its own segment, so split requests reach the server split.
    socket.setNoDelay(true)
    socket.on('connect', () => {
      connected = true
      writeParts(0)
    })
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      received = Buffer.concat(chunks)
      check()
    })
    socket.on('end', () => {
      closed = true
      check()
    })
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected) {
        for (const t of timers) clearTimeout(t)
        finished = true
        reject(
          new Error(`sendRaw: cannot connect to ${target.host}:${target.port}: ${err.message}`)
        )
        return
      }
      socketError = err.code ?? err.message
      closed = true
      check()
    })
    socket.on('close', () => {
      if (!connected) return
      closed = true
      check()
    })
    // Deadline while connecting (covers a SYN that is never answered) plus all part delays.
    const totalDelay = parts.reduce((sum, p) => sum + p.delayMs, 0)
    later(timeoutMs + totalDelay + 1000, () => {
      if (deadline !== undefined) return
      timedOut = true
      if (!connected) {
        finished = true
        for (const t of timers) clearTimeout(t)
        socket.destroy()
        reject(new Error(`sendRaw: connecting to ${target.host}:${target.port} timed out`))
        return
      }
      finish()
    })
  })
}

/** The first header field named `name` (case-insensitive), or undefined. */
export function header(res: Pick<RawResponse, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase()
  return res.headers.find(([k]) => k.toLowerCase() === lower)?.[1]
}

/** Every value of the header fields named `name` (case-insensitive), in wire order. */
export function headerValues(res: Pick<RawResponse, 'headers'>, name: string): string[] {
  const lower = name.toLowerCase()
  return res.headers.filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v)
}

/** Parse the body as UTF-8 JSON; the error says what came back instead. */
export function jsonBody<T = unknown>(res: RawResponse): T {
  const text = res.body.toString('utf8')
  try {
    return JSON.parse(text) as T
  } catch (err) {
    const preview = text.length > 500 ? `${text.slice(0, 500)}…` : text
    throw new Error(
      `jsonBody: response body is not JSON (${(err as Error).message}); status line: ` +
        `${JSON.stringify(res.statusLine)}, timedOut: ${res.timedOut}, body: ${JSON.stringify(preview)}`
    )
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing (pure; exported for the unit tests)

interface Parsed {
  statusLine: string | null
  status: number | null
  headers: Array<[string, string]>
  body: Buffer
  complete: boolean
  informational: string[]
  trailers: Array<[string, string]>
  error: string | null
  /** The response announced that the server closes the connection after it. */
  expectClose: boolean
}

const HTTP_PREFIX = Buffer.from('HTTP/', 'latin1')

export function parseResponse(data: Buffer, state: { head: boolean; closed: boolean }): Parsed {
  const informational: string[] = []
  let offset = 0
  for (;;) {
    const rest = data.subarray(offset)
    const prefixLen = Math.min(rest.length, HTTP_PREFIX.length)
    if (!rest.subarray(0, prefixLen).equals(HTTP_PREFIX.subarray(0, prefixLen))) {
      // No status line: HTTP/0.9-style reply. Everything until close is the body.
      return {
        ...empty(informational),
        body: rest,
        complete: state.closed,
        expectClose: true,
      }
    }
    const block = findHeaderEnd(rest)
    if (block === null) {
      if (!state.closed) return { ...empty(informational), complete: false, expectClose: false }
      return {
        ...empty(informational),
        body: rest,
        complete: false,
        expectClose: false,
        error: rest.length === 0 ? null : 'connection closed before the end of the header block',
      }
    }
    const lines = rest.subarray(0, block.headerEnd).toString('latin1').split(/\r?\n/)
    const statusLine = lines[0] ?? ''
    const match = /^HTTP\/(\d+)\.(\d+) (\d{3})(?: |$)/.exec(statusLine)
    const status = match ? Number(match[3]) : null
    const headers = parseFields(lines.slice(1))
    if (status !== null && status >= 100 && status < 200 && status !== 101) {
      informational.push(statusLine)
      offset += block.bodyStart
      continue
    }
    const version = match ? `${match[1]}.${match[2]}` : '1.1'
    const bodyBytes = rest.subarray(block.bodyStart)
    const connection = headerValuesOf(headers, 'connection').join(',').toLowerCase()
    const expectClose =
      /(^|[\s,])close($|[\s,])/.test(connection) ||
      (version === '1.0' && !/(^|[\s,])keep-alive($|[\s,])/.test(connection))
    const base = {
      statusLine,
      status,
      headers,
      informational,
      trailers: [] as Array<[string, string]>,
      error: null as string | null,
      expectClose,
    }

    if (state.head || status === 204 || status === 304 || status === 101) {
      return { ...base, body: Buffer.alloc(0), complete: true }
    }
    const te = headerValuesOf(headers, 'transfer-encoding').join(',').toLowerCase()
    const codings = te
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
    if (codings.length > 0 && codings[codings.length - 1] === 'chunked') {
      const decoded = decodeChunked(bodyBytes)
      if (decoded.error !== null) {
        return { ...base, body: bodyBytes, complete: true, error: decoded.error }
      }
      return {
        ...base,
        body: decoded.body,
        trailers: decoded.trailers,
        complete: decoded.done,
        error: !decoded.done && state.closed ? 'connection closed inside chunked body' : null,
      }
    }
    if (codings.length > 0) {
      // Transfer-Encoding without final chunked: delimited by close (RFC 9112 6.3 item 4).
      return { ...base, body: bodyBytes, complete: state.closed, expectClose: true }
    }
    const lengths = headerValuesOf(headers, 'content-length')
    if (lengths.length > 0) {
      const values = new Set(lengths.flatMap((v) => v.split(',').map((s) => s.trim())))
      const only = values.size === 1 ? [...values][0] : undefined
      if (only === undefined || !/^\d+$/.test(only)) {
        return {
          ...base,
          body: bodyBytes,
          complete: true,
          error: `invalid Content-Length: ${JSON.stringify(lengths)}`,
        }
      }
      const length = Number(only)
      if (bodyBytes.length >= length) {
        return { ...base, body: bodyBytes.subarray(0, length), complete: true }
      }
      return {
        ...base,
        body: bodyBytes,
        complete: false,
        error: state.closed ? `connection closed after ${bodyBytes.length}/${length} bytes` : null,
      }
    }
    return { ...base, body: bodyBytes, complete: state.closed, expectClose: true }
  }
}

function empty(informational: string[]): Omit<Parsed, 'complete' | 'expectClose'> {
  return {
    statusLine: null,
    status: null,
    headers: [],
    body: Buffer.alloc(0),
    informational,
    trailers: [],
    error: null,
  }
}

/** End of the header block: first blank line (CRLF CRLF, tolerating bare LF). */
function findHeaderEnd(data: Buffer): { headerEnd: number; bodyStart: number } | null {
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== 0x0a) continue
    // data[i] is LF ending a line; is the next line empty?
    if (data[i + 1] === 0x0a) return { headerEnd: i, bodyStart: i + 2 }
    if (data[i + 1] === 0x0d && data[i + 2] === 0x0a) {
      return { headerEnd: data[i - 1] === 0x0d ? i - 1 : i, bodyStart: i + 3 }
    }
  }
  return null
}

function parseFields(lines: string[]): Array<[string, string]> {
  const fields: Array<[string, string]> = []
  for (const line of lines) {
    if (line === '') continue
    const colon = line.indexOf(':')
    if (colon === -1) {
      fields.push([line, ''])
      continue
    }
    fields.push([line.slice(0, colon), line.slice(colon + 1).trim()])
  }
  return fields
}

function headerValuesOf(headers: Array<[string, string]>, name: string): string[] {
  return headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v)
}

export function decodeChunked(data: Buffer): {
  body: Buffer
  trailers: Array<[string, string]>
  done: boolean
  error: string | null
} {
  const parts: Buffer[] = []
  let pos = 0
  const result = (done: boolean, error: string | null, trailers: Array<[string, string]> = []) => ({
    body: Buffer.concat(parts),
    trailers,
    done,
    error,
  })
  for (;;) {
    const lineEnd = data.indexOf('\r\n', pos, 'latin1')
    if (lineEnd === -1) return result(false, null)
    const sizeLine = data.subarray(pos, lineEnd).toString('latin1')
    const sizeText = sizeLine.split(';')[0]?.trim() ?? ''
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) {
      return result(false, `malformed chunk size line ${JSON.stringify(sizeLine)}`)
    }
    const size = Number.parseInt(sizeText, 16)
    if (size === 0) {
      // Trailer section, ended by an empty line.
      let tpos = lineEnd + 2
      const trailerLines: string[] = []
      for (;;) {
        const end = data.indexOf('\r\n', tpos, 'latin1')
        if (end === -1) return result(false, null)
        const line = data.subarray(tpos, end).toString('latin1')
        tpos = end + 2
        if (line === '') return result(true, null, parseFields(trailerLines))
        trailerLines.push(line)
      }
    }
    const start = lineEnd + 2
    if (data.length < start + size + 2) return result(false, null)
    parts.push(data.subarray(start, start + size))
    if (data[start + size] !== 0x0d || data[start + size + 1] !== 0x0a) {
      return result(false, `chunk of ${size} bytes not followed by CRLF`)
    }
    pos = start + size + 2
  }
}

function toBuffer(bytes: Uint8Array | string): Buffer {
  return typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)
}

function isHeadRequest(request: Buffer): boolean {
  return request.subarray(0, 5).toString('latin1') === 'HEAD '
}
