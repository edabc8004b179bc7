/**
 * @module
 * The request an export writes: what the composer will send (Inspect), or what arrived
 * (Live). Both become the one request shape the exporters take, with notes on what the
 * export cannot show.
 */
import { base64ToBytes, latin1ToBytes, utf8Bytes } from './byte-codecs.ts'
import { buildExact } from './exact.ts'
import {
  type Header,
  type HttpRequest,
  httpRequest,
  splitTarget,
  targetText,
} from './http-request.ts'
import { importRaw } from './import-raw.ts'
import type { CapturedRecord } from './live-record.ts'
import { rawBytes } from './raw-text.ts'
import { buildOutgoing, type Draft, draftMode } from './request.ts'

export interface ExportSource {
  readonly request: HttpRequest
  /** What the exported request leaves out or changes, for the person exporting it. */
  readonly notes: readonly string[]
}

function bodyBytes(body: string | Uint8Array | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array()
  return typeof body === 'string' ? utf8Bytes(body) : body
}

/** Return the request the composer sends for `draft` (`origin`: this server, for fetch's URL). */
export function requestFromDraft(draft: Draft, origin: string): ExportSource {
  if (draftMode(draft) === 'browser') {
    const out = buildOutgoing(draft, origin)
    return {
      request: httpRequest({
        method: out.method,
        ...splitTarget(out.target),
        headers: out.headers,
        body: bodyBytes(out.body),
      }),
      notes: [
        'The browser adds headers of its own (User-Agent, Accept, Sec-*…) that are not in this export.',
      ],
    }
  }
  const plan = buildExact(draft)
  const sent = plan.request
  if (!('method' in sent)) {
    const raw = importRaw(rawBytes(draft.raw ?? ''))
    if (!raw.ok) return { request: httpRequest(), notes: [`The Raw tab's bytes: ${raw.error}`] }
    return {
      request: raw.value.request,
      notes: [
        'The Raw tab’s bytes as a request; anything malformed in them is read leniently.',
        ...raw.value.notes,
      ],
    }
  }
  const text = (latin1: string) => targetText(latin1)
  const body =
    sent.bodyEncoding === 'base64'
      ? base64ToBytes(sent.body ?? '')
      : {
          ok: true as const,
          value:
            sent.bodyEncoding === 'latin1'
              ? latin1ToBytes(sent.body ?? '')
              : utf8Bytes(sent.body ?? ''),
        }
  return {
    request: httpRequest({
      method: plan.method,
      ...splitTarget(text(sent.target ?? '/')),
      headers: (sent.headers ?? []).map(([name, value]): Header => [name, text(value)]),
      body: body.ok ? body.value : new Uint8Array(),
      ...(plan.httpVersion === '1.1' ? {} : { httpVersion: plan.httpVersion }),
    }),
    notes: [],
  }
}

/** Return a captured request as it arrived. */
export function requestFromRecord(record: CapturedRecord): ExportSource {
  const notes: string[] = []
  if (record.body.truncated)
    notes.push(
      `Only the first ${record.body.bytes.length} of ${record.body.size} body bytes were kept, so the export has only those.`
    )
  if (record.redacted.length > 0)
    notes.push(
      `The server redacted ${record.redacted.join(', ')}: the export has "[redacted]" there.`
    )
  return {
    request: httpRequest({
      method: record.method,
      ...splitTarget(record.target),
      headers: record.headers,
      body: record.body.bytes,
      ...(record.httpVersion === '1.1' ? {} : { httpVersion: record.httpVersion }),
    }),
    notes,
  }
}
