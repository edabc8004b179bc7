/**
 * @module
 * A Python exception as the models raise it: the class name a traceback would show and
 * `str(exception)`, the text after the colon.
 */

/** What a framework would raise: `DisallowedHost`, `SecurityError`, `ValueError`, … */
export class PyError extends Error {
  /** The exception's class name, without its module. */
  readonly type: string

  constructor(type: string, message: string) {
    super(message)
    this.type = type
  }
}

/** `ValueError(message)`. */
export function valueError(message: string): PyError {
  return new PyError('ValueError', message)
}

/** `KeyError(key)`: Python prints the key's repr. */
export function keyError(keyRepr: string): PyError {
  return new PyError('KeyError', keyRepr)
}
