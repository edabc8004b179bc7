/**
 * @module
 * Wrapped localStorage: never throws (private mode, quota, disabled storage, bad JSON).
 *
 * Readers pass a guard, so whatever an older version or another tab stored cannot crash
 * the UI.
 */

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** Return the stored value when it parses and passes `guard`, else undefined. */
export function readJson<T>(key: string, guard: (value: unknown) => value is T): T | undefined {
  try {
    const text = storage()?.getItem(key)
    if (text == null) return undefined
    const value: unknown = JSON.parse(text)
    return guard(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** Store a value as JSON; return false when the browser refused. */
export function writeJson(key: string, value: unknown): boolean {
  try {
    storage()?.setItem(key, JSON.stringify(value))
    return true
  } catch {
    return false
  }
}

/** Remove a stored value, ignoring failures. */
export function removeKey(key: string): void {
  try {
    storage()?.removeItem(key)
  } catch {
    // nothing stored, nothing to do
  }
}
