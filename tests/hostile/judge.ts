/**
 * @module
 * The fuzzer's verdict on one answer. Allowed: a 200 whose body is an environ that passes
 * `checkEnviron` (for an ASGI profile, a scope with every key the ASGI spec requires of an HTTP
 * scope), a 4xx with a JSON reason, or a connection closed without an answer.
 * Anything else (a 5xx, a hang, bytes that are not HTTP, another request's echo) is a bug,
 * with two exceptions the real servers answer, so their profiles do too: a 505 for an HTTP
 * version other than 1.x (Python's http.server: `Invalid HTTP version (2.0)`), and a 501 for
 * a request with a Transfer-Encoding header (cheroot, waitress and hypercorn implement no
 * coding but chunked: server.py:1045-1054, parser.py, h11's error_status_hint).
 */
import type { ProfileInterface } from '../../server/contract/profiles.ts'
import type { Environ } from '../../server/contract/python.ts'
import { checkEnviron } from '../../server/gateway/validate.ts'
import type { LaneAnswer } from './lane.ts'
import type { HostileRequest } from './requests.ts'

export type Verdict =
  | { ok: true; outcome: '200' | 'refused' | 'closed' }
  | { ok: false; reason: string }

/**
 * checkEnviron findings that cannot apply to the echo's JSON: the echo sends `str(v)` of
 * every value (as the Python app does), so the tuple and the two streams arrive as their
 * reprs. A PATH_INFO without a leading "/" is what the Python servers build too (the corpus
 * cases `noslash` and `authority`).
 */
const NOT_APPLICABLE = new Set(['version-tuple', 'input-stream', 'error-stream', 'path-info-slash'])

export function judge(
  request: HostileRequest,
  answer: LaneAnswer,
  kind: ProfileInterface = 'wsgi'
): Verdict {
  if (answer.timedOut) {
    return answer.status === null
      ? { ok: false, reason: 'no answer and no close before the timeout (the server hangs)' }
      : { ok: false, reason: `a ${answer.status} that never ended, or never closed as it said` }
  }
  if (answer.status === null) {
    return answer.raw.length === 0
      ? { ok: true, outcome: 'closed' }
      : { ok: false, reason: `bytes that are not an HTTP response: ${preview(answer.raw)}` }
  }
  const refusal = answer.status >= 400 && answer.status < 500
  if (
    refusal ||
    (answer.status === 505 && !/^[^\r\n]* HTTP\/1\.\d\r?\n/.test(firstLine(request))) ||
    (answer.status === 501 && /\ntransfer-encoding[ \t]*:/i.test(requestHead(request)))
  ) {
    // a HEAD's answer is read without a body, as the client must
    return request.head ? { ok: true, outcome: 'refused' } : judgeRefusal(answer)
  }
  if (answer.status !== 200) return { ok: false, reason: `status ${answer.status}` }
  if (!answer.complete) return { ok: false, reason: 'a 200 whose body never ended' }
  if (request.head) return { ok: true, outcome: '200' }
  return kind === 'asgi' ? judgeScope(request, answer) : judgeEnviron(request, answer)
}

function judgeRefusal(answer: LaneAnswer): Verdict {
  if (!answer.complete) return { ok: true, outcome: 'refused' } // cut by our own close: fine
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as { error?: unknown }
    if (typeof body.error !== 'string' || body.error === '') {
      return { ok: false, reason: `a ${answer.status} without a JSON "error" reason` }
    }
  } catch {
    return {
      ok: false,
      reason: `a ${answer.status} whose body is not JSON: ${preview(answer.body)}`,
    }
  }
  return { ok: true, outcome: 'refused' }
}

/** The echo's JSON object, or why the 200's body is not one. */
function echoedObject(answer: LaneAnswer): Record<string, unknown> | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(answer.body.toString('utf8'))
  } catch (error) {
    return `a 200 whose body is not JSON (${(error as Error).message})`
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'a 200 whose body is not a JSON object'
  }
  return parsed as Record<string, unknown>
}

/** The keys the ASGI spec (HTTP connection scope) requires, as str() echoes them. */
const SCOPE_KEYS = [
  'type',
  'asgi',
  'http_version',
  'method',
  'scheme',
  'path',
  'query_string',
  'root_path',
  'headers',
]

function judgeScope(request: HostileRequest, answer: LaneAnswer): Verdict {
  const scope = echoedObject(answer)
  if (typeof scope === 'string') return { ok: false, reason: scope }
  const missing = SCOPE_KEYS.filter((key) => typeof scope[key] !== 'string')
  if (missing.length > 0) return { ok: false, reason: `scope without ${missing.join(', ')}` }
  if (scope.type !== 'http') return { ok: false, reason: `scope type ${String(scope.type)}` }
  if (!/^b['"]/.test(String(scope.query_string))) {
    return { ok: false, reason: `query_string is not bytes: ${String(scope.query_string)}` }
  }
  const headers = String(scope.headers)
  if (request.id !== undefined && !headers.includes(`(b'x-fuzz-id', b'${request.id}')`)) {
    return { ok: false, reason: `the echo is of another request: headers ${headers.slice(0, 200)}` }
  }
  return { ok: true, outcome: '200' }
}

function judgeEnviron(request: HostileRequest, answer: LaneAnswer): Verdict {
  const environ = echoedObject(answer)
  if (typeof environ === 'string') return { ok: false, reason: environ }
  const problems = checkEnviron(environ as Environ).filter(
    (p) => p.level === 'error' && !NOT_APPLICABLE.has(p.check)
  )
  if (problems.length > 0) {
    return { ok: false, reason: `checkEnviron: ${problems.map((p) => p.message).join('; ')}` }
  }
  const echoedId = (environ as Record<string, unknown>).HTTP_X_FUZZ_ID
  if (request.id !== undefined && echoedId !== request.id) {
    return {
      ok: false,
      reason: `the echo is of another request: HTTP_X_FUZZ_ID ${JSON.stringify(echoedId)}, sent ${request.id}`,
    }
  }
  return { ok: true, outcome: '200' }
}

function firstLine(request: HostileRequest): string {
  return `${request.bytes.subarray(0, request.bytes.indexOf(0x0a) + 1).toString('latin1')}`
}

/** The request's bytes up to the end of its head (all of them when it has no end). */
function requestHead(request: HostileRequest): string {
  const end = request.bytes.indexOf('\r\n\r\n')
  return request.bytes.subarray(0, end === -1 ? request.bytes.length : end).toString('latin1')
}

function preview(bytes: Buffer): string {
  return JSON.stringify(bytes.subarray(0, 200).toString('latin1'))
}
