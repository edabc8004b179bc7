/**
 * @module
 * The inspector model: server info, the current and pinned results, what is selected,
 * and the send action.
 */
import { batch, computed, signal } from '@preact/signals'
import type { ByteRange, SendAnswer } from '../../server/contract/api/send.ts'
import { sendEcho } from '../api/echo.ts'
import { fetchInfo, type ServerInfo } from '../api/info.ts'
import { type Draft, draftMode, sameRequest } from '../logic/request.ts'
import type { SentResult } from '../logic/result.ts'
import { type SentView, sentView } from '../logic/sent.ts'
import {
  keysForPart,
  partsForKey,
  type RequestPart,
  samePart,
  type TraceLink,
} from '../logic/trace.ts'
import { draft, outgoing, setPath } from './composer.ts'
import { recordHistory } from './history.ts'
import { EXACT_MISSING, exactMode } from './lazy-models.ts'

export type Selection =
  | { readonly kind: 'none' }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'part'; readonly part: RequestPart }
  /** Exact mode: bytes of the request as sent (a header line, the method…). */
  | { readonly kind: 'bytes'; readonly range: ByteRange; readonly label: string }

export const serverInfo = signal<ServerInfo | undefined>(undefined)
export const serverState = signal<'checking' | 'up' | 'down'>('checking')
export const sending = signal(false)
export const current = signal<SentResult | undefined>(undefined)
export const pinned = signal<SentResult | undefined>(undefined)
export const selection = signal<Selection>({ kind: 'none' })
export const filter = signal('')
export const view = signal<'environ' | 'compare' | 'profiles'>('environ')
/** A short message for the live region ("Copied curl command"). */
export const notice = signal('')

export const profile = computed(() => serverInfo.value?.profile ?? 'wsgiref')

/** True when the form has changed since the current result was sent: the result is stale. */
export const resultIsStale = computed(() => {
  const result = current.value
  return result !== undefined && !sameRequest(result.draft, draft.value)
})

/** The environ of the current result, when it has one. */
export const environ = computed(() => {
  const outcome = current.value?.outcome
  return outcome?.ok ? outcome.environ : undefined
})

/** The current browser-mode request as it went out, rebuilt from the echo. */
export const sent = computed((): SentView | undefined => {
  const result = current.value
  const env = environ.value
  return result?.mode === 'browser' && env
    ? sentView(result.outgoing, env, result.profile)
    : undefined
})

/** The relay's report of the current exact-mode send. */
export const exactAnswer = computed((): SendAnswer | undefined => {
  const result = current.value
  return result?.mode === 'exact' ? result.answer : undefined
})

/** Byte ranges of the exact request to highlight for the current selection. */
export const litRanges = computed((): readonly ByteRange[] => {
  const sel = selection.value
  const answer = exactAnswer.value
  const code = exactMode.module.value // loaded: it made the answer
  if (!answer || !code) return []
  if (sel.kind === 'key') return code.rangesForKey(answer, sel.key)
  if (sel.kind === 'bytes') return [sel.range]
  return []
})

/** Keys to highlight in the environ table for the current selection. */
export const highlightedKeys = computed((): readonly TraceLink[] => {
  const sel = selection.value
  const env = environ.value
  if (!env) return []
  if (sel.kind === 'key') return [{ key: sel.key, via: 'direct' }]
  if (sel.kind === 'bytes') {
    const answer = exactAnswer.value
    const code = exactMode.module.value
    return answer && code ? code.keysForRange(answer, sel.range) : []
  }
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

async function sendBrowser(snapshot: Draft): Promise<SentResult | undefined> {
  const request = outgoing.value
  const profileNow = profile.value
  if (request.problems.length > 0) {
    notice.value = request.problems[0] ?? ''
    return undefined
  }
  sending.value = true
  const outcome = await sendEcho(request)
  const base = { id: newId(), at: Date.now(), draft: snapshot, outcome, profile: profileNow }
  return {
    ...base,
    mode: 'browser',
    outgoing: request,
    method: request.method,
    target: request.target,
  }
}

async function sendExactDraft(snapshot: Draft): Promise<SentResult | undefined> {
  const profileNow = profile.value
  // busy from here: exact mode's code may still be on its way
  sending.value = true
  const code = await exactMode.load()
  const plan = code?.planExact(snapshot)
  const problem = plan ? plan.problems[0] : EXACT_MISSING
  if (!code || !plan || problem !== undefined) {
    batch(() => {
      sending.value = false
      notice.value = problem ?? ''
    })
    return undefined
  }
  const reply = await code.sendExact(plan.request)
  const answer = reply.ok ? reply.answer : undefined
  return {
    id: newId(),
    at: Date.now(),
    draft: snapshot,
    outcome: code.exactOutcome(reply),
    profile: answer?.serverProfile ?? profileNow,
    mode: 'exact',
    plan,
    answer,
    method: plan.method,
    target: plan.target,
  }
}

/** Send the current draft (unless it cannot be sent) and record it in history. */
export async function send(): Promise<void> {
  if (sending.value) return
  // commit a typed '?' or a pasted URL first, as leaving the field would
  if (/\?|:\/\//.test(draft.value.path)) setPath(draft.value.path)
  const snapshot = draft.value
  const exact = draftMode(snapshot) === 'exact'
  const result = exact ? await sendExactDraft(snapshot) : await sendBrowser(snapshot)
  if (!result) return
  const outcome = result.outcome
  batch(() => {
    sending.value = false
    current.value = result
    serverState.value = !outcome.ok && outcome.kind === 'unreachable' ? 'down' : 'up'
    if (selection.value.kind !== 'key') selection.value = { kind: 'none' }
    if (view.value === 'profiles' && !exact) view.value = 'environ'
  })
  recordHistory({
    id: result.id,
    at: result.at,
    draft: snapshot,
    method: result.method,
    target: result.target,
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

/** Select bytes of the exact request, or clear the selection when they are already selected. */
export function toggleBytes(range: ByteRange, label: string): void {
  const sel = selection.value
  const same = sel.kind === 'bytes' && sel.range[0] === range[0] && sel.range[1] === range[1]
  selection.value = same ? { kind: 'none' } : { kind: 'bytes', range, label }
}
