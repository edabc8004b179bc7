/**
 * @module
 * Shared links, both ways: make the link to what the composer holds (with the result tab,
 * the selected key and this server's profile), and open one (set up the page, the request,
 * the key, and send when the link says so). Loaded when a link is opened or made, so the
 * first load carries none of it.
 */
import { batch } from '@preact/signals'
import { isProfileId } from '../../server/contract/profiles.ts'
import { decodeLink, encodeLink, type LinkState } from '../logic/link-codec.ts'
import { draftFromLink, linkFromDraft } from '../logic/link-draft.ts'
import { draft, loadDraft } from './composer.ts'
import { profile, selection, send, serverInfo, view } from './inspector.ts'
import { showMessage } from './message.ts'
import { setHashParams, showPage } from './page.ts'

/**
 * Set up what `state` describes: the page, the request in the composer, the result tab,
 * the selected key (on Keys, in the URL), the Proxy page's profile; then send if asked.
 */
export async function applyLinkState(state: LinkState): Promise<void> {
  batch(() => {
    showPage(state.view)
    if (state.request) loadDraft(draftFromLink(state.request))
    if (state.tab) view.value = state.tab
    if (state.view === 'inspect')
      selection.value = state.key ? { kind: 'key', key: state.key } : { kind: 'none' }
  })
  setHashParams(state.view === 'keys' && state.key ? `key=${encodeURIComponent(state.key)}` : '')
  if (state.profile && isProfileId(state.profile) && state.view === 'proxy') {
    const proxy = await import('./proxy.ts')
    proxy.profileChoice.value = state.profile
  }
  if (state.send && state.request) await send()
}

/** Open a shared link's fragment; say what it did, or why it could not. */
export async function openSharedLink(hash: string): Promise<void> {
  const decoded = await decodeLink(hash)
  if (!decoded.ok) {
    showPage(decoded.view)
    setHashParams('')
    showMessage({ tone: 'error', title: decoded.error })
    return
  }
  const { state } = decoded
  const items = [...decoded.warnings]
  const here = serverInfo.value?.profile
  if (state.view === 'inspect' && state.profile && here && state.profile !== here)
    items.push(
      `It was made on a server running the ${state.profile} profile; this one runs ${here}, so some keys may differ (Exact mode's Profiles tab shows all three).`
    )
  await applyLinkState(state)
  if (!state.request) return
  showMessage({
    tone: 'info',
    title: state.send
      ? 'Opened a shared request and sent it.'
      : 'Opened a shared request: it is in the composer, ready to send.',
    items,
  })
}

/** Return a link to the composer's request as it stands; `sendOnOpen` sends it when opened. */
export async function linkToComposer(
  sendOnOpen: boolean
): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
  const sel = selection.value
  const state: LinkState = {
    view: 'inspect',
    request: linkFromDraft(draft.value),
    ...(view.value === 'profiles' ? { tab: 'profiles' as const } : {}),
    ...(sel.kind === 'key' ? { key: sel.key } : {}),
    profile: profile.value,
    ...(sendOnOpen ? { send: true } : {}),
  }
  const encoded = await encodeLink(state)
  if (!encoded.ok) return encoded
  return { ok: true, url: `${location.origin}${location.pathname}${encoded.fragment}` }
}
