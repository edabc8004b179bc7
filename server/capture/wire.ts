/**
 * @module
 * Captured records as text, for the cluster's IPC channel (capture/cluster.ts): a batch is
 * one JSON string, written once by the worker that captured it, passed through the primary
 * untouched, and parsed by another worker only when someone reads one of its records.
 * Bodies (at most `--history-body` bytes each) travel as base64, and each environ key list
 * once per batch: records from the same client repeat it.
 */
import type { CapturedRequest } from './record.ts'

type WireRecord = Omit<CapturedRequest, 'body' | 'environKeys'> & {
  readonly body: string
  /** Index into the batch's key lists; -1 when the record has no environ. */
  readonly environKeys: number
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
    const { body, environKeys } = record
    let index = -1
    if (environKeys) {
      index = keys.indexOf(environKeys) // the same list object while it repeats
      if (index === -1) index = keys.push(environKeys) - 1
    }
    wire.push({
      ...record,
      environKeys: index,
      body:
        body.length === 0
          ? ''
          : Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64'),
    })
  }
  return JSON.stringify({ keys, records: wire } satisfies WireBatch)
}

/** The records of a batch, numbered from `firstId`. */
export function decodeRecords(json: string, firstId: number): CapturedRequest[] {
  const { keys, records } = JSON.parse(json) as WireBatch
  return records.map((record, i) => ({
    ...record,
    id: firstId + i,
    environKeys: record.environKeys === -1 ? null : (keys[record.environKeys] ?? null),
    // a copy of its own, not a view into Buffer's shared pool
    body: record.body === '' ? EMPTY : new Uint8Array(Buffer.from(record.body, 'base64')),
  }))
}
