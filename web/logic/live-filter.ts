/**
 * @module
 * The Live page's filter: one text box and method chips.
 *
 * The text is split on whitespace and every word must appear (case-insensitively) in the
 * method, the request-target or one header line `Name: value`, so `post x-hook:` finds
 * POSTs that carry an X-Hook header. With no method chip on, every method passes.
 */
import type { CapturedSummary } from './live-record.ts'

export interface LiveFilter {
  readonly text: string
  /** Methods to show; empty shows all. */
  readonly methods: readonly string[]
}

export const NO_FILTER: LiveFilter = { text: '', methods: [] }

/** The order chips appear in; other methods follow alphabetically. */
const COMMON_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

/** What the words of the filter are matched against. */
function haystack(request: CapturedSummary): string[] {
  return [
    request.method.toLowerCase(),
    request.target.toLowerCase(),
    ...request.headers.map(([name, value]) => `${name}: ${value}`.toLowerCase()),
  ]
}

export function isFiltering(filter: LiveFilter): boolean {
  return filter.text.trim() !== '' || filter.methods.length > 0
}

export function matchesFilter(request: CapturedSummary, filter: LiveFilter): boolean {
  if (filter.methods.length > 0 && !filter.methods.includes(request.method)) return false
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return true
  const fields = haystack(request)
  return words.every((word) => fields.some((field) => field.includes(word)))
}

export function filterRows(
  rows: readonly CapturedSummary[],
  filter: LiveFilter
): readonly CapturedSummary[] {
  return isFiltering(filter) ? rows.filter((row) => matchesFilter(row, filter)) : rows
}

/** The methods to offer as chips: those in the rows plus those already chosen, in a stable order. */
export function methodChips(rows: readonly CapturedSummary[], chosen: readonly string[]): string[] {
  const seen = new Set([...rows.map((row) => row.method), ...chosen])
  const common = COMMON_METHODS.filter((method) => seen.has(method))
  const other = [...seen].filter((method) => !COMMON_METHODS.includes(method)).sort()
  return [...common, ...other]
}

/** Turn a method chip on or off. */
export function toggleMethod(filter: LiveFilter, method: string): LiveFilter {
  const methods = filter.methods.includes(method)
    ? filter.methods.filter((m) => m !== method)
    : [...filter.methods, method]
  return { ...filter, methods }
}
