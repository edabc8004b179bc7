/**
 * @module
 * Captured records as text, for the cluster's IPC channel (capture/cluster.ts): a batch is
 * one JSON string, written once by the worker that captured it, kept by the primary
 * untouched, and parsed by a worker only when someone reads one of its records.
 * Bodies (at most `--history-body` bytes each) travel as base64.
 *
 * A record travels as facts: the request line, headers, addresses and outcome. Its environ
 * goes along only when the reader could not rebuild it (a `--redact`ed record, whose environ
 * was redacted after it was built); otherwise the worker that reads it rebuilds it from the
 * facts with its own builder, as the worker that served it would have (every worker runs the
 * same profile and configuration), and the record travels as a tuple of its fields with its
 * header lines as one string. Rendering environs nobody reads was most of what sharing the
 * history cost; then writing each record as an object with 18 header strings.
 */
import {
  type CapturedRequest,
  type EnvironRebuilder,
  environOnDemand,
  headLines,
  onDemandHead,
  withoutEnviron,
} from './record.ts'

export type { EnvironRebuilder } from './record.ts'

/** `environKeys` of a record without an environ (refused). */
const NO_ENVIRON = -1

type WireRecord = Omit<CapturedRequest, 'body' | 'environKeys' | 'environValues'> & {
  readonly body: string
  /** Index into the batch's key lists, or NO_ENVIRON. */
  readonly environKeys: number
  /** Only with an index. */
  readonly environValues?: readonly string[]
}

/**
 * A record the reader rebuilds, as a tuple: most records are these, and writing each one's
 * field names and 18 header strings was most of what a worker spent on sharing its requests.
 */
type CompactRecord = [
  startedAt: number,
  durationMs: number,
  method: string,
  target: string,
  httpVersion: string,
  /** The header lines, `\n` between them. */
  head: string,
  remoteAddress: string,
  remotePort: number,
  localAddress: string,
  localPort: number,
  socketFd: number | null,
  /** base64 */
  body: string,
  bodySize: number,
  bodySha256: string,
  status: number,
  responseBytes: number,
  refusal: string | null,
]

interface WireBatch {
  readonly keys: (readonly string[])[]
  readonly records: (WireRecord | CompactRecord)[]
}

function base64(body: Uint8Array): string {
  return body.length === 0
    ? ''
    : Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64')
}

function compact(record: CapturedRequest, head: string): CompactRecord {
  return [
    record.startedAt,
    record.durationMs,
    record.method,
    record.target,
    record.httpVersion,
    head,
    record.remoteAddress,
    record.remotePort,
    record.localAddress,
    record.localPort,
    record.socketFd ?? null,
    base64(record.body),
    record.bodySize,
    record.bodySha256,
    record.status,
    record.responseBytes,
    record.refusal,
  ]
}

function fromCompact(fields: CompactRecord, id: number, build: EnvironRebuilder): CapturedRequest {
  const [startedAt, durationMs, method, target, httpVersion, head, remoteAddress, remotePort] =
    fields
  const [, , , , , , , , localAddress, localPort, socketFd, body, bodySize, bodySha256] = fields
  const [, , , , , , , , , , , , , , status, responseBytes, refusal] = fields
  return environOnDemand(
    {
      id,
      startedAt,
      durationMs,
      method,
      target,
      httpVersion,
      rawHeaders: headLines(head),
      remoteAddress,
      remotePort,
      localAddress,
      localPort,
      ...(socketFd === null ? {} : { socketFd }),
      body: decodeBody(body),
      bodySize,
      bodySha256,
      status,
      responseBytes,
      refusal,
      redacted: [],
    },
    build
  )
}

/** A copy of its own, not a view into Buffer's shared pool. */
function decodeBody(text: string): Uint8Array {
  return text === '' ? EMPTY : new Uint8Array(Buffer.from(text, 'base64'))
}

const EMPTY = new Uint8Array(0)

/** One JSON string for a batch of records. */
export function encodeRecords(records: readonly CapturedRequest[]): string {
  const keys: (readonly string[])[] = []
  const wire: (WireRecord | CompactRecord)[] = []
  for (const record of records) {
    const head = onDemandHead(record)
    if (head !== undefined) {
      wire.push(compact(record, head))
      continue
    }
    const base = { ...withoutEnviron(record), body: base64(record.body) }
    const { environKeys, environValues } = record
    if (!environKeys || !environValues) {
      wire.push({ ...base, environKeys: NO_ENVIRON })
      continue
    }
    let index = keys.indexOf(environKeys) // the same list object while it repeats
    if (index === -1) index = keys.push(environKeys) - 1
    wire.push({ ...base, environKeys: index, environValues })
  }
  return JSON.stringify({ keys, records: wire } satisfies WireBatch)
}

/**
 * The records of a batch, numbered from `firstId`; `rebuilder` gives the builder for records
 * that travelled without their environ, when one of them is first read.
 */
export function decodeRecords(
  json: string,
  firstId: number,
  rebuilder: () => EnvironRebuilder
): CapturedRequest[] {
  const { keys, records } = JSON.parse(json) as WireBatch
  const build: EnvironRebuilder = (request) => rebuilder()(request)
  return records.map((entry, i) => {
    if (Array.isArray(entry)) return fromCompact(entry, firstId + i, build)
    const { environKeys, environValues, ...fields } = entry
    return {
      ...fields,
      id: firstId + i,
      environKeys: environKeys >= 0 ? (keys[environKeys] ?? null) : null,
      environValues: environKeys >= 0 ? (environValues ?? null) : null,
      body: decodeBody(fields.body),
    } satisfies CapturedRequest
  })
}
