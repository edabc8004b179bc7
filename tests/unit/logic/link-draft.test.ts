import { describe, expect, test } from 'vitest'
import { findKeyDoc } from '../../../server/gateway/environ-keys.ts'
import { requestFromDraft, requestFromRecord } from '../../../web/logic/export-source.ts'
import { httpRequest } from '../../../web/logic/http-request.ts'
import {
  ALL_PROFILES,
  keyReference,
  liveValues,
  settingProfiles,
} from '../../../web/logic/key-reference.ts'
import { decodeLink, encodeLink } from '../../../web/logic/link-codec.ts'
import { draftFromImport, draftFromLink, linkFromDraft } from '../../../web/logic/link-draft.ts'
import type { CapturedRecord } from '../../../web/logic/live-record.ts'
import { makeRow } from '../../../web/logic/rows.ts'
import { TOUR } from '../../../web/logic/tour.ts'
import { makeDraft } from './drafts.ts'

const ORIGIN = 'http://127.0.0.1:8000'
const utf8 = (text: string) => new TextEncoder().encode(text)
/** A draft without its rows' ids, which are fresh on every load. */
const idless = <
  T extends { queryRows: readonly { id: string }[]; headers: readonly { id: string }[] },
>(
  draft: T
) => ({
  ...draft,
  queryRows: draft.queryRows.map(({ id: _, ...row }) => row),
  headers: draft.headers.map(({ id: _, ...row }) => row),
})

describe('draft ⇄ link', () => {
  test.each([
    [
      'a browser draft with a query table',
      makeDraft({ path: '/a', queryRows: [makeRow('q', 'a b')], rawQuery: 'q=a%20b' }),
    ],
    [
      'an exact draft with a disabled header, a raw query and a body',
      makeDraft({
        method: 'POST',
        path: '/x',
        queryMode: 'raw',
        rawQuery: 'a=%zz',
        headers: [makeRow('Host', 'h.test'), makeRow('X-Off', '1', false)],
        body: '{"a": "é"}',
        mode: 'exact',
        httpVersion: '1.0',
      }),
    ],
    [
      'the Raw tab being sent',
      makeDraft({
        mode: 'exact',
        httpVersion: '1.1',
        raw: 'GET / HTTP/1.1\\r\\n\n',
        sendRaw: true,
      }),
    ],
  ])('%s comes back the same', (_name, draft) => {
    const back = draftFromLink(linkFromDraft(draft))
    const want = { mode: 'browser', httpVersion: '1.1', ...draft }
    if (want.queryMode === 'table') want.rawQuery = back.rawQuery
    expect(idless(back)).toEqual(idless(want))
  })

  test('leaves out empty rows and the Raw tab when the form is sent', () => {
    const link = linkFromDraft(
      makeDraft({
        headers: [makeRow(), makeRow('A', '1')],
        mode: 'exact',
        raw: 'x',
        sendRaw: false,
      })
    )
    expect(link.headers).toEqual([{ name: 'A', value: '1', enabled: true }])
    expect(link.raw).toBeUndefined()
  })
})

describe('draftFromImport', () => {
  test('opens in Browser mode when fetch can send everything', () => {
    const draft = draftFromImport(
      httpRequest({
        method: 'POST',
        path: '/p',
        query: 'a=1',
        headers: [['Content-Type', 'text/plain']],
        body: utf8('hi'),
      })
    )
    expect(idless(draft)).toMatchObject({
      method: 'POST',
      path: '/p',
      queryMode: 'table',
      queryRows: [{ name: 'a', value: '1', enabled: true }],
      headers: [{ name: 'Content-Type', value: 'text/plain', enabled: true }],
      body: 'hi',
      mode: 'browser',
    })
  })

  test('opens in Exact mode when fetch would refuse a header, and keeps odd queries raw', () => {
    const draft = draftFromImport(httpRequest({ query: 'a=%zz&&', headers: [['Cookie', 'a=1']] }))
    expect(draft).toMatchObject({ mode: 'exact', queryMode: 'raw', rawQuery: 'a=%zz&&' })
  })
})

describe('requestFromDraft', () => {
  test('Browser mode: what fetch sends (headers merged, the body as UTF-8)', () => {
    const draft = makeDraft({
      method: 'post',
      path: '/p',
      queryRows: [makeRow('q', '1')],
      headers: [makeRow('X-A', '1'), makeRow('x-a', '2'), makeRow('Host', 'no')],
      body: 'é',
    })
    const { request, notes } = requestFromDraft(draft, ORIGIN)
    expect({ ...request, body: [...request.body] }).toEqual({
      method: 'POST',
      path: '/p',
      query: 'q=1',
      headers: [['X-A', '1, 2']],
      body: [0xc3, 0xa9],
    })
    expect(notes[0]).toMatch(/browser adds headers of its own/)
  })

  test('Exact mode: the relay’s request, header values as typed', () => {
    const draft = makeDraft({
      path: '/c',
      headers: [makeRow('X-N', 'café'), makeRow('x-n', 'b')],
      mode: 'exact',
      httpVersion: '1.0',
    })
    expect(requestFromDraft(draft, ORIGIN).request).toMatchObject({
      path: '/c',
      headers: [
        ['X-N', 'café'],
        ['x-n', 'b'],
      ],
      httpVersion: '1.0',
    })
  })

  test('Exact mode, Raw tab: its bytes read as a request', () => {
    const draft = makeDraft({ mode: 'exact', raw: 'PUT /r HTTP/1.1\nX: y\n\nbody', sendRaw: true })
    const { request } = requestFromDraft(draft, ORIGIN)
    expect({ ...request, body: new TextDecoder().decode(request.body) }).toMatchObject({
      method: 'PUT',
      path: '/r',
      headers: [['X', 'y']],
      body: 'body',
    })
  })

  test('a captured request as it arrived, with notes on what the capture lost', () => {
    const record = {
      method: 'POST',
      target: '/up?x=1',
      httpVersion: '1.0',
      headers: [['Authorization', '[redacted]']],
      body: { size: 10, sha256: '', bytes: Uint8Array.of(0, 1), truncated: true },
      redacted: ['Authorization'],
    } as unknown as CapturedRecord
    const { request, notes } = requestFromRecord(record)
    expect(request).toMatchObject({ method: 'POST', path: '/up', query: 'x=1', httpVersion: '1.0' })
    expect(notes.join(' ')).toMatch(/first 2 of 10 body bytes.*redacted Authorization/)
  })
})

describe('key reference', () => {
  test('every documented key is in exactly one group, in reference order', () => {
    const keys = keyReference().flatMap((group) => group.entries.map((doc) => doc.key))
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toContain('PATH_INFO')
    expect(keys).toContain('wsgi.url_scheme')
    expect(keys).toContain('HTTP_*')
  })

  test('filters on every word, in the key or its text', () => {
    const keys = (filter: string) =>
      keyReference(filter).flatMap((g) => g.entries.map((d) => d.key))
    expect(keys('path_info')).toContain('PATH_INFO')
    expect(keys('latin-1 percent')).toContain('PATH_INFO')
    expect(keys('no such words here')).toEqual([])
  })

  test('names the profiles that set a key', () => {
    expect(settingProfiles(findKeyDoc('PATH_INFO') ?? ({} as never))).toEqual(ALL_PROFILES)
    expect(settingProfiles(findKeyDoc('RAW_URI') ?? ({} as never))).not.toContain('wsgiref')
  })

  test('finds a key’s value, a family’s members, and OS copies in an environ', () => {
    const environ = {
      HOME: '/root',
      SERVER_NAME: 'h',
      PATH_INFO: '/x',
      HTTP_HOST: 'h',
      HTTP_X_A: '1',
      HTTP_X_B: '2',
    }
    const doc = (key: string) => findKeyDoc(key) ?? ({} as never)
    expect(liveValues(doc('PATH_INFO'), environ, 'wsgiref')).toEqual([['PATH_INFO', '/x']])
    expect(liveValues(doc('HTTP_*'), environ, 'wsgiref')).toEqual([
      ['HTTP_X_A', '1'],
      ['HTTP_X_B', '2'],
    ])
    expect(liveValues(doc('(os.environ)'), environ, 'wsgiref')).toEqual([['HOME', '/root']])
    expect(liveValues(doc('RAW_URI'), environ, 'wsgiref')).toEqual([])
  })
})

describe('the guided tour', () => {
  test.each(TOUR.map((step, index) => [index + 1, step] as const))(
    'step %i is a valid link',
    async (_n, step) => {
      const encoded = await encodeLink(step.show)
      expect(encoded.ok).toBe(true)
      if (encoded.ok)
        expect(await decodeLink(encoded.fragment)).toEqual({
          ok: true,
          state: step.show,
          warnings: [],
        })
    }
  )

  test('covers inspect, proxy and capture, and selects only documented keys', () => {
    const views = TOUR.map((step) => step.show.view)
    expect(views).toEqual(expect.arrayContaining(['inspect', 'proxy', 'live', 'keys']))
    for (const step of TOUR) {
      const key = step.show.key
      if (key)
        expect(
          keyReference().some((g) =>
            g.entries.some(
              (d) => d.key === key || (d.key.endsWith('*') && key.startsWith(d.key.slice(0, -1)))
            )
          )
        ).toBe(true)
    }
    expect(TOUR.find((step) => step.command)?.command?.(ORIGIN)).toBe(
      `curl -d 'hello from the terminal' ${ORIGIN}/from-the-terminal`
    )
  })
})
