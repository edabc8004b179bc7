/**
 * @module
 * The guided tour's position: which step shows, or none. The steps and the panel that runs
 * them load when the tour starts (views/tour/).
 */
import { signal } from '@preact/signals'

/** The step showing (0-based), or undefined when no tour runs. */
export const tourStep = signal<number | undefined>(undefined)

export function startTour(): void {
  tourStep.value = 0
}

export function endTour(): void {
  tourStep.value = undefined
}
