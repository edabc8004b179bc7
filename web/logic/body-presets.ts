/**
 * @module
 * Body templates for the body editor, and what applying one does to a draft. Loaded with
 * the Body tab.
 */
import type { Draft } from './request.ts'
import { makeRow, updateRow } from './rows.ts'

export type BodyKind = 'json' | 'form' | 'text' | 'multipart'

export const MULTIPART_BOUNDARY = '----environ-inspector-7MA4YWxk'

/** Body templates: the Content-Type they set and the text they start with. */
export const BODY_PRESETS: Readonly<
  Record<BodyKind, { readonly label: string; readonly type: string; readonly body: string }>
> = {
  json: {
    label: 'JSON',
    type: 'application/json',
    body: '{\n  "name": "Ada",\n  "languages": ["en", "fr"]\n}',
  },
  form: {
    label: 'Form',
    type: 'application/x-www-form-urlencoded',
    body: 'name=Ada+Lovelace&lang=en&lang=fr',
  },
  text: { label: 'Text', type: 'text/plain; charset=utf-8', body: 'Hello, WSGI!\n' },
  multipart: {
    label: 'Multipart',
    type: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`,
    body: [
      `--${MULTIPART_BOUNDARY}`,
      'Content-Disposition: form-data; name="name"',
      '',
      'Ada',
      `--${MULTIPART_BOUNDARY}`,
      'Content-Disposition: form-data; name="file"; filename="notes.txt"',
      'Content-Type: text/plain',
      '',
      'first line',
      `--${MULTIPART_BOUNDARY}--`,
      '',
    ].join('\n'),
  },
}

const TEMPLATES = new Set(Object.values(BODY_PRESETS).map((preset) => preset.body))

/**
 * Return `current` with a body preset applied: the Content-Type row set (or replaced) and,
 * unless the user has written their own body, the template text.
 */
export function withBodyPreset(current: Draft, kind: BodyKind): Draft {
  const preset = BODY_PRESETS[kind]
  const typeRow = current.headers.find((row) => row.name.toLowerCase() === 'content-type')
  const headers = typeRow
    ? updateRow(current.headers, typeRow.id, { value: preset.type, enabled: true })
    : [...current.headers, makeRow('Content-Type', preset.type)]
  // bytes are never a template; they are kept like any body the user wrote
  const keepBody =
    typeof current.body !== 'string' || (current.body !== '' && !TEMPLATES.has(current.body))
  const method = current.method === 'GET' || current.method === 'HEAD' ? 'POST' : current.method
  return { ...current, headers, body: keepBody ? current.body : preset.body, method }
}
