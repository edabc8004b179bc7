/**
 * @module
 * waitress profile (3.0.2) vs Debian's waitress 2.1.2, tests/corpus/servers/waitress.json.
 */
import type { ProfileDifferences } from './types.ts'

// 2.1.2's start-line regex let `GET  /x  HTTP/1.1` through with empty parts; 3.0.0 made it
// strict (CHANGES 3.0.0 "HTTP Request methods and versions are now validated", PR #423):
// 3.0.2 answers 400 "Start line is invalid". Node's parser takes the extra spaces and hands
// the profile a normal request line, so ours serves it: neither is the 3.0.2 answer, and the
// request line's spacing never reaches a profile.
const START_LINE =
  'Debian 2.1.2 crack_first_line returns empty parts; 3.0.2 parser.py:412-437 answers 400 (PR #423); Node normalises the spaces before the profile sees them'

const differences: ProfileDifferences = {
  fixture: 'waitress',
  differences: [
    { cases: ['T41'], key: 'REQUEST_METHOD', ours: 'GET', debian: '', why: START_LINE },
    { cases: ['T41'], key: 'PATH_INFO', ours: '/x', debian: '', why: START_LINE },
    { cases: ['T41'], key: 'REQUEST_URI', ours: '/x', debian: '', why: START_LINE },
    {
      cases: ['T41'],
      key: 'SERVER_PROTOCOL',
      ours: 'HTTP/1.1',
      debian: 'HTTP/1.0',
      why: START_LINE,
    },
    {
      cases: ['T64'],
      key: 'HTTP_X_E',
      ours: ', v, ',
      debian: ', v,',
      why: 'Debian 2.1.2 task.py:557 value.strip() on every environ value; removed in 3.0.1 ("No longer strip the header values before passing them to the WSGI environ", PR #434)',
    },
  ],
}

export default differences
