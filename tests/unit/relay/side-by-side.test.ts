/**
 * Profiles side by side: one request, each profile's environ (or refusal), and the keys
 * that differ.
 */
import { describe, expect, test } from 'vitest'
import type { ProfileOutcome } from '../../../server/contract/api/send.ts'
import { latin1Bytes } from '../../../server/contract/http.ts'
import { compareProfiles, diffProfiles } from '../../../server/relay/side-by-side.ts'
import { parseHead, SERVER } from '../../helpers/request.ts'

const compare = (raw: string) =>
  compareProfiles(parseHead(raw), SERVER, ['wsgiref', 'gunicorn', 'werkzeug'], latin1Bytes(raw))

describe('compareProfiles', () => {
  test('builds every profile’s environ with its provenance', () => {
    const outcomes = compare('GET /p HTTP/1.1\r\nHost: h\r\n\r\n')
    for (const outcome of Object.values(outcomes)) {
      if (!('environ' in outcome)) throw new Error('refused')
      expect(outcome.environ.PATH_INFO).toBe('/p')
      expect(Object.keys(outcome.provenance)).toEqual(Object.keys(outcome.environ))
    }
  })

  test('reports a refusal instead of an environ', () => {
    const outcomes = compare('GET * HTTP/1.1\r\nHost: h\r\n\r\n')
    expect(outcomes.gunicorn).toEqual({
      rejected: { status: 400, reason: 'Invalid request target: * is only allowed with OPTIONS' },
    })
    expect(outcomes.wsgiref).toMatchObject({ environ: { PATH_INFO: '*' } })
  })
})

describe('diffProfiles', () => {
  const environ = (values: Record<string, string>): ProfileOutcome => ({
    environ: values,
    provenance: {},
    ignored: [],
  })

  test('lists absent and differing keys in first-seen order', () => {
    expect(
      diffProfiles({
        a: environ({ SAME: '1', ONLY_A: 'x', DIFF: 'p' }),
        b: environ({ SAME: '1', DIFF: 'q', ONLY_B: 'y' }),
      })
    ).toEqual([
      { key: 'ONLY_A', kind: 'absent', values: { a: 'x', b: null } },
      { key: 'DIFF', kind: 'differs', values: { a: 'p', b: 'q' } },
      { key: 'ONLY_B', kind: 'absent', values: { a: null, b: 'y' } },
    ])
  })

  test('compares only the profiles that built an environ', () => {
    expect(
      diffProfiles({
        a: environ({ K: '1' }),
        b: { rejected: { status: 400, reason: 'no' } },
      })
    ).toEqual([])
  })
})
