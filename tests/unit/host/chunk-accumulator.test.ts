import { describe, expect, test } from 'vitest'
import { ChunkAccumulator, KEEP_WHOLE } from '../../../server/host/chunk-accumulator.ts'

/**
 * `total` bytes (a pattern, so misordered bytes show) cut into chunks of `sizes`, cycled,
 * each a view into a 64 KiB socket read holding it and its neighbours, as Node's parser
 * hands them over.
 */
function cut(total: number, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = []
  let read = Buffer.allocUnsafeSlow(64 * 1024)
  let inRead = 0
  for (let at = 0, n = 0; at < total; n++) {
    const size = Math.min(sizes[n % sizes.length] as number, total - at, 64 * 1024)
    if (inRead + size > read.length) {
      read = Buffer.allocUnsafeSlow(64 * 1024)
      inRead = 0
    }
    for (let i = 0; i < size; i++) read[inRead + i] = ((at + i) * 7 + ((at + i) >> 8)) & 0xff
    chunks.push(read.subarray(inRead, inRead + size))
    inRead += size
    at += size
  }
  return chunks
}

/** Bytes of memory the pieces pin: each distinct ArrayBuffer behind them, once. */
function pinned(pieces: readonly Buffer[]): number {
  return [...new Set(pieces.map((piece) => piece.buffer))].reduce((n, b) => n + b.byteLength, 0)
}

const cases = [
  { name: 'one-byte chunks', total: 300_000, sizes: [1] },
  { name: 'seven-byte chunks', total: 100_000, sizes: [7] },
  {
    name: 'one byte, then a whole 32 KiB chunk, alternating',
    total: 1_000_000,
    sizes: [1, KEEP_WHOLE],
  },
  { name: 'just under the whole-chunk size', total: 1_000_000, sizes: [KEEP_WHOLE - 1] },
  { name: '64 KiB socket reads (an ordinary upload)', total: 1024 * 1024, sizes: [64 * 1024] },
  { name: 'mixed sizes', total: 500_000, sizes: [3, 1000, 40_000, 1, 20_000, 65_536, 2] },
  { name: 'a single small chunk', total: 10, sizes: [10] },
  { name: 'nothing', total: 0, sizes: [1] },
]

describe('ChunkAccumulator', () => {
  test.each(cases)('$name: the same bytes, in order, in few pieces', ({ total, sizes }) => {
    const chunks = cut(total, sizes)
    const accumulator = new ChunkAccumulator()
    for (const chunk of chunks) accumulator.push(chunk)
    const pieces = accumulator.pieces()
    expect(accumulator.size).toBe(total)
    expect(Buffer.concat(pieces).equals(Buffer.concat(chunks))).toBe(true)
    expect(accumulator.concat().equals(Buffer.concat(chunks))).toBe(true)
    // one piece per 16 KiB at most, not one per chunk
    expect(pieces.length).toBeLessThanOrEqual(Math.ceil(total / (16 * 1024)) + 1)
  })

  test.each(cases)(
    '$name: pins at most about twice the bytes, plus one block',
    ({ total, sizes }) => {
      const accumulator = new ChunkAccumulator()
      for (const chunk of cut(total, sizes)) accumulator.push(chunk)
      expect(pinned(accumulator.pieces())).toBeLessThanOrEqual(2 * total + 2 * KEEP_WHOLE)
    }
  )

  test('keeps large chunks without copying them', () => {
    const large = Buffer.alloc(64 * 1024, 1)
    const accumulator = new ChunkAccumulator()
    accumulator.push(large)
    accumulator.push(large)
    const [first, second] = accumulator.pieces()
    expect(first?.buffer).toBe(large.buffer)
    expect(second?.buffer).toBe(large.buffer)
    expect(accumulator.concat()).toHaveLength(128 * 1024)
  })

  test('a single piece is returned as it is by concat', () => {
    const accumulator = new ChunkAccumulator()
    accumulator.push(Buffer.from('hello'))
    const pieces = accumulator.pieces()
    expect(pieces).toHaveLength(1)
    expect(accumulator.concat().buffer).toBe(pieces[0]?.buffer)
  })
})
