import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { HttpRequest } from '../../../web/logic/http-request.ts'
import { importCurl } from '../../../web/logic/import-curl.ts'
import { importRaw } from '../../../web/logic/import-raw.ts'
import { type RequestCapture, sentBy, startRequestCapture } from '../../helpers/request-capture.ts'

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')

function imported(command: string) {
  const result = importCurl(command)
  if (!result.ok) throw new Error(result.error)
  return result.value
}

/** The request as plain data, the body as a binary string, for toEqual. */
function plain(request: HttpRequest) {
  return { ...request, body: text(request.body) }
}

describe('importCurl: what browsers copy', () => {
  test('Chrome, bash', () => {
    const value = imported(String.raw`curl 'https://shop.example/api/cart?id=7' \
  -H 'accept: application/json' \
  -H 'accept-language: en-GB,en;q=0.9' \
  -H 'content-type: application/json' \
  -b 'session=abc123; theme=dark' \
  -H 'origin: https://shop.example' \
  -H 'priority: u=1, i' \
  -H 'sec-ch-ua: "Chromium";v="136", "Not.A/Brand";v="99"' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \
  --data-raw $'{"note":"it\'s \u00e9t\u00e9\u0021","qty":2}'`)
    expect(plain(value.request)).toEqual({
      method: 'POST',
      path: '/api/cart',
      query: 'id=7',
      headers: [
        ['accept', 'application/json'],
        ['accept-language', 'en-GB,en;q=0.9'],
        ['content-type', 'application/json'],
        ['Cookie', 'session=abc123; theme=dark'],
        ['origin', 'https://shop.example'],
        ['priority', 'u=1, i'],
        ['sec-ch-ua', '"Chromium";v="136", "Not.A/Brand";v="99"'],
        ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64)'],
      ],
      body: Buffer.from(`{"note":"it's été!","qty":2}`).toString('latin1'),
    })
    expect(value.origin).toBe('https://shop.example')
    expect(value.dropped).toEqual([])
  })

  test('Chrome, bash, a GET with --compressed and an escaped [ in the URL', () => {
    const value = imported(String.raw`curl 'https://example.com/list?f\[0\]=a' \
  -H 'accept: */*' \
  --compressed`)
    expect(value.request.query).toBe('f[0]=a')
    expect(value.request.headers).toEqual([
      ['accept', '*/*'],
      ['Accept-Encoding', 'deflate, gzip, br, zstd'],
    ])
    expect(value.request.method).toBe('GET')
  })

  test('Firefox, bash: -X, headers, \\x escapes and an empty header', () => {
    const value = imported(String.raw`curl 'http://localhost:8000/upload' \
  -X PUT \
  -H 'User-Agent: Mozilla/5.0 Firefox/140.0' \
  -H 'X-Empty;' \
  -H 'Content-Type: text/plain' \
  --data-raw $'caf\xc3\xa9 \041'`)
    expect(plain(value.request)).toMatchObject({
      method: 'PUT',
      path: '/upload',
      headers: [
        ['User-Agent', 'Mozilla/5.0 Firefox/140.0'],
        ['X-Empty', ''],
        ['Content-Type', 'text/plain'],
      ],
      body: Buffer.from('café !').toString('latin1'),
    })
  })

  test('Chrome, cmd', () => {
    const value = imported(
      [
        'curl ^"https://example.com/api?a=1^&b=2^" ^',
        '  -H ^"accept: */*^" ^',
        '  -H ^"content-type: application/json^" ^',
        '  --data-raw ^"^{^\\^"a^\\^":^\\^"100^%^\\^"^}^"',
      ].join('\r\n')
    )
    expect(plain(value.request)).toMatchObject({
      method: 'POST',
      path: '/api',
      query: 'a=1&b=2',
      body: '{"a":"100%"}',
    })
  })

  test('PowerShell, curl.exe', () => {
    const value = imported("curl.exe 'http://h/x' `\n  -H 'X-A: it''s' `\n  -d \"a=1\" -X PATCH")
    expect(plain(value.request)).toMatchObject({
      method: 'PATCH',
      headers: [
        ['X-A', "it's"],
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ],
      body: 'a=1',
    })
  })

  test('refuses Invoke-WebRequest with a way forward', () => {
    const result = importCurl('Invoke-WebRequest -UseBasicParsing -Uri "http://h/"')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(/copy as cURL \(bash\)/)
  })
})

describe('importCurl: what it cannot follow is listed, with why', () => {
  const cases = [
    { command: 'curl -d @body.json http://h/', what: '-d @body.json', why: /Files cannot be read/ },
    { command: 'curl -H @headers.txt http://h/', what: '-H @headers.txt', why: /Files/ },
    { command: 'curl -b cookies.txt http://h/', what: '-b cookies.txt', why: /cookie file/ },
    { command: 'curl --digest -u a:b http://h/', what: '--digest', why: /401 challenge/ },
    { command: 'curl --http2 http://h/', what: '--http2', why: /HTTP\/1\.1 only/ },
    { command: 'curl --frobnicate http://h/', what: '--frobnicate', why: /does not know/ },
    { command: 'curl http://h/a http://h/b', what: 'http://h/b', why: /one request per URL/ },
    { command: 'curl http://h/p#top', what: '#top', why: /fragment/ },
    { command: "curl 'http://h/{a,b}.txt'", what: 'http://h/{a,b}.txt', why: /first is imported/ },
    { command: 'curl http://h/ | jq .', what: 'jq .', why: /Only the curl command/ },
    { command: 'cat x | curl --data-binary @- http://h/', what: 'cat x |', why: /without running/ },
    { command: 'curl -T file.bin http://h/', what: '-T file.bin', why: /Files/ },
  ]
  test.each(cases)('$command', ({ command, what, why }) => {
    const value = imported(command)
    const entry = value.dropped.find((d) => d.what === what)
    expect(entry, JSON.stringify(value.dropped)).toBeDefined()
    expect(entry?.why).toMatch(why)
  })

  test('a request with nothing to drop lists nothing', () => {
    expect(imported("curl -sSL -k -o out.json --max-time 5 'http://h/'").dropped).toEqual([])
  })

  test.each([
    ['echo hi', /No curl command/],
    ['curl -sS', /no URL/],
    ["curl 'ftp://h/file'", /Only http/],
    ["curl 'http://h/", /never closed/],
  ])('refuses %j', (command, error) => {
    const result = importCurl(command)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(error)
  })
})

// Real curl (via bash) sends each command to a capture server; what it put on the wire, read
// back by the raw importer, must be what importCurl made of the command. curl adds Host,
// User-Agent and Accept of its own and frames the body; those are set aside when missing
// from the import. A multipart boundary is random in curl, so it is normalised.
// Debian 12's curl is 7.88; the options used here all exist since 7.87.
describe('importCurl agrees with real curl', () => {
  let capture: RequestCapture
  beforeAll(async () => {
    capture = await startRequestCapture()
  })
  afterAll(() => capture.close())

  const commands = [
    String.raw`curl 'ORIGIN/api/cart?id=7' -H 'content-type: application/json' -b 'a=1; b=2' -H 'x-t: v' --data-raw $'{"note":"it\'s \u00e9"}' --compressed`,
    `curl ORIGIN/form -d a=1 -d 'b=two words' --data 'c=3'`,
    `curl -G ORIGIN/search --data-urlencode 'q=a b&c' --data-urlencode '=x/y' -d z=1`,
    `curl -u 'user:pässword' ORIGIN/private`,
    `curl ORIGIN/json --json '{"a":1}' --json ',"b":2}'`,
    `curl -F name=value -F 'other=x y' ORIGIN/multipart`,
    `printf 'a\\000b\\377%%' | curl -X PUT --data-binary @- -H 'Content-Type: application/octet-stream' ORIGIN/blob`,
    `curl -H 'X-Empty;' -H 'Accept:' -H 'User-Agent: me' -H 'X-Dup: 1' -H 'X-Dup: 2' ORIGIN/h`,
    `curl -I ORIGIN/head`,
    `curl 'ORIGIN/a/./b/../c'`,
    `curl --path-as-is 'ORIGIN/a/./b/../c'`,
    String.raw`curl 'ORIGIN/x\[1\]?y=\{2\}'`,
    `curl -g 'ORIGIN/x[1]'`,
    `curl --url-query 'a=b c' --url-query '+raw=1%202' 'ORIGIN/q?first=1'`,
    `curl -e 'http://ref.example/' -A 'agent/1.0' -r 0-99 ORIGIN/r`,
    `curl -X OPTIONS --request-target '*' ORIGIN/`,
    `curl --http1.0 ORIGIN/old`,
    `curl -H 'Host: example.test' --oauth2-bearer tok123 ORIGIN/host`,
    `curl 'http://u%40x:p%3Aw@127.0.0.1:PORT/userinfo'`,
    `curl -d '' -X DELETE ORIGIN/empty`,
    `curl -sS -XPUT -HX-Short:1 -dx=1 ORIGIN/short`,
  ]

  test.each(commands)('%s', async (template) => {
    const origin = `http://127.0.0.1:${capture.port}`
    const command = template.replaceAll('ORIGIN', origin).replaceAll('PORT', String(capture.port))
    const wire = await sentBy(capture, 'bash', ['-c', `${command} >/dev/null`])
    const sent = importRaw(new Uint8Array(wire))
    if (!sent.ok) throw new Error(sent.error)
    const mine = imported(command).request
    const theirs = sent.value.request
    const boundary = (body: string) => body.replace(/-{24}[0-9a-f]{16}/g, 'BOUNDARY')
    expect(mine.method).toBe(theirs.method)
    expect(mine.path).toBe(theirs.path)
    // curl 7.88 writes the escapes it appends for -G in lower case (%2f); later ones do not
    const escapes = (query: string) => query.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase())
    expect(mine.query).toBe(escapes(theirs.query))
    expect(mine.httpVersion ?? '1.1').toBe(theirs.httpVersion ?? '1.1')
    expect(boundary(text(mine.body))).toBe(boundary(text(theirs.body)))
    const own = ['host', 'user-agent', 'accept', 'content-length', 'expect']
    const has = (name: string) => mine.headers.some(([n]) => n.toLowerCase() === name)
    const key = ([name, value]: readonly [string, string]) =>
      `${name.toLowerCase()}: ${boundary(value)}`
    expect(mine.headers.map(key).sort()).toEqual(
      theirs.headers
        .filter(([name]) => !own.includes(name.toLowerCase()) || has(name.toLowerCase()))
        .map(key)
        .sort()
    )
  })
})
