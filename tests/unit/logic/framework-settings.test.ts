import { describe, expect, test } from 'vitest'
import { EXAMPLE_SETTINGS, readSettings } from '../../../web/logic/framework-settings.ts'

describe('the framework settings box', () => {
  test('the example reads as settings for the three frameworks', () => {
    const read = readSettings(EXAMPLE_SETTINGS)
    expect('settings' in read && Object.keys(read.settings)).toEqual([
      'flask',
      'django',
      'starlette',
    ])
  })

  test.each([
    ['', { settings: {} }],
    ['{"django": {"ALLOWED_HOSTS": ["*"]}}', { settings: { django: { ALLOWED_HOSTS: ['*'] } } }],
  ])('%j reads', (text, expected) => {
    expect(readSettings(text)).toEqual(expected)
  })

  test.each([
    ['{"django": ', /^Settings: not JSON/],
    ['[1]', /^Settings: an object/],
    ['"flask"', /^Settings: an object/],
    ['{"fastapi": {}}', /^Settings: no framework "fastapi"$/],
  ])('%j says why not', (text, message) => {
    const read = readSettings(text)
    expect('error' in read && read.error).toMatch(message)
  })
})
