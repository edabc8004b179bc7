// Requests that exporters and the link codec must carry exactly, shared by their round-trip tests.
import { type HttpRequest, httpRequest } from '../../../web/logic/http-request.ts'

const utf8 = (text: string) => new TextEncoder().encode(text)

/** Every byte value, 0 to 255: a body only bytes can hold. */
export const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i)

export const REQUESTS: ReadonlyArray<{ readonly name: string; readonly request: HttpRequest }> = [
  { name: 'the README example', request: httpRequest({ path: '/foo/bar', query: 'baz=bat' }) },
  {
    name: 'JSON with a quote, a backslash and non-ASCII',
    request: httpRequest({
      method: 'POST',
      path: '/api/items',
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Note', "it's \\ café"],
      ],
      body: utf8(`{"name": "it's a \\"widget\\"", "city": "Zürich", "emoji": "✓"}`),
    }),
  },
  {
    name: 'a binary body of every byte',
    request: httpRequest({
      method: 'PUT',
      path: '/upload/blob.bin',
      headers: [['Content-Type', 'application/octet-stream']],
      body: ALL_BYTES,
    }),
  },
  {
    name: 'repeated headers, an empty value, odd case',
    request: httpRequest({
      method: 'GET',
      path: '/h',
      headers: [
        ['X-Dup', 'one'],
        ['x-dup', 'two'],
        ['X-Empty', ''],
        ['x-MiXeD', 'v'],
      ],
    }),
  },
  {
    name: 'a path and query with escapes and dot segments',
    request: httpRequest({ path: '/a/../caf%C3%A9/./%2F', query: 'q=a+b&r=%zz&s=[1]&t={x}' }),
  },
  {
    name: 'control characters: CR LF tab NUL, ESC and C1 in the body',
    request: httpRequest({
      method: 'POST',
      path: '/ctl',
      headers: [['Content-Type', 'text/plain']],
      body: utf8('line1\r\nline2\ttab\0nul\x1b[31mred\u0085next\u202eevil'),
    }),
  },
  {
    name: 'control characters in a header value (ESC, C1, bidi)',
    request: httpRequest({
      method: 'GET',
      path: '/hc',
      headers: [['X-Ctl', 'a\x1bb\u0085c\u202ed']],
    }),
  },
  {
    name: 'a body that starts with @ and holds %',
    request: httpRequest({ method: 'PATCH', path: '/at', body: utf8('@file 100% sure') }),
  },
  {
    name: 'HTTP/1.0 and a Host header',
    request: httpRequest({
      method: 'DELETE',
      path: '/old',
      headers: [['Host', 'example.test']],
      httpVersion: '1.0',
    }),
  },
  {
    name: 'a custom method with a body',
    request: httpRequest({ method: 'PURGE', path: '/cache', body: utf8('x=1') }),
  },
  { name: 'a GET with a body', request: httpRequest({ path: '/get', body: utf8('{}') }) },
  { name: 'a HEAD', request: httpRequest({ method: 'HEAD', path: '/head' }) },
]
