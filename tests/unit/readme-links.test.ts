/**
 * The README's links inside itself (the contents list at the top, "see …" references) point
 * at headings that exist, under the anchors GitHub and npm give them.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

const outsideCode = README.replace(/```[\s\S]*?```/g, '')
const headings = new Set(
  [...outsideCode.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1] as string))
)

describe('README.md', () => {
  test('every #link names a heading', () => {
    const links = [...outsideCode.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1] as string)
    expect(links.length).toBeGreaterThan(10)
    expect(links.filter((link) => !headings.has(link))).toEqual([])
  })

  test('the contents list at the top links every section, in order', () => {
    const contents = /^\*\*Contents:\*\*([\s\S]*?)\n\n/m.exec(README)?.[1] ?? ''
    const listed = [...contents.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1])
    const sections = [...outsideCode.matchAll(/^## (.+)$/gm)].map((m) => anchor(m[1] as string))
    expect(listed).toEqual(sections)
  })
})
