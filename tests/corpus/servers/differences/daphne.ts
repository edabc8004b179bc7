/**
 * @module
 * daphne profile (4.2.2 on Twisted 24.10) vs Debian's daphne 4.0.0 on Twisted 22.4,
 * tests/corpus/servers/daphne.json. daphne does not pin Twisted (`twisted[tls]>=22.4`), so
 * the request-line rules are Twisted's release, not daphne's.
 */
import type { ProfileDifferences } from './types.ts'

const differences: ProfileDifferences = {
  fixture: 'daphne',
  differences: [
    {
      cases: ['T39'],
      key: '(status)',
      ours: '400',
      debian: '200',
      why: "Twisted 24.7.0 validates the request line (commit 68fcb5a745, 'Validate the HTTP request line'; _parseRequestLine in src/twisted/web/http.py:253-301 at 24.10.0): only HTTP/1.0 and HTTP/1.1 are taken, so HTTP/2.0 is a 400. Debian's Twisted 22.4 split the line on whitespace and took any version text (scope http_version '2.0').",
    },
    {
      cases: ['P05'],
      key: '(status)',
      ours: '0',
      debian: '400',
      why: "Twisted reads the request line as soon as it ends and refuses a two-word (HTTP/0.9) line at once (lineReceived → _parseRequestLine, src/twisted/web/http.py:2379-2383 at 24.10.0); Node's parser waits for the empty line that ends a head, so the gateway never sees these bytes and the harness times out (0). The parser verdict 'http-0.9' states daphne's answer.",
    },
  ],
}
export default differences
