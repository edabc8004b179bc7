/**
 * @module
 * Body templates for the body editor: the Content-Type each sets and the text it starts with.
 */

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
