import { describe, expect, test } from 'vitest'
import { lazy } from '../../../web/lib/lazy.ts'

describe('lazy', () => {
  test('imports once, on the first load, and holds the module', async () => {
    let imports = 0
    const code = lazy(async () => {
      imports += 1
      return { answer: 42 }
    })
    expect(imports).toBe(0)
    expect(code.module.value).toBeUndefined()
    const [first, second] = await Promise.all([code.load(), code.load()])
    expect(first).toEqual({ answer: 42 })
    expect(second).toBe(first)
    expect(code.module.value).toBe(first)
    await code.load()
    expect(imports).toBe(1)
  })

  test('a failed import resolves to undefined, sets failed, and the next load retries', async () => {
    let attempts = 0
    const code = lazy(async () => {
      attempts += 1
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module')
      return 'loaded'
    })
    expect(await code.load()).toBeUndefined()
    expect(code.failed.value).toBe(true)
    expect(code.module.value).toBeUndefined()
    expect(await code.load()).toBe('loaded')
    expect(code.failed.value).toBe(false)
    expect(attempts).toBe(2)
  })
})
