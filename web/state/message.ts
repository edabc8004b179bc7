/**
 * @module
 * A message about the page as a whole that stays until dismissed: a shared link that was
 * opened (or could not be), an import and what it dropped. Short confirmations that fade
 * ("Copied") use `notice` in inspector.ts instead.
 */
import { signal } from '@preact/signals'

export interface PageMessage {
  readonly tone: 'info' | 'error'
  readonly title: string
  /** Details, one per line: what was dropped, what to know. */
  readonly items?: readonly string[]
}

export const pageMessage = signal<PageMessage | undefined>(undefined)

/** Show `message` until dismissed (a newer message replaces it). */
export function showMessage(message: PageMessage): void {
  pageMessage.value = message
}

export function dismissMessage(): void {
  pageMessage.value = undefined
}
