/**
 * @module
 * Keep one row (the selected request) where it is on screen while rows arrive above it.
 *
 * Browsers' scroll anchoring does this only once the list is scrolled; at the top, a new
 * row would push the selected one down. After every render the hook compares the row's
 * position in the scroller with the one it recorded and scrolls by the difference.
 * Scrolling by the user is recorded too, so it is never undone.
 */
import type { RefObject } from 'preact'
import { useLayoutEffect, useRef } from 'preact/hooks'

interface Anchor {
  readonly id: number
  /** The row's top relative to the scroller's visible top. */
  readonly top: number
}

function rowOf(box: HTMLElement, id: number | undefined): HTMLElement | null {
  return id === undefined ? null : box.querySelector<HTMLElement>(`tr[data-id="${id}"]`)
}

/** Rects, not offsetTop: rows have fractional heights, and offsets round them. */
function topIn(box: HTMLElement, row: HTMLElement): number {
  return row.getBoundingClientRect().top - box.getBoundingClientRect().top
}

/** Returns the scroll handler to attach to the scroller. */
export function useSteadyRow(
  scroller: RefObject<HTMLElement | null>,
  id: number | undefined
): () => void {
  const anchor = useRef<Anchor | undefined>(undefined)
  const record = () => {
    const box = scroller.current
    const row = box && rowOf(box, id)
    anchor.current = box && row && id !== undefined ? { id, top: topIn(box, row) } : undefined
  }
  useLayoutEffect(() => {
    const box = scroller.current
    const row = box && rowOf(box, id)
    const before = anchor.current
    if (box && row && before && before.id === id) {
      const drift = topIn(box, row) - before.top
      if (Math.abs(drift) >= 0.5) box.scrollTop += drift
    }
    record()
  })
  return record
}
