/**
 * @module
 * Tokenize a request head into byte ranges: the request-line parts and each header line's
 * name and value. For provenance and highlighting only, never for deciding anything.
 *
 * It accepts whatever it is given. Lines end at LF, with or without the CR before it; runs
 * of spaces and tabs separate request-line words; a line without a colon, with whitespace
 * before the colon or starting with whitespace (obs-fold) is kept and marked. Empty lines
 * before the request line are skipped, as Node's parser skips a CRLF there.
 */

import type { ByteRange, HeadField, RequestHead, RequestLine } from '../contract/api/send.ts'
import { latin1Text } from '../contract/http.ts'

const LF = 0x0a
const CR = 0x0d
const SP = 0x20
const HTAB = 0x09
const COLON = 0x3a

function isBlank(byte: number | undefined): boolean {
  return byte === SP || byte === HTAB
}

interface Line {
  readonly start: number
  /** End of the content (before CR LF or LF). */
  readonly end: number
  /** Start of the next line. */
  readonly next: number
  readonly eol: 'crlf' | 'lf' | 'none'
}

function readLine(bytes: Uint8Array, start: number): Line {
  const lf = bytes.indexOf(LF, start)
  if (lf === -1) return { start, end: bytes.length, next: bytes.length, eol: 'none' }
  const crlf = lf > start && bytes[lf - 1] === CR
  return { start, end: crlf ? lf - 1 : lf, next: lf + 1, eol: crlf ? 'crlf' : 'lf' }
}

/** Return `[start, end)` with spaces and tabs removed from both ends. */
function trim(bytes: Uint8Array, start: number, end: number): ByteRange {
  let s = start
  let e = end
  while (s < e && isBlank(bytes[s])) s++
  while (e > s && isBlank(bytes[e - 1])) e--
  return [s, e]
}

/** Split a line into words separated by runs of spaces and tabs. */
function words(bytes: Uint8Array, start: number, end: number): ByteRange[] {
  const out: ByteRange[] = []
  let i = start
  while (i < end) {
    while (i < end && isBlank(bytes[i])) i++
    if (i >= end) break
    const wordStart = i
    while (i < end && !isBlank(bytes[i])) i++
    out.push([wordStart, i])
  }
  return out
}

function parseField(bytes: Uint8Array, line: Line): HeadField {
  const range: ByteRange = [line.start, line.end]
  if (isBlank(bytes[line.start])) {
    return {
      range,
      name: [line.start, line.start],
      value: trim(bytes, line.start, line.end),
      problem: 'obs-fold',
    }
  }
  const colon = bytes.subarray(line.start, line.end).indexOf(COLON)
  if (colon === -1) {
    return { range, name: range, value: [line.end, line.end], problem: 'no-colon' }
  }
  const at = line.start + colon
  const name = trim(bytes, line.start, at)
  const value = trim(bytes, at + 1, line.end)
  if (at === line.start) return { range, name, value, problem: 'empty-name' }
  if (isBlank(bytes[at - 1])) return { range, name, value, problem: 'whitespace-before-colon' }
  return { range, name, value }
}

/** Tokenize the head of `bytes`; anything after the empty line is the body. */
export function tokenizeHead(bytes: Uint8Array): RequestHead {
  const endings = new Set<'crlf' | 'lf'>()
  const note = (line: Line) => {
    if (line.eol !== 'none') endings.add(line.eol)
  }
  let pos = 0
  let line = readLine(bytes, pos)
  while (line.start === line.end && line.eol !== 'none') {
    note(line)
    pos = line.next
    line = readLine(bytes, pos)
  }
  if (line.start === line.end) {
    return { requestLine: null, headers: [], bodyStart: null, lineEndings: lineEndings(endings) }
  }
  note(line)
  const [method, target, version, ...extra] = words(bytes, line.start, line.end)
  const requestLine: RequestLine = {
    range: [line.start, line.end],
    ...(method && { method }),
    ...(target && { target }),
    ...(version && { version }),
    extra,
  }
  const headers: HeadField[] = []
  let bodyStart: number | null = null
  pos = line.next
  while (pos < bytes.length) {
    line = readLine(bytes, pos)
    note(line)
    if (line.start === line.end) {
      if (line.eol !== 'none') bodyStart = line.next
      break
    }
    headers.push(parseField(bytes, line))
    pos = line.next
  }
  return { requestLine, headers, bodyStart, lineEndings: lineEndings(endings) }
}

function lineEndings(endings: ReadonlySet<'crlf' | 'lf'>): RequestHead['lineEndings'] {
  if (endings.size === 2) return 'mixed'
  return endings.has('crlf') ? 'crlf' : endings.has('lf') ? 'lf' : 'none'
}

/** Return the bytes of `range` read as latin-1. */
export function rangeText(bytes: Uint8Array, [start, end]: ByteRange): string {
  return latin1Text(bytes.subarray(start, end))
}
