import { describe, expect, test } from 'vitest'
import { base64ToBytes, bytesToBase64Url } from '../../../web/logic/byte-codecs.ts'
import type { HttpRequest } from '../../../web/logic/http-request.ts'
import {
  decodeLink,
  encodeLink,
  type LinkRequest,
  type LinkState,
  MAX_LINK_CHARS,
  viewOf,
} from '../../../web/logic/link-codec.ts'
import { ALL_BYTES, REQUESTS } from './requests.ts'

const utf8 = (text: string) => new TextEncoder().encode(text)

function linkRequest(request: HttpRequest, extra: Partial<LinkRequest> = {}): LinkRequest {
  return {
    method: request.method,
    path: request.path,
    query: request.query,
    queryMode: 'table',
    headers: request.headers.map(([name, value]) => ({ name, value, enabled: true })),
    body: request.body,
    mode: 'browser',
    httpVersion: request.httpVersion ?? '1.1',
    ...extra,
  }
}

async function encoded(state: LinkState): Promise<string> {
  const result = await encodeLink(state)
  if (!result.ok) throw new Error(result.error)
  return result.fragment
}

async function roundTrip(state: LinkState) {
  return decodeLink(await encoded(state))
}

/** Run bytes through a (de)compression stream. */
async function through(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream)
  return new Uint8Array(await new Response(out).arrayBuffer())
}

/** The JSON inside a fragment's r= parameter. */
async function payloadJson(fragment: string): Promise<Record<string, unknown>> {
  const r = new URLSearchParams(fragment.slice(fragment.indexOf('?') + 1)).get('r') ?? ''
  const bytes = base64ToBytes(r.slice(r.indexOf('.') + 1))
  if (!bytes.ok) throw new Error(bytes.error)
  const json = r.startsWith('1z.')
    ? await through(bytes.value, new DecompressionStream('deflate-raw'))
    : bytes.value
  return JSON.parse(new TextDecoder().decode(json))
}

const README = linkRequest(REQUESTS[0]?.request as HttpRequest)
const TYPICAL = linkRequest(REQUESTS[0]?.request as HttpRequest, {
  method: 'POST',
  path: '/api/items',
  query: '',
  headers: [{ name: 'Content-Type', value: 'application/json', enabled: true }],
  body: utf8('{"name": "widget", "qty": 2}'),
})

describe('link round trips', () => {
  test.each(REQUESTS)('$name', async ({ request }) => {
    const state: LinkState = { view: 'inspect', request: linkRequest(request) }
    expect(await roundTrip(state)).toEqual({ ok: true, state, warnings: [] })
  })

  test('everything a link can carry', async () => {
    const state: LinkState = {
      view: 'inspect',
      request: linkRequest(REQUESTS[3]?.request as HttpRequest, {
        queryMode: 'raw',
        query: 'a=%zz&&b',
        headers: [
          { name: 'X-On', value: 'yes', enabled: true },
          { name: 'X-Off', value: 'no', enabled: false },
        ],
        mode: 'exact',
        httpVersion: '1.0',
        raw: 'GET / HTTP/1.0\\r\\n\n',
      }),
      tab: 'profiles',
      profile: 'gunicorn',
      key: 'HTTP_X_ON',
      send: true,
    }
    expect(await roundTrip(state)).toEqual({ ok: true, state, warnings: [] })
  })

  test.each([
    [{ view: 'live' }, '#/live'],
    [{ view: 'proxy' }, '#/proxy'],
    [{ view: 'keys', key: 'PATH_INFO' }, '#/keys?key=PATH_INFO'],
    [{ view: 'keys', key: 'wsgi.url_scheme' }, '#/keys?key=wsgi.url_scheme'],
    [{ view: 'inspect' }, '#/'],
  ] as const)('%j is %s', async (state, fragment) => {
    expect(await encoded(state)).toBe(fragment)
    expect(await decodeLink(fragment)).toEqual({ ok: true, state, warnings: [] })
  })
})

describe('links stay short', () => {
  test('the README example is under 60 characters', async () => {
    const fragment = await encoded({ view: 'inspect', request: README })
    expect(fragment).toBe(`#/?r=1.${bytesToBase64Url(utf8('{"p":"/foo/bar","q":"baz=bat"}'))}`)
    expect(fragment.length).toBeLessThan(60)
  })

  test('a typical JSON POST is under 160 characters', async () => {
    const fragment = await encoded({ view: 'inspect', request: TYPICAL, send: true })
    expect(fragment.length).toBeLessThan(160)
  })

  test.each([
    ['a small request', TYPICAL],
    ['the README example', README],
    [
      'a repetitive JSON body',
      {
        ...TYPICAL,
        body: utf8(
          JSON.stringify(Array.from({ length: 50 }, (_, i) => ({ id: i, name: 'widget' })))
        ),
      },
    ],
  ])('deflates %s only when that is shorter', async (_name, request) => {
    const fragment = await encoded({ view: 'inspect', request })
    const json = utf8(JSON.stringify(await payloadJson(fragment)))
    const plain = `1.${bytesToBase64Url(json)}`
    const zipped = `1z.${bytesToBase64Url(await through(json, new CompressionStream('deflate-raw')))}`
    expect(fragment).toBe(
      `#/?r=${zipped.length < plain.length && json.length > 64 ? zipped : plain}`
    )
    expect(await decodeLink(fragment)).toEqual({
      ok: true,
      state: { view: 'inspect', request },
      warnings: [],
    })
  })

  test('refuses a request too large for a link, and says what to do instead', async () => {
    // random bytes do not deflate: 30,000 of them are 40,000 characters of base64
    const huge = { ...TYPICAL, body: crypto.getRandomValues(new Uint8Array(30_000)) }
    const result = await encodeLink({ view: 'inspect', request: huge })
    expect(result.ok).toBe(false)
    if (!result.ok)
      expect(result.error).toMatch(/links hold at most 32 KiB\. Export it as curl or HAR/)
  })
})

describe('links carry only what was composed', () => {
  test('fields that are not part of the request never go in', async () => {
    const secret = 'captured-secret-from-the-server'
    const request = {
      ...TYPICAL,
      environ: { HTTP_AUTHORIZATION: secret },
      response: { body: secret },
    } as LinkRequest
    const state = { view: 'live', request, environ: { X: secret }, captured: [secret] } as LinkState
    const fragment = await encoded(state)
    expect(Object.keys(await payloadJson(fragment)).sort()).toEqual(['b', 'h', 'm', 'p'])
    expect(JSON.stringify(await decodeLink(fragment))).not.toContain(secret)
  })

  test('binary bodies go in as base64, text bodies as text', async () => {
    const binary = await encoded({
      view: 'inspect',
      request: { ...README, body: ALL_BYTES.subarray(250) },
    })
    expect(await payloadJson(binary)).toMatchObject({
      B: bytesToBase64Url(ALL_BYTES.subarray(250)),
    })
    expect(await payloadJson(await encoded({ view: 'inspect', request: TYPICAL }))).toMatchObject({
      b: '{"name": "widget", "qty": 2}',
    })
  })
})

describe('decodeLink explains what is wrong', () => {
  const json = (value: unknown) => `#/?r=1.${bytesToBase64Url(utf8(JSON.stringify(value)))}`
  const cases = [
    {
      name: 'a newer version',
      fragment: '#/?r=2.e30',
      error: /newer environ-inspector \(link version 2/,
    },
    { name: 'an unknown old version', fragment: '#/?r=0.e30', error: /link version 0 is not one/ },
    { name: 'no version', fragment: '#/?r=e30', error: /no version/ },
    { name: 'cut base64', fragment: '#/?r=1.eyJw', error: /cut or changed/ },
    { name: 'not base64', fragment: '#/?r=1.e30!', error: /cut or changed/ },
    { name: 'not JSON', fragment: `#/?r=1.${bytesToBase64Url(utf8('{"p":'))}`, error: /not JSON/ },
    { name: 'a broken deflate stream', fragment: '#/?r=1z.AAAA', error: /does not inflate/ },
    {
      name: 'a field of the wrong type',
      fragment: json({ p: 3 }),
      error: /field "p" must be text/,
    },
    {
      name: 'a bad header row',
      fragment: json({ h: [['a']] }),
      error: /header 1 must be \[name, value\]/,
    },
    { name: 'headers not a list', fragment: json({ h: 'x' }), error: /field "h" must be a list/ },
    {
      name: 'a method that is no token',
      fragment: json({ m: 'GE T' }),
      error: /method is not a token/,
    },
    { name: 'a bad version', fragment: json({ v: 'x' }), error: /HTTP version/ },
    { name: 'an array', fragment: json([]), error: /not an object/ },
    { name: 'a flag that is not 1', fragment: json({ x: true }), error: /field "x" must be 1/ },
  ]
  test.each(cases)('$name', async ({ fragment, error }) => {
    const result = await decodeLink(fragment)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error).toMatch(/^The request in this link cannot be read: /)
      expect(result.error).toMatch(error)
      expect(result.view).toBe('inspect')
    }
  })

  test('a page that does not exist', async () => {
    expect(await decodeLink('#/nowhere?r=1.e30')).toEqual({
      ok: false,
      view: 'inspect',
      error: 'This link names a page that does not exist: "nowhere".',
    })
  })

  test('a link longer than the limit is refused before any decoding', async () => {
    const result = await decodeLink(`#/?r=1.${'A'.repeat(MAX_LINK_CHARS)}`)
    expect(result.ok || result.error).toMatch(/longer than 32 KiB/)
  })

  test('a small link that inflates to too much (a zip bomb) is refused', async () => {
    const zeros = new Uint8Array(1024 * 1024)
    const stream = new Blob([zeros]).stream().pipeThrough(new CompressionStream('deflate-raw'))
    const deflated = new Uint8Array(await new Response(stream).arrayBuffer())
    expect(deflated.length).toBeLessThan(MAX_LINK_CHARS)
    const result = await decodeLink(`#/?r=1z.${bytesToBase64Url(deflated)}`)
    expect(result.ok || result.error).toMatch(/larger than 256 KiB/)
  })

  test('ignores a bad key or profile, with a warning, and send without a request', async () => {
    expect(await decodeLink('#/?key=%00bad&profile=No%20Such&tab=x&send=1')).toEqual({
      ok: true,
      state: { view: 'inspect' },
      warnings: [
        'The key in this link was ignored.',
        'The profile in this link was ignored.',
        'The tab in this link was ignored.',
      ],
    })
  })

  test('viewOf reads the page with or without #', () => {
    expect(viewOf('#/live?x')).toBe('live')
    expect(viewOf('/keys')).toBe('keys')
    expect(viewOf('')).toBe('inspect')
    expect(viewOf('#/other')).toBeUndefined()
  })
})
