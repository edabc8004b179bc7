/**
 * @module
 * A module fetched on first use, held in signals so whatever reads it re-renders when it
 * arrives (or fails to).
 */
import { type ReadonlySignal, signal } from '@preact/signals'

export interface Lazy<T> {
  /** The module once loaded; `undefined` before, and after a failed load. */
  readonly module: ReadonlySignal<T | undefined>
  /** True after a load failed (offline, or a deploy replaced the chunk); a new load retries. */
  readonly failed: ReadonlySignal<boolean>
  /** Start loading (once) and resolve to the module, or to `undefined` if it could not load. */
  load(): Promise<T | undefined>
}

/** Wrap a dynamic `import()` so it runs once, on the first `load()`. */
export function lazy<T>(importer: () => Promise<T>): Lazy<T> {
  const module = signal<T | undefined>(undefined)
  const failed = signal(false)
  let pending: Promise<T | undefined> | undefined
  function load(): Promise<T | undefined> {
    pending ??= importer().then(
      (loaded) => {
        module.value = loaded
        failed.value = false
        return loaded
      },
      () => {
        pending = undefined
        failed.value = true
        return undefined
      }
    )
    return pending
  }
  return { module, failed, load }
}
