/**
 * @module
 * The Proxy page's framework view: for the request, profile and policy the proxy answer was
 * made from, and the settings in the box, what Flask, Django and Starlette compute. It asks
 * again whenever the proxy answer or the settings change.
 */
import { batch, effect, signal } from '@preact/signals'
import type { FrameworksApiResponse } from '../../server/contract/api/frameworks.ts'
import { type FrameworksOutcome, postFrameworks } from '../api/frameworks.ts'
import { liveQuery } from '../lib/live-query.ts'
import { EXAMPLE_SETTINGS, readSettings } from '../logic/framework-settings.ts'
import { answeredBody } from './proxy.ts'

const DEBOUNCE_MS = 200

export const settingsText = signal(EXAMPLE_SETTINGS)
export const frameworksAnswer = signal<FrameworksApiResponse | undefined>(undefined)
export const frameworksStatus = signal<'pending' | 'ok' | 'invalid' | 'failed'>('pending')
/** Why the settings cannot be used, or the API failed; '' when fine. */
export const frameworksError = signal('')

function receive(outcome: FrameworksOutcome): void {
  if (outcome.kind === 'aborted') return
  batch(() => {
    if (outcome.kind === 'ok') {
      frameworksAnswer.value = outcome.answer
      frameworksError.value = ''
      frameworksStatus.value = 'ok'
    } else {
      frameworksError.value = outcome.message
      frameworksStatus.value = outcome.kind
    }
  })
}

const live = liveQuery(postFrameworks, receive, DEBOUNCE_MS)

/** Answer every change of the proxy answer or the settings until the returned function is called. */
export function startFrameworks(): () => void {
  const stop = effect(() => {
    const body = answeredBody.value
    const read = readSettings(settingsText.value)
    if ('error' in read) {
      live.cancel()
      frameworksError.value = read.error
      frameworksStatus.value = 'invalid'
      return
    }
    if (!body?.request) return
    frameworksStatus.value = 'pending'
    live.schedule({
      request: body.request,
      policy: body.policy,
      ...(body.profile ? { profile: body.profile } : {}),
      settings: read.settings,
    })
  })
  return () => {
    stop()
    live.cancel()
  }
}
