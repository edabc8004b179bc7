/**
 * @module
 * The file-like objects an environ carries: `wsgi.input` over the request body and
 * `wsgi.errors` over the host's error log. Each prints itself the way the Python object of
 * the chosen server profile would.
 */
import type { ErrorStream, InputStream } from './types.ts'

const NEWLINE = 0x0a

/**
 * A `wsgi.input` over a body the host has already read (and de-chunked).
 *
 * `read()` with no size reads to EOF, which is safe here because the body is complete:
 * this is what `wsgi.input_terminated` promises. Given a function, it asks for the body
 * only on the first read: a host that kept the body in pieces joins them only for an app
 * that reads it (the echo never does).
 */
export class BytesInput implements InputStream {
  readonly pyRepr: string
  #source: Uint8Array | (() => Uint8Array)
  #offset = 0

  constructor(body: Uint8Array | (() => Uint8Array), pyRepr: string) {
    this.#source = body
    this.pyRepr = pyRepr
  }

  get #body(): Uint8Array {
    if (typeof this.#source === 'function') this.#source = this.#source()
    return this.#source
  }

  /** Bytes still unread. */
  get remaining(): number {
    return this.#body.length - this.#offset
  }

  read(size?: number): Uint8Array {
    const end =
      size === undefined || size < 0
        ? this.#body.length
        : Math.min(this.#offset + size, this.#body.length)
    const chunk = this.#body.subarray(this.#offset, end)
    this.#offset = end
    return chunk
  }

  readline(size?: number): Uint8Array {
    const limit =
      size === undefined || size < 0
        ? this.#body.length
        : Math.min(this.#offset + size, this.#body.length)
    const newline = this.#body.indexOf(NEWLINE, this.#offset)
    const end = newline === -1 || newline >= limit ? limit : newline + 1
    const line = this.#body.subarray(this.#offset, end)
    this.#offset = end
    return line
  }

  readlines(hint?: number): Uint8Array[] {
    const lines: Uint8Array[] = []
    let total = 0
    while (this.remaining > 0) {
      const line = this.readline()
      lines.push(line)
      total += line.length
      if (hint !== undefined && hint > 0 && total >= hint) break
    }
    return lines
  }

  *[Symbol.iterator](): Iterator<Uint8Array> {
    while (this.remaining > 0) yield this.readline()
  }
}

/** A `wsgi.errors` that hands each write to the host's log. */
export function makeErrorStream(pyRepr: string, log: (text: string) => void): ErrorStream {
  return {
    pyRepr,
    write: (text) => log(text),
    writelines: (lines) => {
      for (const line of lines) log(line)
    },
    flush: () => {},
  }
}
