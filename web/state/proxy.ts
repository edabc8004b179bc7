/**
 * @module
 * The Proxy page model: the presets, the request and policy being edited, and the API's
 * answer, re-queried live after every edit.
 *
 * The forms are plain values (./proxy-form.ts); this module holds them in signals and owns
 * the one live query, so a newer edit always wins over an older answer.
 */
import { batch, computed, effect, signal } from '@preact/signals'
import type {
  ProxyApiRequest,
  ProxyApiResponse,
  ProxyPolicyJson,
  ProxyPresetJson,
} from '../../server/contract/api/proxy.ts'
import type { ProfileId } from '../../server/contract/profiles.ts'
import { fetchProxyPresets, type ProxyOutcome, postProxy } from '../api/proxy.ts'
import { liveQuery } from '../lib/live-query.ts'
import { placeApiError } from '../logic/proxy-errors.ts'
import {
  type CountKey,
  emptyPolicyForm,
  type FieldError,
  isFieldError,
  type PolicyForm,
  type PolicyMode,
  type ProxyQuery,
  policyForm,
  proxyQuery,
  queryKey,
  type RequestForm,
  requestForm,
} from '../logic/proxy-form.ts'
import { isActive, type KeyValueRow, makeRow, removeRow, updateRow } from '../logic/rows.ts'
import { notice } from './inspector.ts'
import { replay } from './replay.ts'

/** Long enough to let a word be typed, short enough to feel live. */
const DEBOUNCE_MS = 150

export const presets = signal<readonly ProxyPresetJson[]>([])
/** The policy the server runs with, from its command line; undefined until loaded. */
export const serverPolicy = signal<ProxyPolicyJson | undefined>(undefined)
export const presetId = signal('')
export const requestDraft = signal<RequestForm>({
  method: 'GET',
  target: '/',
  httpVersion: '1.1',
  peerAddress: '127.0.0.1',
  peerPort: '',
  headers: [makeRow('Host', 'www.example.com')],
})
export const policyDraft = signal<PolicyForm>(emptyPolicyForm())
/** The server profile that builds the environ; '' is the server's own. Kept across presets. */
export const profileChoice = signal<ProfileId | ''>('')

/** The last answer for a valid input; kept while a newer input is invalid or on its way. */
export const answer = signal<ProxyApiResponse | undefined>(undefined)
/** The body `answer` was made from: the framework view asks about the same request. */
export const answeredBody = signal<ProxyApiRequest | undefined>(undefined)
/** `pending`: an edit is waiting for its answer; `invalid`: see {@link fieldError}. */
export const status = signal<'pending' | 'ok' | 'invalid' | 'failed'>('pending')
/** Why the current input has no answer, placed at its field. */
export const fieldError = signal<FieldError | undefined>(undefined)
/** Why the page cannot work at all (presets or API unreachable). */
export const pageError = signal('')

const query = computed(() => proxyQuery(requestDraft.value, policyDraft.value, profileChoice.value))

/** Whether the request or the policy differ from the chosen preset's. */
export const presetEdited = computed(() => {
  const preset = presets.value.find((entry) => entry.id === presetId.value)
  if (!preset) return false
  const loaded = queryKey(requestForm(preset.request), policyForm(preset.policy))
  return queryKey(requestDraft.value, policyDraft.value) !== loaded
})

function receive(outcome: ProxyOutcome, sent: ProxyQuery): void {
  batch(() => {
    if (outcome.kind === 'ok') {
      answer.value = outcome.answer
      answeredBody.value = sent.body
      fieldError.value = undefined
      pageError.value = ''
      status.value = 'ok'
    } else if (outcome.kind === 'invalid') {
      fieldError.value = placeApiError(outcome.message, sent.headerRows)
      status.value = 'invalid'
    } else if (outcome.kind === 'failed') {
      pageError.value = outcome.message
      status.value = 'failed'
    }
  })
}

const live = liveQuery(
  (sent: ProxyQuery, abort: AbortSignal) => postProxy(sent.body, abort),
  receive,
  DEBOUNCE_MS
)

let loaded: Promise<void> | undefined

async function loadPresets(): Promise<void> {
  const result = await fetchProxyPresets()
  if ('message' in result) {
    pageError.value = result.message
    loaded = undefined // try again when the page is shown next
    return
  }
  batch(() => {
    presets.value = result.presets
    serverPolicy.value = result.serverPolicy
    const first = result.presets[0]
    if (first) choosePreset(first.id)
    // the server's own policy is the one most people want to check their proxy against
    if (result.serverPolicy.mode !== 'none') applyServerPolicy()
  })
}

/**
 * Load the presets (once), then answer every edit until the returned function is called.
 * The Proxy view calls this while it is shown.
 */
export function startProxyPage(): () => void {
  loaded ??= loadPresets()
  let stopped = false
  let stop = () => {}
  void loaded.then(() => {
    if (stopped) return
    stop = effect(() => {
      const next = query.value
      if (isFieldError(next)) {
        live.cancel()
        fieldError.value = next
        status.value = 'invalid'
        return
      }
      status.value = 'pending'
      live.schedule(next)
    })
  })
  return () => {
    stopped = true
    stop()
    live.cancel()
  }
}

export function choosePreset(id: string): void {
  const preset = presets.value.find((entry) => entry.id === id)
  if (!preset) return
  batch(() => {
    presetId.value = id
    requestDraft.value = requestForm(preset.request)
    policyDraft.value = policyForm(preset.policy, policyDraft.value)
  })
}

export function applyServerPolicy(): void {
  const policy = serverPolicy.value
  if (policy) policyDraft.value = policyForm(policy, policyDraft.value)
}

export function editRequest(change: Partial<Omit<RequestForm, 'headers'>>): void {
  requestDraft.value = { ...requestDraft.value, ...change }
}

function setHeaders(headers: readonly KeyValueRow[]): void {
  requestDraft.value = { ...requestDraft.value, headers }
}

export function editHeader(id: string, change: Partial<Omit<KeyValueRow, 'id'>>): void {
  setHeaders(updateRow(requestDraft.value.headers, id, change))
}

export function addHeader(name = ''): KeyValueRow {
  const row = makeRow(name)
  setHeaders([...requestDraft.value.headers, row])
  return row
}

export function removeHeader(id: string): void {
  setHeaders(removeRow(requestDraft.value.headers, id))
}

/**
 * Another server builds the environ or scope. Its own trust has its own option names, so the
 * ones typed for the last server are dropped rather than refused as unknown.
 */
export function chooseProfile(profile: ProfileId | ''): void {
  batch(() => {
    if (profile !== profileChoice.value) {
      policyDraft.value = { ...policyDraft.value, serverSettings: {} }
    }
    profileChoice.value = profile
  })
}

/** One of the server's own trust options, as typed. */
export function setServerSetting(name: string, text: string): void {
  const draft = policyDraft.value
  policyDraft.value = { ...draft, serverSettings: { ...draft.serverSettings, [name]: text } }
}

export function setServerDefaults(on: boolean): void {
  policyDraft.value = { ...policyDraft.value, serverDefaults: on }
}

export function setPolicyMode(mode: PolicyMode): void {
  policyDraft.value = { ...policyDraft.value, mode }
}

export function setCount(key: CountKey, text: string): void {
  const draft = policyDraft.value
  policyDraft.value = { ...draft, counts: { ...draft.counts, [key]: text } }
}

export function setProxies(text: string): void {
  policyDraft.value = { ...policyDraft.value, proxies: text }
}

export function setForwarded(forwarded: boolean): void {
  policyDraft.value = { ...policyDraft.value, forwarded }
}

/**
 * Open the request in the Inspect composer, in Exact mode (the browser could not send Host
 * or the forwarding headers as written). The peer address cannot come along: there the
 * server sends the request to its own echo, so the peer is this server itself. The notice
 * says so.
 */
export function openInInspect(): void {
  const form = requestDraft.value
  replay({
    method: form.method,
    target: form.target,
    httpVersion: `HTTP/${form.httpVersion}`,
    headers: form.headers.filter(isActive).map((row) => [row.name, row.value] as const),
    body: '',
  })
  notice.value = `Opened in Inspect, Exact mode. The peer ${form.peerAddress} cannot come along: the server sends this request itself, so REMOTE_ADDR will be its own address.`
}
