/**
 * @module
 * The raw requests every real Python server is asked (tests/corpus/servers/observe.ts), in
 * this order: the spec's corpus (T01–T112, tests/corpus/spec-corpus.json), the spec's
 * default-configuration rows of section 6.3 that every server was asked (T157–T162), the
 * malformed-request presets issue 14 names, and the Raw tab's own presets (web/logic). Ids
 * are stable: the fixtures key their answers by them.
 *
 * Strings are latin-1: one character per byte, so `\xe9` is the single byte 0xE9.
 */
import { RAW_PRESETS } from '../../../web/logic/raw-presets.ts'
import { rawBytes } from '../../../web/logic/raw-text.ts'
import { corpus } from '../divergences.ts'

export interface ServerRequest {
  readonly id: string
  readonly title: string
  /** Where it comes from: the spec's section, the issue, or the UI. */
  readonly source: string
  /** The exact bytes, as a latin-1 string. */
  readonly request: string
}

const XF =
  'GET /p HTTP/1.1\r\nHost: internal:8000\r\nX-Forwarded-Proto: https\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.1\r\nX-Forwarded-Host: public.example\r\nX-Forwarded-Port: 8443\r\nX-Forwarded-Prefix: /prefix\r\nX-Forwarded-Ssl: on\r\nForwarded: for=192.0.2.60;proto=https;host=fwd.example\r\n\r\n'

const fields = (n: number) => Array.from({ length: n }, (_, i) => `X-H${i}: ${i}\r\n`).join('')

/** Spec §6.3 rows run against every server in its default configuration. */
const SPEC_DEFAULTS: ServerRequest[] = [
  {
    id: 'T157a',
    title: '101 header fields (Host + 100)',
    source: 'spec §6.3 T157',
    request: `GET / HTTP/1.1\r\nHost: example.com\r\n${fields(100)}\r\n`,
  },
  {
    id: 'T157b',
    title: '100 header fields (Host + 99)',
    source: 'spec §6.3 T157',
    request: `GET / HTTP/1.1\r\nHost: example.com\r\n${fields(99)}\r\n`,
  },
  {
    id: 'T158',
    title: 'a 9000-byte path',
    source: 'spec §6.3 T158',
    request: `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: example.com\r\n\r\n`,
  },
  {
    id: 'T159',
    title: 'a 9000-byte header value',
    source: 'spec §6.3 T159',
    request: `GET / HTTP/1.1\r\nHost: example.com\r\nX-Long: ${'a'.repeat(9000)}\r\n\r\n`,
  },
  {
    id: 'T160',
    title: 'raw UTF-8 after a leading //, and in the query',
    source: 'spec §6.3 T160',
    request: 'GET //caf\xc3\xa9?q=\xc3\xa9 HTTP/1.1\r\nHost: example.com\r\n\r\n',
  },
  {
    id: 'T161',
    title: 'raw UTF-8 next to its percent-encoded twin',
    source: 'spec §6.3 T161',
    request: 'GET /caf\xc3\xa9%C3%A9 HTTP/1.1\r\nHost: example.com\r\n\r\n',
  },
  {
    id: 'T162',
    title: 'a fragment holding a second ?',
    source: 'spec §6.3 T162',
    request: 'GET /a?b#c?d HTTP/1.1\r\nHost: example.com\r\n\r\n',
  },
  {
    id: 'XF',
    title: 'every proxy header at once (the spec’s XF request), from 127.0.0.1',
    source: 'spec §6.3 (T115)',
    request: XF,
  },
]

/** The malformed and tricky requests issue 14 lists, beyond what the corpus already has. */
const ISSUE_PRESETS: ServerRequest[] = [
  {
    id: 'P01',
    title: 'bare LF only inside the header block',
    source: 'issue 14: bare LF',
    request: 'GET /lf HTTP/1.1\r\nHost: example.com\nX-A: 1\r\n\r\n',
  },
  {
    id: 'P02',
    title: 'bare CR as a line end',
    source: 'issue 14: bare LF',
    request: 'GET /cr HTTP/1.1\rHost: example.com\r\n\r\n',
  },
  {
    id: 'P03',
    title: 'Transfer-Encoding before Content-Length',
    source: 'issue 14: CL+TE',
    request:
      'POST /te-cl HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
  },
  {
    id: 'P04',
    title: 'Content-Length as a list of equal values',
    source: 'issue 14: two Content-Lengths',
    request: 'POST /cl-list HTTP/1.1\r\nHost: example.com\r\nContent-Length: 3, 3\r\n\r\nabc',
  },
  {
    id: 'P05',
    title: 'HTTP/0.9: a request line and a single CRLF',
    source: 'issue 14: HTTP/0.9',
    request: 'GET /nine\r\n',
  },
  {
    id: 'P06',
    title: '%zz in the path and in the query',
    source: 'issue 14: %zz',
    request: 'GET /%zz?q=%zz HTTP/1.1\r\nHost: example.com\r\n\r\n',
  },
  {
    id: 'P07',
    title: 'underscore proxy headers only',
    source: 'issue 14: underscore headers',
    request:
      'GET / HTTP/1.1\r\nHost: example.com\r\nX_Forwarded_For: 6.6.6.6\r\nX_Forwarded_Proto: https\r\nX-Real_IP: 7.7.7.7\r\n\r\n',
  },
  {
    id: 'P08',
    title: 'duplicates of the headers cheroot joins and of those it does not',
    source: 'issue 14: duplicate headers incl. X-Forwarded-For and Cookie',
    request:
      'GET / HTTP/1.1\r\nHost: example.com\r\nAccept: text/html\r\nAccept: application/json\r\nVia: 1.0 a\r\nVia: 1.1 b\r\nCookie: c=1\r\nCookie: d=2\r\nX-Forwarded-For: 1.1.1.1\r\nX-Forwarded-For: 2.2.2.2\r\nX-Other: 1\r\nX-Other: 2\r\nCache-Control: no-cache\r\nCache-Control: max-age=0\r\n\r\n',
  },
  {
    id: 'P09',
    title: 'absolute-form with a Host that disagrees',
    source: 'issue 14: absolute-form',
    request: 'GET http://example.org/p?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n',
  },
  {
    id: 'P10',
    title: '//a//b',
    source: 'issue 14: //a//b',
    request: 'GET //a//b HTTP/1.1\r\nHost: example.com\r\n\r\n',
  },
  {
    id: 'P11',
    title: 'non-ASCII everywhere: path (raw and escaped), query, header value',
    source: 'issue 14: non-ASCII',
    request:
      'GET /caf%C3%A9/\xc3\xa9?q=\xc3\xa9 HTTP/1.1\r\nHost: example.com\r\nX-Name: caf\xc3\xa9\r\n\r\n',
  },
  {
    id: 'P12',
    title: 'non-ASCII only in a header value',
    source: 'issue 14: non-ASCII',
    request: 'GET / HTTP/1.1\r\nHost: example.com\r\nX-Name: caf\xc3\xa9 \xe9\r\n\r\n',
  },
  {
    id: 'P13',
    title: 'a raw space inside the target',
    source: 'parser rules',
    request: 'GET /a b HTTP/1.1\r\nHost: example.com\r\n\r\n',
  },
  {
    id: 'P14',
    title: 'a raw NUL byte in the target',
    source: 'parser rules',
    request: 'GET /a\x00b HTTP/1.1\r\nHost: example.com\r\n\r\n',
  },
  {
    id: 'P15',
    title: 'Forwarded only',
    source: 'issue 14: proxy trust',
    request:
      'GET / HTTP/1.1\r\nHost: example.com\r\nForwarded: for=192.0.2.60;proto=https;host=fwd.example\r\n\r\n',
  },
  {
    id: 'P16',
    title: 'X-Forwarded-For chain ending in a loopback hop, with X-Forwarded-Proto',
    source: 'issue 14: proxy trust (uvicorn reads XFF right to left)',
    request:
      'GET / HTTP/1.1\r\nHost: example.com\r\nX-Forwarded-For: 203.0.113.7, 127.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n',
  },
  {
    id: 'P17',
    title: 'X-Forwarded-Proto with a value that is not a scheme',
    source: 'issue 14: proxy trust (uvicorn ≥0.29 accepts only http/https/ws/wss)',
    request:
      'GET / HTTP/1.1\r\nHost: example.com\r\nX-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: javascript\r\n\r\n',
  },
  {
    id: 'P18',
    title: 'Daphne-Root-Path from the client',
    source: 'issue 14: root_path',
    request: 'GET /mount/x HTTP/1.1\r\nHost: example.com\r\nDaphne-Root-Path: /mount\r\n\r\n',
  },
  {
    id: 'P19',
    title: 'a WebSocket handshake to an HTTP-only app',
    source: 'ASGI scope type',
    request:
      'GET /ws HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
  },
  {
    id: 'P20',
    title: 'Expect: 100-continue with the body sent at once',
    source: 'interim responses',
    request:
      'POST /e HTTP/1.1\r\nHost: example.com\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello',
  },
  {
    id: 'P21',
    title: 'a chunked body with a chunk extension and a trailer',
    source: 'body framing',
    request:
      'POST /c HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n',
  },
  {
    id: 'P22',
    title: 'Transfer-Encoding: identity',
    source: 'body framing',
    request:
      'POST /i HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nhi',
  },
]

/** The Raw tab's presets, so what the UI teaches is checked against every server. */
const UI_PRESETS: ServerRequest[] = RAW_PRESETS.map((preset) => ({
  id: `ui:${preset.id}`,
  title: preset.title,
  source: 'web/logic/raw-presets.ts',
  request: Buffer.from(rawBytes(preset.text)).toString('latin1'),
}))

const SPEC_CORPUS: ServerRequest[] = corpus.map((c) => ({
  id: c.id,
  title: `${c.name}: ${c.title}`,
  source: 'spec §6.1',
  request: Buffer.from(c.request, 'base64').toString('latin1'),
}))

export const SERVER_REQUESTS: readonly ServerRequest[] = [
  ...SPEC_CORPUS,
  ...SPEC_DEFAULTS,
  ...ISSUE_PRESETS,
  ...UI_PRESETS,
]

/** The raw bytes of request `id`; an unknown id is a mistake in the test. */
export function serverRequest(id: string): string {
  const found = SERVER_REQUESTS.find((r) => r.id === id)
  if (!found) throw new Error(`no request ${id} in tests/corpus/servers/requests.ts`)
  return found.request
}
