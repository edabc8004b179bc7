/**
 * @module
 * wsgiref profile vs Debian's wsgiref (Python 3.11.2), tests/corpus/servers/wsgiref.json.
 */
import type { ProfileDifferences } from './types.ts'

const differences: ProfileDifferences = {
  fixture: 'wsgiref',
  differences: [
    {
      cases: ['T53'],
      key: 'CONTENT_LENGTH',
      ours: '3',
      debian: '3 ',
      why: "Node's llhttp strips trailing whitespace from field values before any profile runs; wsgiref.simple_server copies the value http.client parsed (email.feedparser keeps the trailing space). Not a profile choice.",
    },
  ],
}
export default differences
