/**
 * @module
 * Which of the request dialogs is open: Import (into the composer), Export (the composer's
 * request or a captured one), Share (a link to the composer's request). The dialogs load
 * when first opened; this is all the page carries before that.
 */
import { signal } from '@preact/signals'
import type { CapturedRecord } from '../logic/live-record.ts'

/** What an export writes: the composer's request as it will be sent, or a captured one. */
export type ExportFrom =
  | { readonly from: 'composer' }
  | { readonly from: 'record'; readonly record: CapturedRecord }

export type OpenDialog =
  | { readonly kind: 'import' }
  | { readonly kind: 'share' }
  | ({ readonly kind: 'export' } & ExportFrom)

export const openDialog = signal<OpenDialog | undefined>(undefined)

export function closeDialog(): void {
  openDialog.value = undefined
}
