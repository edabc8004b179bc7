/**
 * @module
 * Every environ key this gateway can set, described once.
 *
 * Read by: gateway/validate.ts (required keys), the UI's key explainer, README.md
 * (generated table; checked by tests/unit/docs-sync.test.ts). Plain data, no imports, so
 * the web bundle may import it.
 */

export type KeyGroup = 'cgi' | 'http' | 'wsgi' | 'extension'

export type ProfileId = 'wsgiref' | 'gunicorn' | 'werkzeug'

export interface EnvironKeyDoc {
  /** Spelled exactly as the spec does, or a family pattern such as 'HTTP_*'. */
  readonly key: string
  readonly group: KeyGroup
  /** Always present per PEP 3333 / checked by validate.ts. */
  readonly required: boolean
  /** One sentence. Shown as the table tooltip and in the README. */
  readonly summary: string
  /** How THIS gateway derives it, in words a learner can check against the request. */
  readonly derivedFrom: string
  readonly example: string
  readonly spec: string
  /** Profiles that set this key (all three when omitted). */
  readonly profiles?: readonly ProfileId[]
  /** Middleware that may rewrite it; the teaching panel shows a "changed by" badge. */
  readonly rewrittenBy?: readonly string[]
}

export const ENVIRON_KEYS = [
  {
    key: 'REQUEST_METHOD',
    group: 'cgi',
    required: true,
    summary: 'The HTTP method, such as "GET" or "POST".',
    derivedFrom: 'The method token of the request line, verbatim.',
    example: 'GET',
    spec: 'https://peps.python.org/pep-3333/#environ-variables',
  },
] as const satisfies readonly EnvironKeyDoc[]
