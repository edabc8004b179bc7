import { describe, expect, test } from 'vitest'
import { captureExchange, withoutEnviron } from '../../../server/capture/record.ts'
import {
  decodeRecords,
  type EnvironRebuilder,
  encodeRecords,
} from '../../../server/capture/wire.ts'
import type { RequestFacts } from '../../../server/contract/request.ts'
import { exchange } from '../../helpers/exchange.ts'

const NEVER: () => EnvironRebuilder = () => {
  throw new Error('no record of this batch is rebuilt')
}

/** What a gateway builder would build: enough of the facts to tell requests apart. */
const build = (facts: RequestFacts) => ({
  REQUEST_METHOD: facts.method,
  PATH_INFO: facts.target,
  REMOTE_PORT: String(facts.remotePort),
  HTTP_HOST: facts.rawHeaders[1] ?? '',
})

describe('encodeRecords / decodeRecords', () => {
  test('a batch comes back as the same records, numbered from the first id', () => {
    const body = new TextEncoder().encode('héllo\u0000')
    const records = [
      captureExchange(exchange({ request: { body } }), 0, { bodyLimit: 1024 }),
      captureExchange(exchange({ environ: undefined, refusal: 'no' }), 0, { bodyLimit: 1024 }),
      captureExchange(exchange({ environ: { OTHER: 'x' } }), 0, { bodyLimit: 1024 }),
      captureExchange(exchange(), 0, { bodyLimit: 1024 }),
    ]
    const decoded = decodeRecords(encodeRecords(records), 41, NEVER)
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

  test('a record the echo answered without an environ travels as facts, rebuilt when read', () => {
    const records = ['/a', '/b?x=1'].map((target, i) =>
      captureExchange(
        exchange({
          environ: undefined,
          rebuildEnviron: build,
          request: { target, remotePort: 50000 + i },
        }),
        0,
        { bodyLimit: 0 }
      )
    )
    const json = encodeRecords(records)
    expect(json).not.toContain('PATH_INFO') // no environ in the batch: only its facts
    let rebuilt = 0
    const decoded = decodeRecords(json, 7, () => {
      rebuilt++
      return build
    })
    expect(rebuilt).toBe(0) // nothing is rebuilt until a record is read
    expect(decoded[1]?.environValues).toEqual(['GET', '/b?x=1', '50001', 'example.test'])
    expect(rebuilt).toBe(1)
    expect(decoded).toEqual(records.map((record, i) => ({ ...record, id: 7 + i })))
  })

  test('a rebuilt record keeps every fact: header lines (duplicates, latin-1, empty), body, outcome', () => {
    const heads = [['Host', 'h', 'X-A', 'caf\u00e9 \u00ff', 'x-a', '', 'Cookie', 'a=1; b=2'], []]
    const body = new Uint8Array([0, 255, 10, 13])
    const records = heads.map((rawHeaders, i) =>
      captureExchange(
        exchange({
          environ: undefined,
          rebuildEnviron: build,
          status: 404 + i,
          refusal: i === 0 ? undefined : 'refused',
          request: { rawHeaders, body, socketFd: i === 0 ? 12 : undefined },
        }),
        0,
        { bodyLimit: 3 }
      )
    )
    const decoded = decodeRecords(encodeRecords(records), 3, () => build)
    expect(decoded.map(withoutEnviron)).toEqual(
      records.map((record, i) => ({ ...withoutEnviron(record), id: 3 + i }))
    )
    expect(decoded[0]?.rawHeaders).toEqual(heads[0])
    expect([...(decoded[0]?.body ?? [])]).toEqual([0, 255, 10])
  })
})
