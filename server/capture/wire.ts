/**
 * @module
 * Captured records as text, for the cluster's IPC channel (capture/shared.ts): a batch is
 * one JSON string, written once by the worker that captured it, passed through the primary
 * untouched, and parsed by another worker only when someone reads one of its records.
 * Bodies (at most `--history-body` bytes each) travel as base64.
 */
import type { CapturedRequest } from './record.ts'

type WireRecord = Omit<CapturedRequest, 'body'> & { readonly body: string }

const EMPTY = new Uint8Array(0)

/** One JSON string for a batch of records. */
export function encodeRecords(records: readonly CapturedRequest[]): string {
  const wire: WireRecord[] = []
  for (const record of records) {
    const { body } = record
    wire.push({
      ...record,
      body:
        body.length === 0
          ? ''
          : Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64'),
    })
  }
  return JSON.stringify(wire)
}

/** The records of a batch, numbered from `firstId`. */
export function decodeRecords(json: string, firstId: number): CapturedRequest[] {
  const wire = JSON.parse(json) as WireRecord[]
  return wire.map((record, i) => ({
    ...record,
    id: firstId + i,
    // a copy of its own, not a view into Buffer's shared pool
    body: record.body === '' ? EMPTY : new Uint8Array(Buffer.from(record.body, 'base64')),
  }))
}
