import { describe, expect, test } from 'vitest'
import { BytesInput } from '../../../server/gateway/streams.ts'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe('BytesInput', () => {
  test('over a body given as a function, asks for it on the first read only', () => {
    let asked = 0
    const input = new BytesInput(() => {
      asked++
      return new TextEncoder().encode('one\ntwo\n')
    }, '<_io.BufferedReader name=5>')
    expect(asked).toBe(0) // building the environ did not join the body
    expect(input.pyRepr).toBe('<_io.BufferedReader name=5>')
    expect(text(input.readline())).toBe('one\n')
    expect(input.remaining).toBe(4)
    expect(text(input.read())).toBe('two\n')
    expect(asked).toBe(1)
  })

  test('reads the same over bytes', () => {
    const input = new BytesInput(new TextEncoder().encode('a\nb'), 'r')
    expect(input.readlines().map(text)).toEqual(['a\n', 'b'])
    expect(input.read().length).toBe(0)
  })
})
