import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  libraryChangesTarget,
  toHttpx,
  toRequests,
  toWerkzeugFixture,
} from '../../../web/logic/export-python.ts'
import { type HttpRequest, httpRequest } from '../../../web/logic/http-request.ts'
import { importRaw } from '../../../web/logic/import-raw.ts'
import { pyBytes, pyStr } from '../../../web/logic/py-literals.ts'
import { findPythonWith } from '../../helpers/python-modules.ts'
import { type RequestCapture, startRequestCapture } from '../../helpers/request-capture.ts'
import { ALL_BYTES, REQUESTS } from './requests.ts'

const run = promisify(execFile)
const ORIGIN = 'http://127.0.0.1:8000'
const dir = mkdtempSync(join(tmpdir(), 'ei-python-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const werkzeug = await findPythonWith(['werkzeug'])
const clients = await findPythonWith(['requests', 'httpx'])
const python = await findPythonWith([])

/** Run Python code; return its stdout. */
async function py(interpreter: string, code: string, ...args: string[]): Promise<string> {
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.py`)
  writeFileSync(file, code)
  const { stdout } = await run(interpreter, [file, ...args], {
    env: { PYTHONIOENCODING: 'utf-8', PATH: process.env.PATH },
  })
  return stdout
}

describe.skipIf('skipped' in python)('Python literals mean what they say', () => {
  const interpreter = 'python' in python ? python.python : 'python3'
  const texts = [
    'plain',
    "it's",
    'both \' and "',
    'tab\tcr\rlf\nnul\0',
    'é ✓ 𝄞',
    '\u0085\u00a0\u200b\u202e',
    '\\x41',
    '\ud800',
  ]
  test('str literals', async () => {
    const code = `import json, sys\nvalues = [${texts.map(pyStr).join(', ')}]\nprint(json.dumps([[ord(c) for c in v] for v in values]))`
    const codes = texts.map((t) =>
      [...t].flatMap((c) =>
        c.length === 2 ? [c.codePointAt(0)] : [...c].map((u) => u.charCodeAt(0))
      )
    )
    expect(JSON.parse(await py(interpreter, code))).toEqual(codes)
  })

  test('bytes literals, and that they read like repr()', async () => {
    const values = [ALL_BYTES, Uint8Array.of(0x27), Uint8Array.of(0x27, 0x22), new Uint8Array()]
    const code = `import json\nvalues = [${values.map(pyBytes).join(', ')}]\nprint(json.dumps([[list(v), repr(v)] for v in values]))`
    const out = JSON.parse(await py(interpreter, code)) as Array<[number[], string]>
    out.forEach(([bytes, repr], i) => {
      expect(bytes).toEqual([...(values[i] ?? [])])
      expect(pyBytes(values[i] ?? new Uint8Array())).toBe(repr)
    })
  })
})

/** What Werkzeug's EnvironBuilder should make of the request. */
function expectedEnviron(request: HttpRequest): Record<string, string> {
  const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1')
  const pathBytes = Buffer.from(decodeURIComponentBytes(request.path))
  const want: Record<string, string> = {
    REQUEST_METHOD: request.method,
    PATH_INFO: pathBytes.toString('latin1'),
    QUERY_STRING: request.query,
    SERVER_PROTOCOL: `HTTP/${request.httpVersion ?? '1.1'}`,
    HTTP_HOST: '127.0.0.1:8000',
    _body: Buffer.from(request.body).toString('hex'),
  }
  const joined = new Map<string, string[]>()
  for (const [name, value] of request.headers) {
    const key = name.toUpperCase().replaceAll('-', '_')
    if (key === 'CONTENT_TYPE') want.CONTENT_TYPE = latin1(value)
    else if (key !== 'CONTENT_LENGTH')
      joined.set(`HTTP_${key}`, [...(joined.get(`HTTP_${key}`) ?? []), latin1(value)])
  }
  for (const [key, values] of joined) want[key] = values.join(', ')
  if (request.body.length > 0) want.CONTENT_LENGTH = String(request.body.length)
  return want
}

/** Percent-decode to bytes (werkzeug's url_unquote), leaving malformed escapes as they are. */
function decodeURIComponentBytes(text: string): number[] {
  const out: number[] = []
  const bytes = Buffer.from(text, 'utf8')
  for (let i = 0; i < bytes.length; i++) {
    const hex = bytes.subarray(i + 1, i + 3).toString('latin1')
    if (bytes[i] === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(Number.parseInt(hex, 16))
      i += 2
    } else out.push(bytes[i] as number)
  }
  return out
}

const DRIVER = `
import importlib.util, json, sys, types
pytest = types.ModuleType('pytest')
pytest.fixture = lambda f: f
sys.modules['pytest'] = pytest
spec = importlib.util.spec_from_file_location('fixture', sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
environ = next(module.environ())
module.test_environ(environ)
out = {k: v for k, v in environ.items() if isinstance(v, str)}
out['_body'] = environ['wsgi.input'].read().hex()
print(json.dumps(out))
`

describe.skipIf('skipped' in werkzeug)('toWerkzeugFixture builds the environ with Werkzeug', () => {
  const interpreter = 'python' in werkzeug ? werkzeug.python : 'python3'
  test.each(REQUESTS)('$name', async ({ request }) => {
    const fixture = join(dir, `fixture-${Math.random().toString(36).slice(2)}.py`)
    writeFileSync(fixture, toWerkzeugFixture(request, { origin: ORIGIN }))
    const environ = JSON.parse(await py(interpreter, DRIVER, fixture)) as Record<string, string>
    const want = expectedEnviron(request)
    if (request.headers.some(([n]) => n.toLowerCase() === 'host')) delete want.HTTP_HOST
    expect(environ).toMatchObject(want)
    for (const key of Object.keys(environ).filter(
      (k) => k.startsWith('HTTP_') && k !== 'HTTP_HOST'
    ))
      expect(want, `${key} is not in the request`).toHaveProperty(key)
  })
})

describe('toRequests and toHttpx', () => {
  test('write bodies as bytes and non-ASCII header values encoded', () => {
    const request = httpRequest({
      method: 'POST',
      path: '/x',
      headers: [
        ['X-Name', 'café'],
        ['X-Dup', 'a'],
        ['X-Dup', 'b'],
      ],
      body: new TextEncoder().encode('naïve'),
    })
    const code = toRequests(request, { origin: ORIGIN })
    expect(code).toContain("'X-Name': 'café'.encode(),")
    expect(code).toContain("'X-Dup': 'a, b',")
    expect(code).toContain("data='naïve'.encode(),")
    expect(code).toContain('joined with ", "')
    const httpx = toHttpx(request, { origin: ORIGIN })
    expect(httpx).toContain("        ('X-Dup', 'a'),\n        ('X-Dup', 'b'),\n    ],")
    expect(httpx).toContain("content='naïve'.encode(),")
  })
})

// The exported code runs with the real libraries and sends to a capture server; the bytes on
// the wire must be the request, apart from what each library adds or cannot do (noted in the
// code's comments, and checked here to be so).
describe.skipIf('skipped' in clients)('the exported code sends the request', () => {
  const interpreter = 'python' in clients ? clients.python : 'python3'
  let capture: RequestCapture
  beforeAll(async () => {
    capture = await startRequestCapture()
  })
  afterAll(() => capture.close())

  const own = ['host', 'user-agent', 'accept', 'accept-encoding', 'connection', 'content-length']
  const cases = REQUESTS.flatMap(({ name, request }) => [
    { name, library: 'requests', request },
    { name, library: 'httpx', request },
  ])
  test.each(cases)('$library: $name', async ({ library, request }) => {
    const origin = `http://127.0.0.1:${capture.port}`
    const code =
      library === 'requests' ? toRequests(request, { origin }) : toHttpx(request, { origin })
    const [, wire] = await Promise.all([py(interpreter, code), capture.next()])
    const sent = importRaw(new Uint8Array(wire))
    if (!sent.ok) throw new Error(sent.error)
    const theirs = sent.value.request
    const has = (name: string) => request.headers.some(([n]) => n.toLowerCase() === name)
    const merged = library === 'requests' ? mergeHeaders(request.headers) : request.headers
    // a target the library rewrites is said so in the code, and checked no further
    const changed = libraryChangesTarget(request)
    expect(code.includes('reaches the server changed')).toBe(changed)
    expect({
      method: theirs.method,
      target: changed ? 'changed' : `${theirs.path}?${theirs.query}`,
      headers: theirs.headers.filter(
        ([n]) => !own.includes(n.toLowerCase()) || has(n.toLowerCase())
      ),
      body: Buffer.from(theirs.body).toString('hex'),
    }).toEqual({
      method: request.method,
      target: changed ? 'changed' : `${request.path}?${request.query}`,
      headers: merged,
      body: Buffer.from(request.body).toString('hex'),
    })
  })
})

function mergeHeaders(headers: HttpRequest['headers']): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const [name, value] of headers) {
    const entry = out.find(([n]) => n.toLowerCase() === name.toLowerCase())
    if (entry) entry[1] = `${entry[1]}, ${value}`
    else out.push([name, value])
  }
  return out
}
