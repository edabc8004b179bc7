import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'

/**
 * A page whose code loads only when it is first shown, so the Inspect page (the one most
 * people open) does not pay for Live and Proxy. `load` is a dynamic import.
 */
export function LazyPage({ load, label }: { load: () => Promise<ComponentType>; label: string }) {
  const [page, setPage] = useState<{ Component: ComponentType } | undefined>(undefined)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let live = true
    load().then(
      (Component) => live && setPage({ Component }),
      () => live && setFailed(true)
    )
    return () => {
      live = false
    }
  }, [load])
  if (failed) return <p role="alert">The {label} page could not be loaded; reload to try again.</p>
  if (!page) return <p aria-busy="true">Loading {label}…</p>
  return <page.Component />
}
