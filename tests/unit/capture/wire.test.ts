import { describe, expect, test } from 'vitest'
import { captureExchange } from '../../../server/capture/record.ts'
import { decodeRecords, encodeRecords } from '../../../server/capture/wire.ts'
import { exchange } from '../../helpers/exchange.ts'

describe('encodeRecords / decodeRecords', () => {
  test('a batch comes back as the same records, numbered from the first id', () => {
    const body = new TextEncoder().encode('héllo\u0000')
    const records = [
      captureExchange(exchange({ request: { body } }), 0, { bodyLimit: 1024 }),
      captureExchange(exchange({ environ: undefined, refusal: 'no' }), 0, { bodyLimit: 1024 }),
      captureExchange(exchange({ environ: { OTHER: 'x' } }), 0, { bodyLimit: 1024 }),
      captureExchange(exchange(), 0, { bodyLimit: 1024 }),
    ]
    const decoded = decodeRecords(encodeRecords(records), 41)
    expect(decoded.map((record) => record.id)).toEqual([41, 42, 43, 44])
    expect(decoded).toEqual(records.map((record, i) => ({ ...record, id: 41 + i })))
    expect(Buffer.from(decoded[0]?.body ?? []).equals(Buffer.from(body))).toBe(true)
  })

  test('writes a repeated key list once', () => {
    const records = Array.from({ length: 20 }, () =>
      captureExchange(exchange(), 0, { bodyLimit: 0 })
    )
    const json = encodeRecords(records)
    expect(json.split('"PATH_INFO"').length - 1).toBe(1)
  })
})
