/**
 * The Python rules the framework models rest on (server/frameworks/py/), against CPython
 * itself (/usr/bin/python3): `quote`, `unquote` (with Werkzeug's re-quoting error handler),
 * `urlsplit` with `hostname` and `port`, `urlunsplit`, `urljoin`, the idna codec, UTF-8
 * errors, `int()`, `str.strip()` and `repr()`. The same inputs go to both, the answers are
 * compared one by one, and an exception is an answer too. Without Debian's python3 (CI
 * installs it) the test is skipped, as the wsgiref differential test is.
 *
 * Where CPython releases differ, the models follow the released ones Debian's 3.11.2 agrees
 * with; CPython's main branch (urljoin without params, an idna codec that raises
 * UnicodeDecodeError) is noted in server/frameworks/py/urllib.ts and idna.ts.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { PyError } from '../../../server/frameworks/py/errors.ts'
import { decodeIdna } from '../../../server/frameworks/py/idna.ts'
import { reprStr } from '../../../server/frameworks/py/repr.ts'
import { latin1Bytes, pyInt, pyStrip, utf8Decode } from '../../../server/frameworks/py/text.ts'
import {
  hostnameOf,
  portOf,
  quote,
  unquote,
  urljoin,
  urlsplit,
  urlunsplit,
} from '../../../server/frameworks/py/urllib.ts'

const PYTHON = '/usr/bin/python3'

type Call = readonly [fn: string, ...args: string[]]

/** The same calls in Python; each answers its result's repr, or `Type: message`. */
const SCRIPT = `
import json, sys, urllib.parse as p
def requote(e):
    return p.quote(e.object[e.start:e.end], safe=''), e.end
import codecs
codecs.register_error('requote', requote)
def run(fn, *a):
    if fn == 'quote': return p.quote(a[0], safe=a[1])
    if fn == 'quote_bytes': return p.quote(a[0].encode('latin-1'), safe=a[1])
    if fn == 'unquote': return p.unquote(a[0])
    if fn == 'unquote_requote': return p.unquote(a[0], 'utf-8', 'requote')
    if fn == 'urlsplit': return tuple(p.urlsplit(a[0]))
    if fn == 'hostinfo':
        s = p.urlsplit(a[0]); return (s.hostname, s.port)
    if fn == 'roundtrip': return p.urlunsplit(p.urlsplit(a[0]))
    if fn == 'urljoin': return p.urljoin(a[0], a[1])
    if fn == 'idna': return a[0].encode('ascii').decode('idna')
    if fn == 'utf8': return a[0].encode('latin-1').decode('utf-8')
    if fn == 'int': return int(a[0])
    if fn == 'strip': return a[0].strip()
    if fn == 'repr': return a[0]
out = []
for call in json.load(sys.stdin):
    try: out.append(repr(run(*call)))
    except Exception as e: out.append(type(e).__name__ + ': ' + str(e))
json.dump(out, sys.stdout)
`

function ours([fn, ...a]: Call): string {
  const tuple = (items: Array<string | number | null>) =>
    `(${items.map((x) => (x === null ? 'None' : typeof x === 'number' ? String(x) : reprStr(x))).join(', ')})`
  try {
    switch (fn) {
      case 'quote':
        return reprStr(quote(a[0] as string, a[1]))
      case 'quote_bytes':
        return reprStr(quote(latin1Bytes(a[0] as string), a[1]))
      case 'unquote':
        return reprStr(unquote(a[0] as string))
      case 'unquote_requote':
        return reprStr(unquote(a[0] as string, (bytes) => quote(bytes, '')))
      case 'urlsplit': {
        const s = urlsplit(a[0] as string)
        return tuple([s.scheme, s.netloc, s.path, s.query, s.fragment])
      }
      case 'hostinfo': {
        const s = urlsplit(a[0] as string)
        return tuple([hostnameOf(s), portOf(s)])
      }
      case 'roundtrip':
        return reprStr(urlunsplit(urlsplit(a[0] as string)))
      case 'urljoin':
        return reprStr(urljoin(a[0] as string, a[1] as string))
      case 'idna':
        return reprStr(decodeIdna(a[0] as string))
      case 'utf8':
        return reprStr(utf8Decode(latin1Bytes(a[0] as string), 'strict'))
      case 'int':
        return String(pyInt(a[0] as string))
      case 'strip':
        return reprStr(pyStrip(a[0] as string))
      case 'repr':
        return reprStr(a[0] as string)
      default:
        throw new Error(`no such call ${fn}`)
    }
  } catch (error) {
    if (error instanceof PyError) return `${error.type}: ${error.message}`
    throw error
  }
}

const PATH_SAFE = "!$&'()*+,/:;=@%"
const CALLS: Call[] = [
  ['quote', '/a b/café/€/%41', PATH_SAFE],
  ['quote', "/~user/it's/[x]/?#", "/:@&+$,-_.!~*'()"],
  ['quote', 'a\u0000\t\u007f\u00ff\ud7ff', ''],
  ['quote', '😀/x', '/'],
  ['quote_bytes', 'q=\u00e9&n=/a&x=%26+y', "!$&'()*+,/:;=?@%"],
  ['unquote', '%41%2f%2F%zz%4%'],
  ['unquote', 'caf%C3%A9/%FF/%E2%82/é/%'],
  ['unquote', '%F0%9F%98%80%ED%A0%80%C0%AF'],
  ['unquote_requote', 'caf%C3%A9/%FF/%E2%82%/x%e2%82%acy'],
  ['urlsplit', 'http://User@Example.COM:8080/p;x/q?a=1#f'],
  ['urlsplit', '  \x01http://h/p\t\r\n?q'],
  ['urlsplit', '//h/p'],
  ['urlsplit', '///p?q'],
  ['urlsplit', '////evil.example/x'],
  ['urlsplit', 'HTTPS://h:443'],
  ['urlsplit', '1http://h/'],
  ['urlsplit', 'http://[::1]:80/x'],
  ['urlsplit', 'http://[::1/x'],
  ['urlsplit', 'http://[1:2]/x'],
  ['urlsplit', 'http://[127.0.0.1]/x'],
  ['urlsplit', 'http://[v1.x]/x'],
  ['urlsplit', 'http://[fe80::1%eth0]/x'],
  ['hostinfo', 'http://Example.COM:8080/'],
  ['hostinfo', 'http://[FE80::1%Eth0]:80/'],
  ['hostinfo', 'http://h:99999/'],
  ['hostinfo', 'http://h:/'],
  ['hostinfo', 'http://h:x1/'],
  ['hostinfo', 'http://u:p@h/'],
  ['roundtrip', 'http://h/p?q#f'],
  ['roundtrip', 'http:///p'],
  ['roundtrip', 'http://h'],
  ['roundtrip', 'mailto:x@y'],
  ['urljoin', 'http://h/a/b', '///c/../d?x'],
  ['urljoin', 'http://h/a/b', '/./x/../y/.'],
  ['urljoin', 'http://h/a/b/', '../../../c'],
  ['urljoin', 'http://h/a', '//other/p'],
  ['urljoin', 'http://h/a?q', ''],
  ['urljoin', 'http://h/a/b;p?q', '/x/..;y'],
  ['urljoin', 'http://h/a/b;p?q', '?z'],
  ['urljoin', 'http://h/a/b', 'ftp://other/p'],
  ['idna', 'xn--n3h.example'],
  ['idna', 'www.xn--caf-dma.example.'],
  ['idna', 'xn--zz.example'],
  ['idna', 'xn--abc-.example'],
  ['idna', 'xn--a.example'],
  ['idna', 'example.com'],
  ['utf8', 'caf\u00c3\u00a9'],
  ['utf8', 'ab\u00ffcd'],
  ['utf8', 'x\u00e2\u0082'],
  ['utf8', '\u00e2\u0082x'],
  ['utf8', '\u00ed\u00a0\u0080'],
  ['int', ' 8_080 '],
  ['int', '+80'],
  ['int', '8__0'],
  ['int', '0x10'],
  ['strip', '\u0085\u001c x \u00a0\t'],
  ['repr', "it's"],
  ['repr', 'both \' and "'],
  ['repr', 'tab\tnul\u0000del\u007fnbsp\u00a0shy\u00ad'],
  ['repr', 'é€😀\u2028\u200b\ufffd\ue000'],
]

describe('Python rules against CPython', () => {
  test.runIf(existsSync(PYTHON))('each call answers as CPython does', () => {
    const theirs = JSON.parse(
      execFileSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(CALLS), encoding: 'utf8' })
    ) as string[]
    CALLS.forEach((call, i) => {
      expect(ours(call), JSON.stringify(call)).toBe(theirs[i])
    })
  })
})
