/**
 * @module
 * The inspector model: server info, the current and pinned results, what is selected,
 * and the send action.
 */
import { batch, computed, signal } from '@preact/signals'
import { type EchoOutcome, fetchInfo, type ServerInfo, sendEcho } from '../api.ts'
import { draft, outgoing, setPath } from './composer.ts'
import { recordHistory } from './history.ts'
import type { Draft, Outgoing } from './request.ts'
import { type SentView, sentView } from './sent.ts'
import { keysForPart, partsForKey, type RequestPart, samePart, type TraceLink } from './trace.ts'

/** One send: what was composed, what went out, what came back. */
export interface SentResult {
  readonly id: string
  /** Epoch milliseconds. */
  readonly at: number
  readonly draft: Draft
  readonly outgoing: Outgoing
  readonly outcome: EchoOutcome
  /** The server profile at the time, for the explainer. */
  readonly profile: string
}

export type Selection =
  | { readonly kind: 'none' }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'part'; readonly part: RequestPart }

export const serverInfo = signal<ServerInfo | undefined>(undefined)
export const serverState = signal<'checking' | 'up' | 'down'>('checking')
export const sending = signal(false)
export const current = signal<SentResult | undefined>(undefined)
export const pinned = signal<SentResult | undefined>(undefined)
export const selection = signal<Selection>({ kind: 'none' })
export const filter = signal('')
export const view = signal<'environ' | 'compare'>('environ')
/** A short message for the live region ("Copied curl command"). */
export const notice = signal('')

export const profile = computed(() => serverInfo.value?.profile ?? 'wsgiref')

/** The environ of the current result, when it has one. */
export const environ = computed(() => {
  const outcome = current.value?.outcome
  return outcome?.ok ? outcome.environ : undefined
})

/** The current request as it went out, rebuilt from the echo. */
export const sent = computed((): SentView | undefined => {
  const result = current.value
  const env = environ.value
  return result && env ? sentView(result.outgoing, env, result.profile) : undefined
})

/** Keys to highlight in the environ table for the current selection. */
export const highlightedKeys = computed((): readonly TraceLink[] => {
  const sel = selection.value
  const env = environ.value
  if (!env) return []
  if (sel.kind === 'key') return [{ key: sel.key, via: 'direct' }]
  if (sel.kind === 'part') return keysForPart(sel.part, Object.keys(env))
  return []
})

/** Request parts to highlight in the "as it went out" view for the current selection. */
export const highlightedParts = computed((): readonly RequestPart[] => {
  const sel = selection.value
  if (sel.kind === 'part') return [sel.part]
  if (sel.kind !== 'key') return []
  const names = sent.value?.headers.filter((h) => h.origin !== 'blocked').map((h) => h.name) ?? []
  return partsForKey(sel.key, names)
})

export async function loadServerInfo(): Promise<void> {
  const info = await fetchInfo()
  batch(() => {
    serverInfo.value = info ?? serverInfo.value
    serverState.value = info ? 'up' : 'down'
  })
}

function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

/** Send the current draft (unless it cannot be sent) and record it in history. */
export async function send(): Promise<void> {
  if (sending.value) return
  if (draft.value.path.includes('?')) setPath(draft.value.path)
  const snapshot = draft.value
  const request = outgoing.value
  const profileNow = profile.value
  if (request.problems.length > 0) {
    notice.value = request.problems[0] ?? ''
    return
  }
  sending.value = true
  const outcome = await sendEcho(request)
  const result: SentResult = {
    id: newId(),
    at: Date.now(),
    draft: snapshot,
    outgoing: request,
    outcome,
    profile: profileNow,
  }
  batch(() => {
    sending.value = false
    current.value = result
    serverState.value = !outcome.ok && outcome.kind === 'unreachable' ? 'down' : 'up'
    if (selection.value.kind === 'part') selection.value = { kind: 'none' }
  })
  recordHistory({
    id: result.id,
    at: result.at,
    draft: snapshot,
    method: request.method,
    target: request.target,
    status: outcome.status,
    timeMs: Math.round(outcome.timeMs),
  })
}

/** Pin the current result as A for Compare. */
export function pinCurrent(): void {
  if (!current.value) return
  pinned.value = current.value
  notice.value = 'Pinned as A. Send another request, then open Compare.'
}

export function unpin(): void {
  batch(() => {
    pinned.value = undefined
    view.value = 'environ'
  })
}

/** Select a key, or clear the selection when it is already selected. */
export function toggleKey(key: string): void {
  const sel = selection.value
  selection.value = sel.kind === 'key' && sel.key === key ? { kind: 'none' } : { kind: 'key', key }
}

/** Select a request part, or clear the selection when it is already selected. */
export function togglePart(part: RequestPart): void {
  const sel = selection.value
  const same = sel.kind === 'part' && samePart(sel.part, part)
  selection.value = same ? { kind: 'none' } : { kind: 'part', part }
}
