/**
 * @module
 * Captured-request fixtures for the Live page's state tests.
 */
import type { CapturedSummary } from '../../../web/logic/live-record.ts'

/** A list row with id `id`; the rest is a plain GET unless `change` says otherwise. */
export function summary(id: number, change: Partial<CapturedSummary> = {}): CapturedSummary {
  return {
    id,
    time: '2026-01-02T03:04:05.678Z',
    durationMs: 1,
    peer: { address: '127.0.0.1', port: 50000 + id },
    method: 'GET',
    target: `/r/${id}`,
    httpVersion: '1.1',
    status: 200,
    bodySize: 0,
    contentType: null,
    refusal: null,
    headers: [['Host', 'example.test']],
    ...change,
  }
}

export const ids = (rows: readonly CapturedSummary[]) => rows.map((row) => row.id)
