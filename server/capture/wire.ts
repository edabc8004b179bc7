/**
 * @module
 * Captured records as text, for the cluster's IPC channel (capture/cluster.ts): a batch is
 * one JSON string, written once by the worker that captured it, passed through the primary
 * untouched, and parsed by another worker only when someone reads one of its records.
 * Bodies (at most `--history-body` bytes each) travel as base64.
 *
 * A record travels as facts: the request line, headers, addresses and outcome. Its environ
 * goes along only when the reader could not rebuild it (a `--redact`ed record, whose environ
 * was redacted after it was built); otherwise the worker that reads it rebuilds it from the
 * facts with its own builder, as the worker that served it would have (every worker runs the
 * same profile and configuration). Rendering environs nobody reads was most of what sharing
 * the history cost.
 */
import {
  type CapturedRequest,
  type EnvironRebuilder,
  environOnDemand,
  rendersOnDemand,
  withoutEnviron,
} from './record.ts'

export type { EnvironRebuilder } from './record.ts'

/** `environKeys` of a record without an environ (refused)... */
const NO_ENVIRON = -1
/** ...and of one the reader rebuilds from its facts. */
const REBUILD = -2

type WireRecord = Omit<CapturedRequest, 'body' | 'environKeys' | 'environValues'> & {
  readonly body: string
  /** Index into the batch's key lists, or NO_ENVIRON, or REBUILD. */
  readonly environKeys: number
  /** Only with an index. */
  readonly environValues?: readonly string[]
}

interface WireBatch {
  readonly keys: (readonly string[])[]
  readonly records: WireRecord[]
}

const EMPTY = new Uint8Array(0)

/** One JSON string for a batch of records. */
export function encodeRecords(records: readonly CapturedRequest[]): string {
  const keys: (readonly string[])[] = []
  const wire: WireRecord[] = []
  for (const record of records) {
    const { body } = record
    const base = {
      ...withoutEnviron(record),
      body:
        body.length === 0
          ? ''
          : Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64'),
    }
    if (rendersOnDemand(record)) {
      wire.push({ ...base, environKeys: REBUILD })
      continue
    }
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
  return records.map(({ environKeys, environValues, ...fields }, i) => {
    const record: CapturedRequest = {
      ...fields,
      id: firstId + i,
      environKeys: environKeys >= 0 ? (keys[environKeys] ?? null) : null,
      environValues: environKeys >= 0 ? (environValues ?? null) : null,
      // a copy of its own, not a view into Buffer's shared pool
      body: fields.body === '' ? EMPTY : new Uint8Array(Buffer.from(fields.body, 'base64')),
    }
    if (environKeys !== REBUILD) return record
    return environOnDemand(record, build)
  })
}
