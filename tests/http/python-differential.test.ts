/**
 * Differential test against CPython's own wsgiref: the same raw bytes go to
 * `wsgiref.simple_server` running the reference `return_environ` app and to our server in
 * the wsgiref profile; the JSON must be equal key by key, in key order.
 *
 * Both servers see the same "OS environment": Python runs with a scrubbed one, and ours is
 * given exactly the map wsgiref copies (what `--os-environ` does with our own environment).
 * Masked values, each genuinely process-specific:
 * - SERVER_PORT: each server listens on its own port;
 * - wsgi.input: `<_io.BufferedReader name=N>` names the accepted socket's file descriptor,
 *   which depends on what else the process has open.
 * Requests Node's parser refuses or where we knowingly differ are listed in
 * tests/corpus/divergences.ts with their reasons; they are not sent here.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildServer } from '../../server/app.ts'
import { corpus, DEVIATIONS, PARSER_REFUSES } from '../corpus/divergences.ts'
import { type PythonServer, startPythonWsgiref } from '../helpers/python-wsgiref.ts'
import { type RawTarget, sendRaw } from '../helpers/raw-http.ts'

const MASKED: Record<string, (value: string) => string> = {
  SERVER_PORT: () => '<the port of each server>',
  'wsgi.input': (value) => value.replace(/name=\d+>/, 'name=<fd>>'),
}

/** Requests beyond the spec's corpus that the issue names, plus a few more. */
const EXTRA: Array<{ name: string; request: string }> = [
  {
    name: 'the original example',
    request:
      'GET /foo/bar?baz=bat HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n',
  },
  { name: 'a double-slashed path', request: 'GET //double//slash HTTP/1.1\r\nHost: x\r\n\r\n' },
  { name: 'an invalid escape', request: 'GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n' },
  { name: 'a NUL escape', request: 'GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n' },
  { name: 'a 6 KB path', request: `GET /${'a'.repeat(6000)} HTTP/1.1\r\nHost: x\r\n\r\n` },
  {
    name: 'PROPFIND with a body',
    request: 'PROPFIND /dav HTTP/1.1\r\nHost: x\r\nDepth: 1\r\nContent-Length: 3\r\n\r\nabc',
  },
  {
    name: 'a JSON POST',
    request:
      'POST /api?x=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n{"a": 1}',
  },
  {
    name: '99 header fields',
    request: `GET / HTTP/1.1\r\n${Array.from({ length: 99 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')}\r\n`,
  },
  {
    name: 'a header that collides with a copied OS variable',
    request: 'GET / HTTP/1.1\r\nHost: x\r\nLang: fr\r\n\r\n',
  },
  {
    name: 'HTTP/1.0 with an absolute-form target',
    request: 'GET http://h.example/p?q HTTP/1.0\r\n\r\n',
  },
]

let python: PythonServer | undefined
let skipped = ''
let ours: RawTarget = { host: '127.0.0.1', port: 0 }
let closeOurs: () => Promise<void> = async () => {}

beforeAll(async () => {
  const started = await startPythonWsgiref()
  if ('skipped' in started) {
    skipped = started.skipped
    return
  }
  python = started
  const server = await buildServer({
    host: '127.0.0.1',
    profile: 'wsgiref',
    app: 'echo',
    scriptName: '',
    osEnviron: python.osEnviron,
    maxBody: 1 << 20,
    maxHeaderSize: 16 * 1024,
    debug: false,
  })
  await server.listen({ host: '127.0.0.1', port: 0 })
  ours = { host: '127.0.0.1', port: (server.server.address() as { port: number }).port }
  closeOurs = () => server.close()
}, 30_000)

afterAll(async () => {
  await closeOurs()
  await python?.close()
})

const sent = [
  ...corpus
    .filter((c) => !PARSER_REFUSES[c.id] && !DEVIATIONS[c.id]?.profiles.includes('wsgiref'))
    .map((c) => ({
      name: `${c.id} ${c.name}`,
      request: Buffer.from(c.request, 'base64').toString('latin1'),
    })),
  ...EXTRA,
]

function normalise(body: string): Array<[string, string]> {
  const environ = JSON.parse(body) as Record<string, string>
  return Object.entries(environ).map(([key, value]) => [key, MASKED[key]?.(value) ?? value])
}

describe('our wsgiref profile equals CPython wsgiref on the same bytes', () => {
  test('python3 is available, or the reason it is not', (ctx) => {
    if (skipped) ctx.skip(`differential test skipped: ${skipped}`)
    expect(python?.pythonVersion).toMatch(/^3\./)
  })

  test.for(sent)('$name', async ({ request }, ctx) => {
    if (!python) return ctx.skip(`differential test skipped: ${skipped}`)
    const [theirs, mine] = await Promise.all([
      sendRaw({ host: python.host, port: python.port }, request, { timeoutMs: 3000 }),
      sendRaw(ours, request, { timeoutMs: 3000 }),
    ])
    expect(mine.status).toBe(theirs.status)
    if (theirs.status !== 200) return
    expect(normalise(mine.body.toString('latin1'))).toEqual(
      normalise(theirs.body.toString('latin1'))
    )
    // apart from the masked values the bodies are the same bytes: Python's json.dumps format
    const unmask = (text: string) =>
      text.replace(/"SERVER_PORT": "\d+"/, '').replace(/name=\d+>/, '')
    expect(unmask(mine.body.toString('latin1'))).toBe(unmask(theirs.body.toString('latin1')))
  })
})
