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
  const simple = SIMPLE.find(([pattern]) => pattern.test(message))
  return { field: simple?.[1] ?? 'form', message }
}
