/**
 * @module
 * A Vite plugin that writes a Brotli and a gzip copy beside every built file worth it, so
 * the server sends the UI compressed (@fastify/static's `preCompressed`) without
 * compressing it again on every request. Compressed once, at build, at the strongest
 * settings.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

/** Below this, a compressed copy saves too little to be worth a file. */
const MIN_BYTES = 1024
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/

/** Write `file.br` and `file.gz` beside `file`. */
export function writeCompressedCopies(file: string): void {
  const bytes = readFileSync(file)
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  })
  writeFileSync(`${file}.br`, brotli)
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }))
}

export function precompress(): Plugin {
  return {
    name: 'environ-inspector:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const [name, output] of Object.entries(bundle)) {
        const size = output.type === 'chunk' ? Buffer.byteLength(output.code) : output.source.length
        if (COMPRESSIBLE.test(name) && size >= MIN_BYTES) {
          writeCompressedCopies(join(options.dir ?? '', name))
        }
      }
    },
  }
}
