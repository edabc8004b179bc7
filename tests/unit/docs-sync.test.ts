import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, onTestFinished, test } from 'vitest'
import {
  KEYS_END_MARKER,
  KEYS_START_MARKER,
  renderKeysTable,
  updateReadme,
  writeReadmeKeys,
} from '../../server/docs/keys-table.ts'
import { ENVIRON_KEYS, type EnvironKeyDoc } from '../../server/gateway/environ-keys.ts'

const README_PATH = fileURLToPath(new URL('../../README.md', import.meta.url))
const STALE = 'README key table is stale — run `npm run docs`'

const SAMPLE_README = [
  '# environ-inspector',
  '',
  `The table sits between \`${KEYS_START_MARKER}\` and \`${KEYS_END_MARKER}\`.`,
  '',
  KEYS_START_MARKER,
  'old table',
  KEYS_END_MARKER,
  '',
  '## After',
  '',
].join('\n')

/** Count the `|` that end a cell, i.e. the ones not escaped as `\|`. */
function cellBars(row: string): number {
  return row.replaceAll('\\|', '').split('|').length - 1
}

describe('README.md', () => {
  test('holds the key table rendered from ENVIRON_KEYS', async () => {
    const readme = await readFile(README_PATH, 'utf8')
    expect(updateReadme(readme), STALE).toBe(readme)
  })
})

describe('renderKeysTable', () => {
  test('renders a header, a separator and one row per key', () => {
    const lines = renderKeysTable().split('\n')
    expect(cells(lines[0])).toEqual(['key', 'group', 'profiles', 'summary', 'required'])
    for (const separator of cells(lines[1])) expect(separator).toMatch(/^-{3,}$/)
    expect(lines).toHaveLength(ENVIRON_KEYS.length + 2)
  })

  test('pads every column to one width, as the Markdown formatter does', () => {
    const widths = new Set(
      renderKeysTable()
        .split('\n')
        .map((row) => row.length)
    )
    expect(widths.size).toBe(1)
  })

  test('gives every row exactly five cells', () => {
    for (const row of renderKeysTable().split('\n')) {
      expect(cellBars(row), row).toBe(6)
    }
  })

  test('escapes "|" and folds newlines inside a cell', () => {
    const doc: EnvironKeyDoc = {
      key: 'X_PIPE',
      group: 'extension',
      required: true,
      summary: 'a | b\nc',
      derivedFrom: 'test',
      example: 'x',
      spec: 'https://example.com/',
      profiles: ['wsgiref', 'werkzeug'],
    }
    const row = renderKeysTable([doc]).split('\n')[2]
    expect(cells(row)).toEqual(['`X_PIPE`', 'extension', 'wsgiref, werkzeug', 'a \\| b c', 'yes'])
  })

  test('says "all WSGI" (or "all ASGI") when an entry lists no profiles', () => {
    const row = renderKeysTable().split('\n')[2]
    expect(cells(row)).toEqual([
      '`REQUEST_METHOD`',
      'cgi',
      'all WSGI',
      ENVIRON_KEYS[0]?.summary.replaceAll('|', '\\|'),
      'yes',
    ])
  })
})

describe('updateReadme', () => {
  test('replaces only the lines between the marker lines', () => {
    const updated = updateReadme(SAMPLE_README)
    expect(updated).not.toContain('old table')
    expect(updated).toBe(SAMPLE_README.replace('old table', `\n${renderKeysTable()}\n`))
  })

  test('changes nothing when run on its own output', () => {
    const once = updateReadme(SAMPLE_README)
    expect(updateReadme(once)).toBe(once)
  })

  test('ignores markers quoted inside a line of prose', () => {
    const updated = updateReadme(SAMPLE_README)
    expect(updated).toContain(`The table sits between \`${KEYS_START_MARKER}\``)
  })

  test.each([
    { name: 'no markers', text: '# readme\n' },
    { name: 'only the start marker', text: `${KEYS_START_MARKER}\ntable\n` },
    { name: 'end marker before start marker', text: `${KEYS_END_MARKER}\n${KEYS_START_MARKER}\n` },
    {
      name: 'markers only quoted in prose',
      text: `see \`${KEYS_START_MARKER}\` \`${KEYS_END_MARKER}\`\n`,
    },
  ])('throws a clear error with $name', ({ text }) => {
    expect(() => updateReadme(text)).toThrow(/needs a line "<!-- environ-keys:start -->"/)
  })
})

describe('writeReadmeKeys', () => {
  test('writes the table once, then reports no change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'environ-keys-'))
    onTestFinished(() => rm(dir, { recursive: true, force: true }))
    const path = join(dir, 'README.md')
    await writeFile(path, SAMPLE_README, 'utf8')

    expect(await writeReadmeKeys(path)).toBe(true)
    expect(await readFile(path, 'utf8')).toBe(updateReadme(SAMPLE_README))
    expect(await writeReadmeKeys(path)).toBe(false)
  })
})

/** The trimmed cells of one table row, split on the `|` that are not escaped. */
function cells(row: string | undefined): string[] {
  return (row ?? '')
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim())
}
