/**
 * @module
 * Turn section 6.1 of the shared environ spec (T01–T112) into a JSON fixture.
 *
 * Run: `npx tsx tests/corpus/extract-corpus.ts ../shared/environ-spec.md > tests/corpus/spec-corpus.json`
 * The fixture is committed, so tests do not depend on the spec being beside the checkout.
 * Values are kept exactly as observed: request bytes as base64, each expected value as the
 * Python string it was (decoded from its repr), `null` for "(absent)".
 */
import { readFileSync } from 'node:fs'

/** Columns of the spec's tables, in order, mapped to the profile names we use. */
const COLUMNS = [
  'wsgiref',
  'gunicorn',
  'gunicorn20',
  'werkzeug',
  'werkzeug22',
  'waitress',
  'waitress21',
]

export interface CorpusCase {
  id: string
  name: string
  title: string
  request: string // base64 of the raw bytes
  /** profile → status cell text */
  status: Record<string, string>
  /** profile → key → value (null = absent); profiles with "n/a" are left out */
  expect: Record<string, Record<string, string | null>>
}

/** Decode a Python str/bytes literal body (no quotes) into a latin-1 string. */
function unescapePython(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, esc: string) => {
    if (esc[0] === 'x') return String.fromCharCode(Number.parseInt(esc.slice(1), 16))
    const simple: Record<string, string> = {
      n: '\n',
      r: '\r',
      t: '\t',
      '\\': '\\',
      "'": "'",
      '"': '"',
    }
    const out = simple[esc]
    if (out === undefined) throw new Error(`unknown escape \\${esc}`)
    return out
  })
}

function parseRepr(cell: string): string | null | undefined {
  const text = cell.trim()
  if (text === '(absent)') return null
  const m = /^`(['"])(.*)\1`$/.exec(text)
  if (!m) return undefined // n/a or prose
  return unescapePython(m[2] ?? '')
}

function extract(markdown: string): CorpusCase[] {
  const cases: CorpusCase[] = []
  const blocks = markdown.split(/^#### /m).slice(1)
  for (const block of blocks) {
    const head = /^(T\d+) `([^`]+)` — (.*?)\s+\[OBS\]/.exec(block)
    if (!head) continue
    const bytes = /^b(['"])(.*)\1$/m.exec(block)
    const table = block.split('\n').filter((l) => l.startsWith('| '))
    if (!bytes || table.length < 2 || !table[0]?.includes('wsgiref 3.13')) continue
    const status: Record<string, string> = {}
    const expect: Record<string, Record<string, string | null>> = {}
    for (const row of table.slice(1)) {
      const cells = row.split(' | ').map((c) => c.replace(/^\| ?|\s?\|$/g, ''))
      const key = cells[0]?.trim() ?? ''
      cells.slice(1).forEach((cell, i) => {
        const profile = COLUMNS[i]
        if (!profile) return
        if (key === 'status') {
          status[profile] = cell.trim()
          return
        }
        const value = parseRepr(cell)
        if (value === undefined) return
        expect[profile] ??= {}
        ;(expect[profile] as Record<string, string | null>)[key] = value
      })
    }
    const [, id = '', name = '', title = ''] = head
    const request = Buffer.from(unescapePython(bytes[2] ?? ''), 'latin1').toString('base64')
    cases.push({ id, name, title, request, status, expect })
  }
  return cases
}

const source = process.argv[2] ?? '../shared/environ-spec.md'
process.stdout.write(`${JSON.stringify(extract(readFileSync(source, 'utf8')), null, 1)}\n`)
