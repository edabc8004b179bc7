/**
 * @module
 * Read the relay's report of an exact send the way the result pane reads a browser send
 * (status, time, size, environ), and trace its byte ranges both ways: from a key to the
 * bytes it came from, from bytes to the keys they produced.
 */
import type { ByteRange, SendAnswer } from '../../server/relay/types.ts'
import type { EchoOutcome } from '../api/echo.ts'
import type { ExactReply } from '../api/send.ts'
import type { TraceLink } from './trace.ts'

/** Return the reason phrase of a status line (`HTTP/1.1 400 Bad Request` → `Bad Request`). */
export function reasonPhrase(statusLine: string | null): string {
  return statusLine?.split(' ').slice(2).join(' ') ?? ''
}

/** Return the outcome the result bar and environ table show for an exact send. */
export function exactOutcome(reply: ExactReply): EchoOutcome {
  if (!reply.ok) {
    const kind = reply.kind === 'unreachable' ? 'unreachable' : 'http-error'
    return {
      ok: false,
      kind,
      status: reply.status,
      statusText: '',
      timeMs: reply.timeMs,
      sizeBytes: 0,
      message: reply.message,
    }
  }
  const { answer } = reply
  const response = answer.response
  const base = {
    status: response?.status ?? 0,
    statusText: reasonPhrase(response?.statusLine ?? null),
    timeMs: answer.timing.totalMs,
    sizeBytes: response?.body.length ?? 0,
  }
  if (answer.environ) return { ok: true, ...base, environ: answer.environ }
  return { ok: false, kind: 'refused', ...base, message: answer.summary }
}

/** Whether two half-open ranges share a byte; an empty range counts where it sits. */
export function overlaps(a: ByteRange, b: ByteRange): boolean {
  if (a[0] === a[1]) return b[0] <= a[0] && a[0] <= b[1]
  if (b[0] === b[1]) return a[0] <= b[0] && b[0] <= a[1]
  return a[0] < b[1] && b[0] < a[1]
}

/** Return the byte ranges `key` came from: its value bytes, then the header names that made it. */
export function rangesForKey(answer: SendAnswer, key: string): ByteRange[] {
  const provenance = answer.provenance?.[key]
  if (!provenance) return []
  return [...provenance.ranges, ...(provenance.nameRanges ?? [])]
}

/** Return the keys whose value or header name came from bytes in `range`, in environ order. */
export function keysForRange(answer: SendAnswer, range: ByteRange): TraceLink[] {
  const links: TraceLink[] = []
  for (const [key, provenance] of Object.entries(answer.provenance ?? {})) {
    if (provenance.ranges.some((r) => overlaps(r, range))) links.push({ key, via: 'direct' })
    else if (provenance.nameRanges?.some((r) => overlaps(r, range)))
      links.push({ key, via: 'related' })
  }
  return links
}
