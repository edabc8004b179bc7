/**
 * @module
 * hypercorn profile (0.18.0, h11) vs Debian's hypercorn 0.13.2 with h11 0.14,
 * tests/corpus/servers/hypercorn.json.
 *
 * 0.13.2 put h11's `Headers` object itself in the scope, so `str()` printed its repr
 * `<Headers([…])>`; 0.18.0 passes `list(request.headers)`, which prints the list inside it.
 * That difference is declared per case from the fixture's own value (the list it wraps), so
 * each case still asserts both strings exactly.
 */
import { readFileSync } from 'node:fs'
import { type Difference, EVERY_ECHO, type ProfileDifferences } from './types.ts'

/** Every case Debian's hypercorn answered 200 with a scope (Node accepts each). */
const ECHOED = [
  'T01',
  'T02',
  'T05',
  'T06',
  'T08',
  'T11',
  'T12',
  'T13',
  'T14',
  'T15',
  'T16',
  'T17',
  'T19',
  'T20',
  'T21',
  'T22',
  'T23',
  'T24',
  'T25',
  'T26',
  'T27',
  'T28',
  'T29',
  'T30',
  'T31',
  'T32',
  'T37',
  'T39',
  'T45',
  'T46',
  'T47',
  'T48',
  'T52',
  'T53',
  'T55',
  'T56',
  'T58',
  'T60',
  'T61',
  'T62',
  'T63',
  'T64',
  'T65',
  'T66',
  'T67',
  'T68',
  'T69',
  'T70',
  'T71',
  'T72',
  'T73',
  'T74',
  'T78',
  'T80',
  'T81',
  'T82',
  'T83',
  'T84',
  'T85',
  'T86',
  'T87',
  'T88',
  'T89',
  'T90',
  'T91',
  'T92',
  'T98',
  'T99',
  'T100',
  'T102',
  'T103',
  'T104',
  'T105',
  'T106',
  'T107',
  'T108',
  'T109',
  'T111',
  'T157a',
  'T157b',
  'T158',
  'T159',
  'T162',
  'XF',
  'P06',
  'P07',
  'P08',
  'P09',
  'P10',
  'P12',
  'P15',
  'P16',
  'P17',
  'P18',
  'P20',
  'P21',
]

const HEADERS_LIST =
  'hypercorn 0.14.4 (commit 3179d07, "Add config option to pass raw h11 headers") changed the scope\'s headers from h11\'s Headers object to list(request.headers) (protocol/h11.py:230-233 at 0.18.0): str() prints the list, not <Headers([…])>.'

const fixture = JSON.parse(readFileSync(new URL('../hypercorn.json', import.meta.url), 'utf8')) as {
  answers: Record<string, { echo?: Record<string, string> }>
}

/** The list Debian's `<Headers([…])>` repr wraps: what 0.18.0 prints for the same request. */
function headersDifference(id: string): Difference {
  const debian = fixture.answers[id]?.echo?.headers ?? ''
  const inner = /^<Headers\((\[.*\])\)>$/s.exec(debian)?.[1] ?? `(not a Headers repr: ${debian})`
  return { cases: [id], key: 'headers', ours: inner, debian, why: HEADERS_LIST }
}

const differences: ProfileDifferences = {
  fixture: 'hypercorn',
  differences: [
    ...ECHOED.map(headersDifference),
    {
      cases: EVERY_ECHO,
      key: 'state',
      ours: '{}',
      debian: null,
      why: 'hypercorn 0.17.0 added lifespan state to every scope (commit d1c1a23, "Add support for lifespan state"; protocol/http_stream.py:100 at 0.18.0, a per-connection copy since 0.18.0 cd992f8); Debian\'s 0.13.2 predates it.',
    },
    {
      cases: ['T41', 'T44'],
      key: '(status)',
      ours: '200',
      debian: '400',
      why: "h11 refuses a request line with two spaces (_abnf.py:85-91) and an empty line before it (_readers.py:81-82), and hypercorn answers h11's hinted 400 (protocol/h11.py:162-167); Node's parser drops both before the gateway sees the request, so the profile's h11 refusals (gateway/profiles/h11.ts) cannot see them. The Raw tab's parser verdicts name them (leading-crlf, extra-space-in-request-line).",
    },
    {
      cases: ['T59'],
      key: '(status)',
      ours: '501',
      debian: '400',
      why: "hypercorn 0.16.0 answers h11's error_status_hint (commit 2b0aad3 'Send the hinted error from h11 on RemoteProtocolErrors'; protocol/h11.py:162-167 at 0.18.0), and h11 hints 501 for a Transfer-Encoding other than chunked (h11/_headers.py:185-203); Debian's 0.13.2 always sent 400.",
    },
    {
      cases: ['P19'],
      key: '(status)',
      ours: '200',
      debian: '500',
      why: 'Not modelled: hypercorn hands an `Upgrade: websocket` request to its WSStream as a websocket scope; the echo app answers it with http.response.start, which WSStream refuses (protocol/ws_stream.py:305 at 0.18.0, UnexpectedMessageError), and an app that ends during the handshake gets a 500 (lines 258-261). The echo answers it as plain HTTP.',
    },
  ],
}
export default differences
