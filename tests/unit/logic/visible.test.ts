import { describe, expect, test } from 'vitest'
import { utf8Hint, visibleSegments } from '../../../web/logic/visible.ts'

describe('visibleSegments', () => {
  test('keeps plain text as one segment', () => {
    expect(visibleSegments('a b')).toEqual([{ kind: 'text', text: 'a b' }])
  })

  test('replaces tab and NUL with visible stand-ins', () => {
    expect(visibleSegments('a\tb\0')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'invisible', text: '⇥', label: 'tab (\\t)' },
      { kind: 'text', text: 'b' },
      { kind: 'invisible', text: '␀', label: 'NUL (\\x00)' },
    ])
  })

  test('marks spaces at the edges but not inside', () => {
    const segments = visibleSegments(' a b  ')
    expect(segments.map((s) => s.text).join('')).toBe('·a b··')
    expect(segments.filter((s) => s.kind === 'invisible')).toHaveLength(3)
  })

  test('shows C0 controls as control pictures and C1 controls as \\x escapes', () => {
    expect(visibleSegments('\x01')[0]).toMatchObject({ kind: 'invisible', text: '␁' })
    expect(visibleSegments('\x85')[0]).toMatchObject({ kind: 'invisible', text: '\\x85' })
  })

  test('marks printable non-ASCII so mojibake stands out', () => {
    expect(visibleSegments('Ã©')).toEqual([
      { kind: 'nonascii', text: 'Ã', label: 'U+00C3' },
      { kind: 'nonascii', text: '©', label: 'U+00A9' },
    ])
  })

  test('never returns raw invisible characters', () => {
    const text = visibleSegments('\0\t\r\n\x7f\xa0\xad')
      .map((s) => s.text)
      .join('')
    expect(text).not.toMatch(/[\0\t\r\n\x7f\xa0\xad]/)
  })
})

describe('utf8Hint', () => {
  test('decodes latin-1 mojibake back to UTF-8', () => {
    expect(utf8Hint('/cafÃ©')).toBe('/café')
  })

  test('gives nothing for ASCII', () => {
    expect(utf8Hint('/plain')).toBeUndefined()
  })

  test('gives nothing when the bytes are not UTF-8', () => {
    expect(utf8Hint('caf\xe9')).toBeUndefined()
  })

  test('gives nothing for characters beyond latin-1', () => {
    expect(utf8Hint('Ã© ✓')).toBeUndefined()
  })
})
