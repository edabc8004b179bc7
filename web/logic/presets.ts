/**
 * @module
 * Requests that teach one thing each, listed in the examples drawer (and loaded with it).
 */
import { type Draft, originalExample } from './request.ts'
import { type KeyValueRow, makeRow } from './rows.ts'

export interface Preset {
  readonly id: string
  readonly title: string
  /** One or two sentences: what to look at in the environ after sending it. */
  readonly lesson: string
  readonly build: (context: { readonly scriptName: string }) => Draft
}

function draft(partial: Partial<Draft> & Pick<Draft, 'method' | 'path'>): Draft {
  return { queryMode: 'table', queryRows: [], rawQuery: '', headers: [], body: '', ...partial }
}

function rows(pairs: ReadonlyArray<readonly [string, string]>): KeyValueRow[] {
  return pairs.map(([name, value]) => makeRow(name, value))
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'original',
    title: 'The original example',
    lesson: 'The path lands in PATH_INFO, everything after "?" in QUERY_STRING, untouched.',
    build: originalExample,
  },
  {
    id: 'utf8-path',
    title: 'UTF-8 in the path',
    lesson:
      'The browser sends /caf%C3%A9; the server decodes the bytes as latin-1, so PATH_INFO reads "cafÃ©".',
    build: () => draft({ method: 'GET', path: '/café/menü' }),
  },
  {
    id: 'raw-query',
    title: 'A query string left raw',
    lesson: 'QUERY_STRING is never decoded: %zz, + and empty pieces arrive exactly as typed.',
    build: () =>
      draft({ method: 'GET', path: '/search', queryMode: 'raw', rawQuery: 'q=a+b&bad=%zz&&flag' }),
  },
  {
    id: 'duplicate-headers',
    title: 'Duplicate headers',
    lesson:
      'fetch() merges repeated names into one line with ", "; the environ has one HTTP_X_TAG key.',
    build: () =>
      draft({
        method: 'GET',
        path: '/dup',
        headers: rows([
          ['X-Tag', 'one'],
          ['X-Tag', 'two'],
          ['x-tag', 'three'],
        ]),
      }),
  },
  {
    id: 'form-post',
    title: 'Form POST',
    lesson:
      'CONTENT_TYPE and CONTENT_LENGTH carry no HTTP_ prefix; the body itself is only in wsgi.input.',
    build: () =>
      draft({
        method: 'POST',
        path: '/login',
        headers: rows([['Content-Type', 'application/x-www-form-urlencoded']]),
        body: 'user=ada&password=hunter2&note=caf%C3%A9+au+lait',
      }),
  },
  {
    id: 'proxy',
    title: 'Behind a proxy',
    lesson:
      'Proxy headers are just HTTP_* keys: REMOTE_ADDR and wsgi.url_scheme stay put unless a middleware such as ProxyFix trusts them.',
    build: () =>
      draft({
        method: 'GET',
        path: '/account',
        headers: rows([
          ['X-Forwarded-For', '203.0.113.7, 10.0.0.2'],
          ['X-Forwarded-Proto', 'https'],
          ['X-Forwarded-Host', 'shop.example'],
          ['X-Forwarded-Port', '443'],
          ['X-Forwarded-Prefix', '/shop'],
          ['Forwarded', 'for=203.0.113.7;proto=https;host=shop.example'],
        ]),
      }),
  },
  {
    id: 'script-name',
    title: 'Mounted under SCRIPT_NAME',
    lesson:
      'When the app is mounted at a prefix, the server moves it from PATH_INFO to SCRIPT_NAME. On a server that is --script-name /app; here Exact mode mounts it for this one request.',
    build: ({ scriptName }) =>
      draft({
        method: 'GET',
        path: `${scriptName || '/app'}/users/42`,
        headers: [],
        mode: 'exact',
        // the server's own mount point when it has one, else one for this send
        ...(scriptName ? {} : { scriptName: '/app' }),
      }),
  },
]
