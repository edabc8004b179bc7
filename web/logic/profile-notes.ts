/**
 * @module
 * Why the server profiles build different environs (or scopes) for the same bytes: one sentence
 * per key, the data behind the Profiles tab (drawn from the README's "Server profiles" table and
 * environ-spec.md). Keys not listed get a sentence from which profiles set them.
 */
import type { KeyDifference, ProfileOutcome } from '../../server/contract/api/send.ts'
import { diffProfiles } from '../../server/contract/profile-diff.ts'

/** Key → why the servers disagree about it (every profile, WSGI and ASGI). */
export const PROFILE_NOTES: Readonly<Record<string, string>> = {
  CONTENT_TYPE:
    'wsgiref always sets CONTENT_TYPE (Django\'s runserver too: wsgiref underneath), "text/plain" when the request has no Content-Type; the other servers set it only from the header.',
  CONTENT_LENGTH:
    'wsgiref and Django\'s runserver always set CONTENT_LENGTH ("" without a body); the other servers set it only from the request (waitress also for a de-chunked body).',
  GATEWAY_INTERFACE:
    'Only wsgiref and Django\'s runserver (wsgiref underneath) set the CGI constant GATEWAY_INTERFACE ("CGI/1.1").',
  REMOTE_HOST:
    'wsgiref and Django set REMOTE_HOST to "" (no server does reverse DNS); waitress sets it to the client\'s address; the others leave it out.',
  REMOTE_PORT:
    'gunicorn, Werkzeug, waitress and cheroot report the client port; wsgiref, Django and uWSGI do not. Werkzeug’s is an int (same text here, but wsgiref.validate rejects it).',
  RAW_URI:
    'gunicorn and Werkzeug keep the request-target exactly as sent in RAW_URI (non-standard); the others do not.',
  REQUEST_URI:
    'Werkzeug, waitress, cheroot and uWSGI keep the target as sent in REQUEST_URI (non-standard, from mod_wsgi and uWSGI); the others do not.',
  SERVER_NAME:
    'wsgiref and Django use socket.getfqdn() of the bind address ("localhost"); gunicorn and Werkzeug the bind address itself; uWSGI the host name; waitress its server_name setting; cheroot its own version string.',
  SERVER_SOFTWARE: 'Each server names itself.',
  PATH_INFO:
    'The servers decode the target differently: gunicorn keeps a leading "//" and waitress collapses it, wsgiref keeps a "#fragment" and uWSGI ends at it, Werkzeug turns invalid UTF-8 escapes into U+FFFD, cheroot keeps %2F escaped.',
  QUERY_STRING:
    'wsgiref (and Django\'s runserver) keep a "#fragment" in QUERY_STRING; the others drop it.',
  HTTP_HOST:
    'Werkzeug takes the host of an absolute-form target (GET http://h/p) over the Host header.',
  'wsgi.input': 'Each server reads the body through its own stream object; the repr differs.',
  'wsgi.errors':
    'gunicorn wraps stderr in its own WSGIErrorsWrapper; the others pass sys.stderr, whose repr depends on how the server was started.',
  'wsgi.file_wrapper':
    "Each server offers its own file wrapper (a class, or uWSGI's uwsgi_sendfile); Werkzeug and cheroot offer none.",
  'wsgi.input_terminated':
    'Some servers promise that wsgi.input ends at the end of the body (a non-standard extension); the others leave the key out.',
  'wsgi.early_hints': 'gunicorn (25+) offers a callback for 103 Early Hints.',
  'gunicorn.socket': 'gunicorn exposes the client socket under its own key.',
  'werkzeug.socket': 'Werkzeug exposes the client socket under its own key.',
  // an ASGI scope's keys
  asgi: 'Each ASGI server writes its own asgi dict: the spec version it implements, in its own key order.',
  http_version: 'granian spells HTTP/1.0 "1"; the others "1.0".',
  server:
    'uvicorn and hypercorn give (host, port) tuples, daphne a [host, port] list, granian the port as a str.',
  client:
    'uvicorn and hypercorn give (host, port) tuples, daphne a [host, port] list, granian the port as a str.',
  path: 'uvicorn (0.26+) puts root_path in front of path; the others leave it out.',
  headers:
    'Each server lists the headers its own way: uvicorn and hypercorn in wire order, daphne and granian grouped by name; daphne drops names with "_".',
}

const UNDERSCORE_NOTE =
  'gunicorn, Werkzeug, waitress and Django drop header names containing "_" (they could pass for "-" names); wsgiref, uWSGI and cheroot keep them.'

/** Return one sentence saying why `difference` exists. */
export function explainDifference(difference: KeyDifference): string {
  const note = PROFILE_NOTES[difference.key]
  if (note) return note
  const have = Object.entries(difference.values)
    .filter(([, value]) => value !== null)
    .map(([profile]) => profile)
  if (difference.key.startsWith('HTTP_') && difference.kind === 'absent') return UNDERSCORE_NOTE
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
