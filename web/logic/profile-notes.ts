/**
 * @module
 * Why the server profiles build different environs for the same bytes: one sentence per key,
 * the data behind the Profiles tab (drawn from the README's "Server profiles" table and
 * environ-spec.md). Keys not listed get a sentence from which profiles set them.
 */
import type { KeyDifference, ProfileOutcome } from '../../server/contract/api/send.ts'
import { diffProfiles } from '../../server/contract/profile-diff.ts'

/** Key → why wsgiref, gunicorn and Werkzeug disagree about it. */
export const PROFILE_NOTES: Readonly<Record<string, string>> = {
  CONTENT_TYPE:
    'wsgiref always sets CONTENT_TYPE, to "text/plain" when the request has no Content-Type; gunicorn and Werkzeug set it only from the header.',
  CONTENT_LENGTH:
    'wsgiref always sets CONTENT_LENGTH ("" without a body); gunicorn and Werkzeug set it only from the header.',
  GATEWAY_INTERFACE: 'Only wsgiref sets the CGI constant GATEWAY_INTERFACE ("CGI/1.1").',
  REMOTE_HOST: 'Only wsgiref sets REMOTE_HOST, always "" (no server does reverse DNS).',
  REMOTE_PORT:
    'gunicorn and Werkzeug report the client port; wsgiref has no REMOTE_PORT. Werkzeug’s is an int (same text here, but wsgiref.validate rejects it).',
  RAW_URI:
    'gunicorn and Werkzeug keep the request-target exactly as sent in RAW_URI (non-standard); wsgiref does not.',
  REQUEST_URI:
    'Werkzeug also keeps the target as sent in REQUEST_URI; wsgiref and gunicorn do not.',
  SERVER_NAME:
    'wsgiref uses socket.getfqdn() of the bind address ("localhost"); gunicorn and Werkzeug use the bind address itself.',
  SERVER_SOFTWARE: 'Each server names itself.',
  PATH_INFO:
    'The servers decode the target differently: gunicorn keeps a leading "//", wsgiref keeps a "#fragment", Werkzeug turns invalid UTF-8 escapes into U+FFFD.',
  QUERY_STRING: 'wsgiref keeps a "#fragment" in QUERY_STRING; gunicorn and Werkzeug drop it.',
  HTTP_HOST:
    'Werkzeug takes the host of an absolute-form target (GET http://h/p) over the Host header.',
  'wsgi.input': 'Each server reads the body through its own stream object; the repr differs.',
  'wsgi.errors': 'gunicorn wraps stderr in its own WSGIErrorsWrapper; the others pass sys.stderr.',
  'wsgi.file_wrapper':
    'wsgiref and gunicorn offer their own FileWrapper class; Werkzeug offers none.',
  'wsgi.input_terminated':
    'gunicorn promises that wsgi.input ends at the end of the body (a non-standard extension).',
  'wsgi.early_hints': 'gunicorn (22+) offers a callback for 103 Early Hints.',
  'gunicorn.socket': 'gunicorn exposes the client socket under its own key.',
  'werkzeug.socket': 'Werkzeug exposes the client socket under its own key.',
}

const UNDERSCORE_NOTE =
  'gunicorn and Werkzeug drop header names containing "_" (they could pass for "-" names); wsgiref keeps them.'

/** Return one sentence saying why `difference` exists. */
export function explainDifference(difference: KeyDifference): string {
  const note = PROFILE_NOTES[difference.key]
  if (note) return note
  const have = Object.entries(difference.values)
    .filter(([, value]) => value !== null)
    .map(([profile]) => profile)
  if (
    difference.key.startsWith('HTTP_') &&
    difference.kind === 'absent' &&
    have.includes('wsgiref')
  )
    return UNDERSCORE_NOTE
  if (difference.kind === 'absent') return `Only ${have.join(' and ')} set this key.`
  return 'The servers derive this value differently.'
}

/** One row of the Profiles table. */
export interface ProfileRow {
  readonly key: string
  /** Profile → value; `null` where that profile has no such key or refused the request. */
  readonly values: Readonly<Record<string, string | null>>
  readonly difference: KeyDifference | undefined
  readonly why: string | undefined
}

/**
 * Return the rows of the Profiles table: every key any profile set, in the first profile's
 * order then the others', each marked with its difference and why.
 */
export function profileRows(
  profiles: Readonly<Record<string, ProfileOutcome>>,
  differences: readonly KeyDifference[]
): ProfileRow[] {
  const names = Object.keys(profiles)
  const environs = names.map((name) => {
    const outcome = profiles[name]
    return outcome && 'environ' in outcome ? outcome.environ : undefined
  })
  const keys = [...new Set(environs.flatMap((environ) => Object.keys(environ ?? {})))]
  const byKey = new Map(differences.map((d) => [d.key, d]))
  return keys.map((key) => {
    const values: Record<string, string | null> = {}
    names.forEach((name, i) => {
      const environ = environs[i]
      values[name] = environ && Object.hasOwn(environ, key) ? (environ[key] ?? null) : null
    })
    const difference = byKey.get(key)
    return { key, values, difference, why: difference && explainDifference(difference) }
  })
}

/**
 * Return the keys whose values are not the same in every picked profile that built an
 * environ, as the server's answer does for the ones it built (environs and scopes apart).
 */
export function diffPicked(
  profiles: Readonly<Record<string, ProfileOutcome>>,
  picked: readonly string[]
): KeyDifference[] {
  return diffProfiles(pickOutcomes(profiles, picked))
}

/** Keep only the picked profiles' outcomes, in the order `picked` lists them. */
export function pickOutcomes(
  profiles: Readonly<Record<string, ProfileOutcome>>,
  picked: readonly string[]
): Record<string, ProfileOutcome> {
  const kept: Record<string, ProfileOutcome> = {}
  for (const name of picked) {
    const outcome = profiles[name]
    if (outcome) kept[name] = outcome
  }
  return kept
}
