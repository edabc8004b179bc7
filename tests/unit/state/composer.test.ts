import { beforeEach, describe, expect, test } from 'vitest'
import { BODY_PRESETS } from '../../../web/logic/body-presets.ts'
import { PRESETS } from '../../../web/logic/presets.ts'
import { applyBodyPreset } from '../../../web/state/body-tab.ts'
import {
  draft,
  loadDraft,
  outgoing,
  rawQueryIsLossy,
  setBody,
  setHttpVersion,
  setMethod,
  setMode,
  setPath,
  setQueryMode,
  setRaw,
  setRawQuery,
  setSendRaw,
} from '../../../web/state/composer.ts'
import { applyRawPreset, exactPlan, rawFromForm } from '../../../web/state/exact-mode.ts'
import { makeDraft } from '../logic/drafts.ts'

const EMPTY = makeDraft()

beforeEach(() => {
  loadDraft(EMPTY)
})

describe('setPath', () => {
  test('moves a query that converts cleanly into the table', () => {
    setPath('/foo/bar?baz=bat')
    expect(draft.value.path).toBe('/foo/bar')
    expect(draft.value.queryMode).toBe('table')
    expect(draft.value.queryRows.map((r) => [r.name, r.value])).toEqual([['baz', 'bat']])
  })

  test('keeps a query that would change in raw mode, verbatim', () => {
    setPath('/s?q=a+b&bad=%zz')
    expect(draft.value).toMatchObject({ path: '/s', queryMode: 'raw', rawQuery: 'q=a+b&bad=%zz' })
    expect(outgoing.value.target).toBe('/s?q=a+b&bad=%zz')
  })
})

describe('query mode', () => {
  test('table → raw keeps the encoded string; lossy raw text is flagged', () => {
    setPath('/x?a=1')
    setQueryMode('raw')
    expect(draft.value.rawQuery).toBe('a=1')
    expect(rawQueryIsLossy.value).toBe(false)
    setRawQuery('a=%zz')
    expect(rawQueryIsLossy.value).toBe(true)
  })
})

describe('applyBodyPreset', () => {
  test('sets the Content-Type row and the template, and leaves GET for POST', () => {
    applyBodyPreset('json')
    expect(draft.value.method).toBe('POST')
    expect(draft.value.body).toBe(BODY_PRESETS.json.body)
    expect(outgoing.value.headers).toEqual([['Content-Type', 'application/json']])
  })

  test('replaces the existing Content-Type row instead of adding one', () => {
    applyBodyPreset('json')
    applyBodyPreset('form')
    expect(draft.value.headers).toHaveLength(1)
    expect(draft.value.body).toBe(BODY_PRESETS.form.body)
  })

  test('keeps a body the user wrote', () => {
    setMethod('PUT')
    draft.value = { ...draft.value, body: 'mine' }
    applyBodyPreset('text')
    expect(draft.value).toMatchObject({ method: 'PUT', body: 'mine' })
  })
})

describe('presets', () => {
  test.each(PRESETS.map((p) => [p.title, p] as const))('%s can be sent', (_title, preset) => {
    loadDraft(preset.build({ scriptName: '' }))
    expect(outgoing.value.problems).toEqual([])
  })

  test('the SCRIPT_NAME preset uses the server’s mount point', () => {
    const preset = PRESETS.find((p) => p.id === 'script-name')
    expect(preset?.build({ scriptName: '/mnt' }).path).toBe('/mnt/users/42')
  })

  test('loading gives rows fresh ids', () => {
    const preset = PRESETS.find((p) => p.id === 'proxy')
    const built = preset?.build({ scriptName: '' })
    if (!built) throw new Error('no proxy preset')
    loadDraft(built)
    expect(draft.value.headers[0]?.id).not.toBe(built.headers[0]?.id)
  })
})

describe('exact mode actions', () => {
  test('the mode and HTTP version are part of the draft', () => {
    setMode('exact')
    setHttpVersion('1.0')
    expect(draft.value).toMatchObject({ mode: 'exact', httpVersion: '1.0' })
    expect(exactPlan.value.request).toMatchObject({ httpVersion: '1.0', target: '/' })
    setMode('browser')
    expect(draft.value.httpVersion).toBe('1.0') // kept for the next switch back
  })

  test('editing the raw text, or picking a preset, makes it what is sent', () => {
    setMode('exact')
    setRaw('GET /r HTTP/1.1\n\n')
    expect(draft.value.sendRaw).toBe(true)
    expect(exactPlan.value).toMatchObject({ raw: true, target: '/r' })
    setSendRaw(false)
    expect(exactPlan.value.raw).toBe(false)
    applyRawPreset('two-lengths')
    expect(draft.value.raw).toMatch(/Content-Length: 3\nContent-Length: 5/)
    expect(draft.value.sendRaw).toBe(true)
  })

  test('"From the form" fills the Raw tab with the bytes the form would send', () => {
    setMode('exact')
    setMethod('POST')
    setBody('hi')
    rawFromForm()
    expect(draft.value.raw).toMatch(/^POST \/ HTTP\/1\.1\nHost: .+\nContent-Length: 2\n\nhi$/)
  })
})
