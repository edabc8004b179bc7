/**
 * @module
 * cheroot profile (11.1.2) vs Debian's python3-cheroot 9.0.0, tests/corpus/servers/cheroot.json.
 */
import { type Difference, EVERY_ECHO, type ProfileDifferences } from './types.ts'

const VERSION =
  '__init__.py reads the dist version; server.py:1653-1655 (SERVER_NAME = server.version) and :1807 (`<version> Server`): the profile models 11.1.2, Debian ships 9.0.0'

const versionDifferences: Difference[] = [
  {
    cases: EVERY_ECHO,
    key: 'SERVER_NAME',
    ours: 'Cheroot/11.1.2',
    debian: 'Cheroot/9.0.0',
    why: VERSION,
  },
  {
    cases: EVERY_ECHO,
    key: 'SERVER_SOFTWARE',
    ours: 'Cheroot/11.1.2 Server',
    debian: 'Cheroot/9.0.0 Server',
    why: VERSION,
  },
]

const differences: ProfileDifferences = {
  fixture: 'cheroot',
  differences: [
    ...versionDifferences,
    {
      cases: ['T41'],
      key: '(status)',
      ours: '200',
      debian: '400',
      why: "server.py:803-809 (9.0.0 and 11.1.2): `request_line.strip().split(b' ', 2)` leaves an empty part, 400 'Malformed Request-Line: bad protocol'; Node's parser takes the extra spaces and hands the gateway a normal request line. The parser verdict 'extra-space-in-request-line' states cheroot's answer.",
    },
    {
      cases: ['P05'],
      key: '(status)',
      ours: '0',
      debian: '400',
      why: "server.py:801-826 reads the request line as soon as it ends and refuses a two-word (HTTP/0.9) line at once; Node's parser waits for the empty line that ends a head, so the gateway never sees these bytes and the harness times out (0). The parser verdict 'http-0.9' states cheroot's answer.",
    },
  ],
}

export default differences
