/**
 * @module
 * Cut request bytes (as latin-1 text, one character per byte) into lines for display, each
 * with its ending (CRLF, bare LF, none), and a line into runs that are or are not highlighted.
 * Offsets are byte offsets, the same numbers as the relay's ranges.
 */
import type { ByteRange } from '../../server/relay/types.ts'

export type LineEnding = 'crlf' | 'lf' | 'none'

export interface ByteLine {
  /** First byte of the line. */
  readonly start: number
  /** End of its content: the CR of a CRLF, the LF, or the end of the bytes. */
  readonly end: number
  readonly ending: LineEnding
}

/** Return the lines of `text`: split after each LF, a CR before it counted as the ending. */
export function splitLines(text: string): ByteLine[] {
  const lines: ByteLine[] = []
  let start = 0
  while (start < text.length) {
    const lf = text.indexOf('\n', start)
    if (lf < 0) {
      lines.push({ start, end: text.length, ending: 'none' })
      break
    }
    const crlf = lf > start && text.charAt(lf - 1) === '\r'
    lines.push({ start, end: crlf ? lf - 1 : lf, ending: crlf ? 'crlf' : 'lf' })
    start = lf + 1
  }
  return lines
}

export interface Run {
  readonly start: number
  readonly end: number
  readonly lit: boolean
}

/** Return `[start, end)` cut into runs, `lit` where any of `ranges` covers the byte. */
export function litRuns(start: number, end: number, ranges: readonly ByteRange[]): Run[] {
  const cuts = new Set([start, end])
  for (const [from, to] of ranges) {
    if (from > start && from < end) cuts.add(from)
    if (to > start && to < end) cuts.add(to)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const runs: Run[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number
    const to = points[i + 1] as number
    const lit = ranges.some(([a, b]) => a <= from && to <= b && a < b)
    const last = runs[runs.length - 1]
    if (last && last.lit === lit) runs[runs.length - 1] = { start: last.start, end: to, lit }
    else runs.push({ start: from, end: to, lit })
  }
  return runs
}
