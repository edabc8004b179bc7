/**
 * @module
 * Collect bytes that arrive in chunks of any size, with memory proportional to the bytes
 * kept, not to the number of chunks.
 *
 * A client chooses the chunking: a chunked body of one-byte chunks makes Node's parser emit
 * one `data` event, and one Buffer object (about a hundred bytes of heap, and a view that
 * pins the socket read it came from) per byte. Keeping those Buffers in an array costs a few
 * hundred times the body. Here small chunks are copied into a block as they arrive (the block
 * doubles from 256 bytes up to 32 KiB, then a new one starts), and only large chunks are kept
 * as they came, without a copy, so the usual upload of 64 KiB socket reads costs nothing extra.
 *
 * Bounds: a kept chunk is at least 32 KiB and pins at most the 64 KiB socket read holding
 * it; a block is at least half full, except the current one. So the memory held is at most
 * about twice the bytes plus one block, however the bytes were cut.
 *
 * `coalesced()` applies the same to a stream that someone else collects (Fastify's body
 * parsers keep an array of every chunk they read).
 */
import { Readable } from 'node:stream'

/** Chunks this large are kept as they came; smaller ones are copied into a block. */
export const KEEP_WHOLE = 32 * 1024
const FIRST_BLOCK = 256

export class ChunkAccumulator {
  /** Full blocks and whole chunks, in order; the block being filled is `#block`. */
  readonly #pieces: Buffer[] = []
  #block: Buffer | null = null
  #used = 0
  #size = 0

  /** Bytes pushed so far. */
  get size(): number {
    return this.#size
  }

  push(chunk: Uint8Array): void {
    this.#size += chunk.length
    if (chunk.length >= KEEP_WHOLE) {
      this.#sealBlock()
      this.#pieces.push(
        Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)
      )
      return
    }
    let at = 0
    while (at < chunk.length) {
      const block = this.#room(chunk.length - at)
      const n = Math.min(block.length - this.#used, chunk.length - at)
      block.set(chunk.subarray(at, at + n), this.#used)
      this.#used += n
      at += n
    }
  }

  /** The bytes in order, in as few pieces as they are held (no copy). */
  pieces(): Buffer[] {
    const block = this.#block
    return block && this.#used > 0
      ? [...this.#pieces, block.subarray(0, this.#used)]
      : [...this.#pieces]
  }

  /** The bytes as one buffer: a view when they are held in one piece, else a copy. */
  concat(): Buffer {
    const pieces = this.pieces()
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces, this.#size)
  }

  /** A block with room for at least one more byte: the current one, grown, or a new one. */
  #room(wanted: number): Buffer {
    const block = this.#block
    if (block && this.#used < block.length) return block
    if (block && block.length < KEEP_WHOLE) {
      // double, copying what it holds: a block stays at least half full
      const grown = Buffer.allocUnsafeSlow(Math.min(KEEP_WHOLE, Math.max(block.length * 2, wanted)))
      block.copy(grown, 0, 0, this.#used)
      this.#block = grown
      return grown
    }
    if (block) this.#pieces.push(block)
    const size = block ? KEEP_WHOLE : Math.min(KEEP_WHOLE, Math.max(FIRST_BLOCK, wanted))
    this.#block = Buffer.allocUnsafeSlow(size)
    this.#used = 0
    return this.#block
  }

  /** Before a whole chunk: keep the current block's bytes, in a buffer of their own size. */
  #sealBlock(): void {
    const block = this.#block
    if (!block || this.#used === 0) return
    // a copy, so a block barely used does not pin its capacity behind a large chunk
    this.#pieces.push(
      this.#used * 2 >= block.length
        ? block.subarray(0, this.#used)
        : Buffer.from(block.subarray(0, this.#used))
    )
    this.#block = null
    this.#used = 0
  }
}

/**
 * The bytes of `source` as a stream of pieces of at least 32 KiB (the last may be smaller),
 * for a consumer that keeps every chunk it reads. It follows `source` as fast as it sends
 * and holds at most one block of it; a consumer that stops reading loses the rest, as it
 * would by removing its listener from `source`.
 */
export function coalesced(source: Readable): Readable {
  let held = new ChunkAccumulator()
  const out = new Readable({ read() {} })
  const release = () => {
    for (const piece of held.pieces()) out.push(piece)
    held = new ChunkAccumulator()
  }
  source.on('data', (chunk: Buffer) => {
    held.push(chunk)
    if (held.size >= KEEP_WHOLE) release()
  })
  source.on('end', () => {
    release()
    out.push(null)
  })
  source.on('error', (error) => out.destroy(error))
  return out
}
