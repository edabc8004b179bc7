/**
 * @module
 * Page layout state that several components share.
 */
import { signal } from '@preact/signals'

/** Whether the examples-and-history drawer is open (it is always shown from 1440 px up). */
export const sidebarOpen = signal(false)
