/**
 * @module
 * Reading an environ the way Python code does: `environ.get(key)` as text, and its repr
 * for the traces. The one place the frameworks import the gateway's environ types.
 */
import { type Environ, pyStr, strEnviron } from '../../contract/python.ts'
import { reprOptionalStr } from './repr.ts'

export type { Environ }
export { strEnviron }

/** `environ.get(key)` as the string Python code sees, or null when the key is missing. */
export function environGet(environ: Environ, key: string): string | null {
  const value = environ[key]
  return value === undefined ? null : pyStr(value)
}

/** `KEY = 'value'` (or `KEY is missing`) for a trace line. */
export function describeKey(environ: Environ, key: string): string {
  const value = environGet(environ, key)
  return value === null ? `${key} is missing` : `${key} = ${reprOptionalStr(value)}`
}

/**
 * An environ with the reasons some of its values are what they are (a proxy policy or a
 * ProxyFix rewrote them), so a trace can name both the key and where its value came from.
 */
export class EnvironView {
  readonly environ: Environ
  readonly #origins: ReadonlyMap<string, string>

  constructor(environ: Environ, origins: ReadonlyMap<string, string> = new Map()) {
    this.environ = environ
    this.#origins = origins
  }

  /** `environ.get(key)`. */
  get(key: string): string | null {
    return environGet(this.environ, key)
  }

  /** `key in environ`. */
  has(key: string): boolean {
    return key in this.environ
  }

  /** `KEY = 'value'`, plus where the value came from when something rewrote it. */
  describe(key: string): string {
    const origin = this.#origins.get(key)
    return origin ? `${describeKey(this.environ, key)} (${origin})` : describeKey(this.environ, key)
  }
}
