/**
 * @module
 * Place the proxy API's 400 messages next to the field they are about.
 *
 * The API names the field at the start of its message, in one of two spellings: the schema
 * check's JSON path (`body/policy/xFor must be >= 0`) or the route's own dotted path
 * (`request.peer.address: "x" is not an IP address`, `policy: "10.0.0.0/33" is not a valid
 * CIDR range`). The message itself is shown as the API wrote it.
 */
import { COUNT_FIELDS, type FieldError, type FieldId } from './proxy-form.ts'

const COUNT_KEYS: ReadonlySet<string> = new Set(COUNT_FIELDS.map((field) => field.key))

const SIMPLE: ReadonlyArray<readonly [RegExp, FieldId]> = [
  [/^body\/request\/peer\/address\b/, 'peerAddress'],
  [/^request\.peer\.address\b/, 'peerAddress'],
  [/^body\/request\/peer\/port\b/, 'peerPort'],
  [/^body\/request\/method\b/, 'method'],
  [/^body\/request\/target\b/, 'target'],
  [/^body\/request\/httpVersion\b/, 'httpVersion'],
  [/^body\/policy\/proxies\b/, 'proxies'],
  [/^body\/profile\b/, 'profile'],
  [/^policy\.proxies\b/, 'proxies'],
  // compilePolicy's messages: only the trusted list can fail once the schema passed
  [/^policy: /, 'proxies'],
  [/^request\b/, 'request'],
  [/^body\/request\b/, 'request'],
  [/^(body\/)?policy\b/, 'policy'],
]

/**
 * The field an API message is about. `headerRows` maps the index of each header sent to
 * the id of its row in the form.
 */
export function placeApiError(message: string, headerRows: readonly string[]): FieldError {
  const count = /^body\/policy\/(\w+)/.exec(message)?.[1]
  if (count !== undefined && COUNT_KEYS.has(count)) {
    return { field: count as FieldError['field'], message }
  }
  const header =
    /^body\/request\/headers\/(\d+)/.exec(message)?.[1] ??
    /^request\.headers\[(\d+)\]/.exec(message)?.[1]
  const row = header === undefined ? undefined : headerRows[Number(header)]
  if (row !== undefined) return { field: `header:${row}`, message }
  const setting = /^policy\.settings\.(\w+)/.exec(message)?.[1]
  if (setting !== undefined) return { field: `setting:${setting}`, message }
  const simple = SIMPLE.find(([pattern]) => pattern.test(message))
  return { field: simple?.[1] ?? 'form', message }
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  peerAddress: 'The peer address',
  peerPort: 'The peer port',
  method: 'The method',
  target: 'The target',
  httpVersion: 'The HTTP version',
  proxies: 'The trusted proxies',
  profile: 'The server profile',
  policy: 'The policy',
  request: 'The request',
  form: 'The input',
}

/** JSON-schema phrasing (Fastify's validator) → words; `$1` is the schema's number. */
const SCHEMA_PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^must be >= (\d+)$/, 'must be $1 or more'],
  [/^must be <= (\d+)$/, 'must be $1 or less'],
  [/^must be integer$/, 'must be a whole number'],
  [/^must NOT have fewer than 1 characters$/, 'must not be empty'],
  [/^must NOT have more than (\d+) characters$/, 'must be at most $1 characters'],
  [/^must match pattern .*$/, 'has characters that are not allowed there'],
]

function nameOf(field: FieldId): string {
  if (field.startsWith('header:')) return 'This header'
  if (field.startsWith('setting:')) return 'This option'
  return COUNT_FIELDS.find((count) => count.key === field)?.flag ?? FIELD_NAMES[field] ?? 'This'
}

/**
 * Return the API's reason in words for the field it is shown at: without the JSON path or
 * dotted path it starts with (the message sits next to that field), and with the schema
 * validator's phrasing (`must be >= 0`) said plainly.
 */
export function humanError({ field, message }: FieldError): string {
  const schema = /^body(?:\/[\w-]+)* (must .*)$/.exec(message)
  if (schema) {
    const rule = schema[1] ?? ''
    const phrase = SCHEMA_PHRASES.find(([pattern]) => pattern.test(rule))
    const said = phrase ? rule.replace(phrase[0], phrase[1]) : rule
    return `${nameOf(field)} ${said}.`
  }
  // the route's own messages: `request.headers[2] (X-Forwarded-Proto): reason`, `policy: reason`
  const route = /^[a-z][\w.]*(?:\[\d+\])?(?: \([^)]*\))?: (.+)$/s.exec(message)
  const reason = route?.[1] ?? message
  return reason.charAt(0).toUpperCase() + reason.slice(1)
}
