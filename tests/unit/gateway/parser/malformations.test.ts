/**
 * The classifier names what is malformed in each request Node refuses (table from the bytes
 * of tests/corpus/servers/requests.ts), and nothing in well-formed ones.
 */
import { describe, expect, test } from 'vitest'
import type { Malformation } from '../../../../server/contract/parser-verdicts.ts'
import { classifyRequest } from '../../../../server/gateway/malformations.ts'
import { tokenizeHead } from '../../../../server/relay/head.ts'
import { NODE_REFUSES } from '../../../corpus/servers/node-refuses.ts'
import { SERVER_REQUESTS } from '../../../corpus/servers/requests.ts'

const EXPECTED: Record<string, readonly Malformation[]> = {
  T09: ['non-ascii-target'],
  T10: ['non-ascii-target'],
  T18: ['non-ascii-target'],
  T34: ['target-without-slash'],
  T35: ['target-without-slash'],
  T36: ['lowercase-method'],
  T38: ['unsupported-version'],
  T40: ['malformed-version'],
  T42: ['tab-in-request-line'],
  T43: ['bare-lf'],
  T49: ['two-content-lengths-equal'],
  T50: ['invalid-content-length'],
  T51: ['signed-content-length'],
  T54: ['invalid-content-length'],
  T57: ['content-length-and-transfer-encoding'],
  T75: ['obs-fold'],
  T76: ['no-colon'],
  T77: ['whitespace-before-colon'],
  T79: ['control-in-value'],
  T93: ['invalid-header-name'],
  T94: ['no-colon'],
  T95: ['whitespace-before-colon'],
  T96: ['whitespace-before-colon'],
  T97: ['signed-content-length'],
  T101: ['extra-space-in-request-line'],
  T112: ['lowercase-version'],
  T160: ['non-ascii-target'],
  T161: ['non-ascii-target'],
  P01: ['bare-lf-among-crlf'],
  P02: ['bare-cr'],
  P03: ['content-length-and-transfer-encoding'],
  P04: ['two-content-lengths-equal'],
  P05: ['http-0.9'],
  P11: ['non-ascii-target'],
  P13: ['space-in-target'],
  P14: ['control-in-target'],
  P22: ['transfer-encoding-not-chunked'],
  'ui:cl-te': ['content-length-and-transfer-encoding'],
  'ui:two-lengths': ['two-content-lengths-different'],
  'ui:obs-fold': ['obs-fold'],
  'ui:bare-lf': ['bare-lf'],
  'ui:no-colon': ['no-colon'],
  // well-formed: nothing to name
  T01: [],
  T44: ['leading-crlf'],
  T157a: ['too-many-headers'],
}

function bytesOf(request: string): Uint8Array {
  return Uint8Array.from(request, (c) => c.charCodeAt(0))
}

describe('classifyRequest', () => {
  const byId = new Map(SERVER_REQUESTS.map((r) => [r.id, r]))
  test.each(Object.entries(EXPECTED))('%s', (id, expected) => {
    const request = byId.get(id)
    expect(request, id).toBeDefined()
    const bytes = bytesOf(request?.request ?? '')
    expect(classifyRequest(bytes, tokenizeHead(bytes))).toEqual(expected)
  })

  test('every request Node refuses is named by at least one case', () => {
    for (const id of NODE_REFUSES) expect(EXPECTED[id]?.length, id).toBeGreaterThan(0)
  })
})
