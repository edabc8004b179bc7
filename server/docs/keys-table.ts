/**
 * @module
 * The README's environ key table, generated from ENVIRON_KEYS.
 *
 * `npm run docs` calls {@link writeReadmeKeys}; tests/unit/docs-sync.test.ts fails when
 * README.md and the rendered table disagree. Only `writeReadmeKeys` touches the disk.
 */

import { readFile, writeFile } from 'node:fs/promises'
import { ENVIRON_KEYS, type EnvironKeyDoc } from '../gateway/environ-keys.ts'

/** The line that opens the generated section in README.md. */
export const KEYS_START_MARKER = '<!-- environ-keys:start -->'
/** The line that closes the generated section in README.md. */
export const KEYS_END_MARKER = '<!-- environ-keys:end -->'

/** Render ENVIRON_KEYS (or `docs`) as a Markdown table: key | group | profiles | summary | required. */
export function renderKeysTable(docs: readonly EnvironKeyDoc[] = ENVIRON_KEYS): string {
  const header = ['key', 'group', 'profiles', 'summary', 'required']
  const rows = docs.map((doc) =>
    [
      `\`${doc.key}\``,
      doc.group,
      doc.profiles ? doc.profiles.join(', ') : doc.group === 'asgi' ? 'all ASGI' : 'all WSGI',
      doc.summary,
      doc.required ? 'yes' : 'no',
    ].map(escapeCell)
  )
  // pad every column to its widest cell, as the Markdown formatter in `npm run check` does
  const widths = header.map((title, column) =>
    Math.max(title.length, 3, ...rows.map((row) => (row[column] ?? '').length))
  )
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n'
  )
}

/**
 * Return `readmeText` with the lines between the key-table marker lines replaced by the table.
 *
 * A marker counts only on a line of its own, so prose that quotes it is left alone. The
 * marker lines and everything outside them are kept as they are, so running this on its own
 * output changes nothing.
 *
 * @throws Error when either marker line is missing.
 */
export function updateReadme(readmeText: string): string {
  const lines = readmeText.split('\n')
  const start = lines.findIndex((line) => line.trim() === KEYS_START_MARKER)
  const end = lines.findIndex((line, i) => i > start && line.trim() === KEYS_END_MARKER)
  if (start === -1 || end === -1) {
    throw new Error(
      `README.md needs a line "${KEYS_START_MARKER}" followed by a line "${KEYS_END_MARKER}"; the environ key table is generated between them`
    )
  }
  // blank lines around the table keep it a block apart from the HTML comments
  const section = ['', ...renderKeysTable().split('\n'), '']
  return [...lines.slice(0, start + 1), ...section, ...lines.slice(end)].join('\n')
}

/** Regenerate the key table in the README at `readmePath`; return whether the file changed. */
export async function writeReadmeKeys(readmePath: string): Promise<boolean> {
  const current = await readFile(readmePath, 'utf8')
  const updated = updateReadme(current)
  if (updated === current) return false
  await writeFile(readmePath, updated, 'utf8')
  return true
}

/** Keep a cell on one line and stop `|` from ending it (GFM allows `\|` in code spans too). */
function escapeCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|')
}
