import { computed, type ReadonlySignal } from '@preact/signals'
import type { ComponentType, FunctionComponent } from 'preact'
import { useEffect } from 'preact/hooks'
import { lazy } from '../lib/lazy.ts'

/** A component whose code loads on first render, or earlier through `preload`. */
export interface LazyComponent<P> extends FunctionComponent<P> {
  /** Start loading now (on hover, on a related action) so the first render has no wait. */
  preload(): void
  /** True once the code has arrived, so rendering it costs nothing more. */
  readonly loaded: ReadonlySignal<boolean>
}

/**
 * Return a component that renders `load`'s component once it has arrived.
 *
 * Until then it shows a short "Loading {label}…" (busy, for assistive technology); if the
 * chunk cannot be fetched it says so in an alert instead of leaving a blank.
 */
export function lazyComponent<P extends object>(
  label: string,
  load: () => Promise<ComponentType<P>>
): LazyComponent<P> {
  const code = lazy(load)
  function Lazy(props: P) {
    const Component = code.module.value
    useEffect(() => {
      if (!Component) void code.load()
    }, [Component])
    if (Component) return <Component {...props} />
    if (code.failed.value)
      return <p role="alert">The {label} could not be loaded; reload to try again.</p>
    return <p aria-busy="true">Loading {label}…</p>
  }
  return Object.assign(Lazy, {
    preload: () => {
      void code.load()
    },
    loaded: computed(() => code.module.value !== undefined),
  })
}
