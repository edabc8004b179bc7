/**
 * @module
 * Name what is malformed in a request's bytes: the cases servers' parsers disagree on (bare
 * LF, obs-fold, Content-Length with Transfer-Encoding, HTTP/0.9...). Pure: it reads the bytes
 * and the relay's tokenized head (contract `RequestHead`), decides nothing about any server.
 */

import type { ByteRange, RequestHead } from '../contract/api/send.ts'
import { MALFORMATIONS, type Malformation } from '../contract/parser-verdicts.ts'

const CR = 0x0d
const LF = 0x0a
/** http.client's and gunicorn's limit: more header lines than this is refused. */
const MAX_HEADERS = 100
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const VERSION = /^HTTP\/(\d)\.(\d)$/

function text(bytes: Uint8Array, [start, end]: ByteRange): string {
  let out = ''
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i] as number)
  return out
}

/** Line-ending faults in the head (the body is left alone). */
function lineEndingCases(bytes: Uint8Array, head: RequestHead, found: Set<Malformation>): void {
  const end = head.bodyStart ?? bytes.length
  for (let i = 0; i < end; i++) {
    if (bytes[i] === CR && bytes[i + 1] !== LF) found.add('bare-cr')
    if (bytes[i] === LF && bytes[i - 1] !== CR)
      found.add(head.lineEndings === 'mixed' ? 'bare-lf-among-crlf' : 'bare-lf')
  }
  if (bytes[0] === CR || bytes[0] === LF) found.add('leading-crlf')
}

function requestLineCases(bytes: Uint8Array, head: RequestHead, found: Set<Malformation>): void {
  const line = head.requestLine
  if (!line) return
  const { method, target, version } = line
  if (method && /[a-z]/.test(text(bytes, method))) found.add('lowercase-method')
  const whole = text(bytes, line.range)
  // after a bare CR the line runs into the next header: its spaces say nothing
  if (!found.has('bare-cr')) {
    if (whole.includes('\t')) found.add('tab-in-request-line')
    if (whole.split(' ').filter(Boolean).length > 3) found.add('space-in-target')
    else if (/ {2}|^ | $/.test(whole)) found.add('extra-space-in-request-line')
  }
  if (target) {
    const t = text(bytes, target)
    if (/[^\x00-\x7f]/.test(t)) found.add('non-ascii-target')
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(t)) found.add('control-in-target')
    if (
      !/^(\/|\*$|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/.test(t) &&
      method &&
      text(bytes, method) !== 'CONNECT'
    )
      found.add('target-without-slash')
  }
  if (method && target && !version) found.add('http-0.9')
  // after a stray space, tab or CR the third word is not the version: say only that
  if (version && line.extra.length === 0 && !found.has('bare-cr')) {
    const match = VERSION.exec(text(bytes, version))
    if (!match)
      found.add(
        /^http\//i.test(text(bytes, version)) && VERSION.test(text(bytes, version).toUpperCase())
          ? 'lowercase-version'
          : 'malformed-version'
      )
    // HTTP/2.0 and later reach the gateway, which answers 505 as each profile does
    else if (match[1] === '1' && match[2] !== '0' && match[2] !== '1')
      found.add('unsupported-version')
  }
}

function headerCases(bytes: Uint8Array, head: RequestHead, found: Set<Malformation>): void {
  const lengths: string[] = []
  let chunked = false
  for (const field of head.headers) {
    if (field.problem === 'obs-fold') found.add('obs-fold')
    else if (field.problem === 'no-colon') found.add('no-colon')
    else if (field.problem === 'whitespace-before-colon') found.add('whitespace-before-colon')
    else if (field.problem === 'empty-name') found.add('invalid-header-name')
    if (field.problem) continue
    const name = text(bytes, field.name)
    const value = text(bytes, field.value)
    if (!TOKEN.test(name)) found.add('invalid-header-name')
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) found.add('control-in-value')
    const lower = name.toLowerCase()
    if (lower === 'content-length') lengths.push(...value.split(',').map((v) => v.trim()))
    if (lower === 'transfer-encoding') {
      const codings = value
        .toLowerCase()
        .split(',')
        .map((v) => v.trim())
      if (codings.includes('chunked')) chunked = true
      if (codings.join() !== 'chunked') found.add('transfer-encoding-not-chunked')
    }
  }
  if (lengths.length > 0 && chunked) found.add('content-length-and-transfer-encoding')
  if (lengths.some((v) => /^[+-]\d+$/.test(v))) found.add('signed-content-length')
  if (lengths.some((v) => !/^[+-]?\d+$/.test(v))) found.add('invalid-content-length')
  if (lengths.length > 1) {
    found.add(
      lengths.every((v) => v === lengths[0])
        ? 'two-content-lengths-equal'
        : 'two-content-lengths-different'
    )
  }
  if (head.headers.length > MAX_HEADERS) found.add('too-many-headers')
}

/** Every malformation in `bytes` (tokenized as `head`), in `MALFORMATIONS` order. */
export function classifyRequest(bytes: Uint8Array, head: RequestHead): Malformation[] {
  const found = new Set<Malformation>()
  lineEndingCases(bytes, head, found)
  requestLineCases(bytes, head, found)
  headerCases(bytes, head, found)
  return MALFORMATIONS.filter((m) => found.has(m))
}
