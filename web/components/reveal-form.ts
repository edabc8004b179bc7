/** @module Bring the composer into view from elsewhere on the page. */

/**
 * Bring the form into view after a list filled it (the page may be scrolled far down, or
 * the drawer may cover it) and put the cursor in its Path field.
 */
export function revealForm(): void {
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches
  const form = document.getElementById('composer')
  form?.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' })
  form?.querySelector<HTMLInputElement>('input[aria-label="Path"]')?.focus({ preventScroll: true })
}
