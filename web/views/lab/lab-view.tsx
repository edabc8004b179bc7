/**
 * @module
 * The deployment lab: a proxy chain, a server profile with its proxy trust, a framework with
 * its settings; the request as each layer receives it, the environ or scope the app gets,
 * the framework's values and a verdict with the fix. The set-up lives in the URL hash.
 * Every echoed value is rendered as text.
 */

import { useEffect, useState } from 'preact/hooks'
import type { FrameworksApiResponse } from '../../../server/contract/api/frameworks.ts'
import { postFrameworks } from '../../api/frameworks.ts'
import { Button } from '../../components/button.tsx'
import { labRequestBody } from '../../logic/lab-body.ts'
import {
  chainById,
  clientRequest,
  FORGED,
  forgedThatReach,
  LAB_CHAINS,
  type LabChain,
  type WireRequest,
  walkChain,
} from '../../logic/lab-chains.ts'
import { CLASSICS, formatSetup, type LabSetup, labTrust, parseSetup } from '../../logic/lab-link.ts'
import { serverFlags } from '../../logic/lab-server-flags.ts'
import { forgedInValues, type LabFramework, labVerdicts } from '../../logic/lab-verdict.ts'
import { serverInfo } from '../../state/inspector.ts'
import { hashParams, setHashParams } from '../../state/page.ts'
import styles from './lab.module.css'

const FRAMEWORK_NAMES: Record<LabFramework, string> = {
  flask: 'Flask',
  django: 'Django',
  starlette: 'Starlette / FastAPI',
}

type Outcome =
  | { readonly kind: 'pending' }
  | { readonly kind: 'ok'; readonly answer: FrameworksApiResponse }
  | { readonly kind: 'error'; readonly message: string }

/** Ask the frameworks API about `delivered`; the latest call wins. */
function useFrameworks(setup: LabSetup, chain: LabChain, delivered: WireRequest): Outcome {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'pending' })
  const serverProfile = serverInfo.value?.profile ?? ''
  const key = JSON.stringify([setup, delivered, serverProfile])
  useEffect(() => {
    const body = labRequestBody(setup, chain, delivered, serverProfile)
    if (typeof body === 'string') {
      setOutcome({ kind: 'error', message: body })
      return
    }
    const controller = new AbortController()
    setOutcome({ kind: 'pending' })
    void postFrameworks(body, controller.signal).then((result) => {
      if (result.kind === 'ok') setOutcome({ kind: 'ok', answer: result.answer })
      else if (result.kind !== 'aborted') setOutcome({ kind: 'error', message: result.message })
    })
    return () => controller.abort()
  }, [key])
  return outcome
}

function WireText({ request }: { request: WireRequest }) {
  const lines = [
    `${request.method} ${request.target} HTTP/${request.httpVersion}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ]
  return (
    <pre class={styles.wire}>
      {`from ${request.peer} over ${request.scheme}\n${lines.join('\n')}`}
    </pre>
  )
}

function Values({ entries, label }: { entries: ReadonlyArray<[string, string]>; label: string }) {
  return (
    <dl class={styles.values} aria-label={label}>
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function appInput(framework: LabFramework, answer: FrameworksApiResponse): Array<[string, string]> {
  if (framework === 'flask') return Object.entries(answer.flask.environ)
  if (framework === 'django') return Object.entries(answer.environ)
  const scope = answer.starlette.scope
  if (!scope) return [['refused', answer.starlette.refused ?? '']]
  return Object.entries(scope).map(([key, value]) => [key, JSON.stringify(value)])
}

function frameworkValues(
  framework: LabFramework,
  answer: FrameworksApiResponse
): Array<[string, string]> {
  return Object.entries(answer[framework].expressions).map(([expression, evaluation]) => [
    expression,
    'value' in evaluation ? evaluation.value : `raises ${evaluation.raises}: ${evaluation.message}`,
  ])
}

function SpoofResult({ setup, chain }: { setup: LabSetup; chain: LabChain }) {
  const steps = walkChain(chain, clientRequest(chain, { ...setup, spoof: true }))
  const delivered = (steps.at(-1) as (typeof steps)[number]).request
  const outcome = useFrameworks(setup, chain, delivered)
  const reach = forgedThatReach(delivered)
  const used =
    outcome.kind === 'ok'
      ? forgedInValues(setup.framework, outcome.answer, ['6.6.6.6', 'evil.example'])
      : []
  return (
    <section aria-labelledby="lab-spoof-title">
      <h3 id="lab-spoof-title">Spoof test</h3>
      <p class={styles.lead}>
        The client forges{' '}
        {Object.entries(FORGED)
          .map(([name, value]) => `${name}: ${value}`)
          .join('; ')}
        .
      </p>
      <ul aria-label="Forged headers">
        {Object.keys(FORGED).map((name) => (
          <li key={name}>
            {reach.includes(name as keyof typeof FORGED)
              ? `${name}: the forged value reaches the app server`
              : `${name}: stopped by the chain`}
          </li>
        ))}
      </ul>
      {outcome.kind === 'pending' && <p>Running…</p>}
      {outcome.kind === 'error' && <p role="alert">{outcome.message}</p>}
      {outcome.kind === 'ok' && (
        <p role="status" aria-label="Forged values used">
          {used.length === 0
            ? `${FRAMEWORK_NAMES[setup.framework]} uses none of the forged values.`
            : `${FRAMEWORK_NAMES[setup.framework]} uses forged values: ${used.join('; ')}`}
        </p>
      )}
    </section>
  )
}

export function LabView() {
  const setup = parseSetup(hashParams.value)
  const [spoof, setSpoof] = useState(false)
  const update = (change: Partial<LabSetup>) => {
    setSpoof(false)
    setHashParams(formatSetup({ ...setup, ...change }))
  }
  const chain = chainById(setup.chain)
  // the server's own flags that trust the chain's last proxy, when its server has any
  const own = serverFlags(
    setup.profile || serverInfo.value?.profile || '',
    chain.hops.at(-1)?.address ?? '127.0.0.1'
  )
  const steps = walkChain(chain, clientRequest(chain, { ...setup, spoof: false }))
  const delivered = (steps.at(-1) as (typeof steps)[number]).request
  const outcome = useFrameworks(setup, chain, delivered)
  const profiles = serverInfo.value?.profiles ?? []
  return (
    <section class={styles.view} aria-labelledby="lab-title">
      <header>
        <h2 id="lab-title" class={styles.title}>
          Deployment lab
        </h2>
        <p class={styles.lead}>
          Pick a proxy chain, the server and its proxy trust, and a framework with its settings: see
          the request at every hop, what the app gets, what the framework computes, and what to fix.
          The address bar is a link to this set-up.
        </p>
      </header>
      <fieldset class={styles.classics}>
        <legend>Classic problems, one click each</legend>
        {CLASSICS.map((classic) => (
          <Button key={classic.id} onClick={() => update(classic.setup)}>
            {classic.label}
          </Button>
        ))}
      </fieldset>
      <form class={styles.form} onSubmit={(event) => event.preventDefault()}>
        <label>
          Proxy chain
          <select
            value={chain.id}
            onChange={(event) => update({ chain: event.currentTarget.value })}
          >
            {LAB_CHAINS.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Server
          <select
            value={setup.profile}
            onChange={(event) => update({ profile: event.currentTarget.value })}
          >
            <option value="">This server's profile ({serverInfo.value?.profile ?? '…'})</option>
            {profiles.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Server's proxy trust
          <select
            // a server without flags of its own trusts nobody, as the body sent says (lab-body.ts)
            value={setup.trust === 'own-flags' && !own ? 'none' : setup.trust}
            onChange={(event) => update({ trust: labTrust(event.currentTarget.value) })}
          >
            <option value="none">Trusts no proxy (the default)</option>
            <option value="last-proxy">
              Trusts the last proxy ({chain.hops.at(-1)?.address ?? ''}): --trusted-proxies
            </option>
            {own && <option value="own-flags">Its own flags: {own.flags}</option>}
          </select>
        </label>
        <label>
          Framework
          <select
            aria-label="Framework"
            value={setup.framework}
            onChange={(event) =>
              update({
                framework: event.currentTarget.value as LabFramework,
                settings: '{}',
              })
            }
          >
            {(Object.keys(FRAMEWORK_NAMES) as LabFramework[]).map((id) => (
              <option key={id} value={id}>
                {FRAMEWORK_NAMES[id]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Method
          <select
            value={setup.method}
            onChange={(event) =>
              update({ method: event.currentTarget.value === 'POST' ? 'POST' : 'GET' })
            }
          >
            <option value="GET">GET</option>
            <option value="POST">POST (from a page of the site)</option>
          </select>
        </label>
        <label>
          Path{chain.publicPrefix ? ` (under ${chain.publicPrefix})` : ''}
          <input
            value={setup.path}
            spellcheck={false}
            onChange={(event) => update({ path: event.currentTarget.value })}
          />
        </label>
        <label>
          {FRAMEWORK_NAMES[setup.framework]} settings (JSON)
          <textarea
            value={setup.settings}
            spellcheck={false}
            onChange={(event) => update({ settings: event.currentTarget.value })}
          />
        </label>
      </form>
      <section aria-labelledby="lab-verdict-title" aria-live="polite">
        <h3 id="lab-verdict-title">Verdict</h3>
        {outcome.kind === 'pending' && <p>Asking the server…</p>}
        {outcome.kind === 'error' && <p role="alert">{outcome.message}</p>}
        {outcome.kind === 'ok' && (
          <ul class={styles.verdicts} aria-label="Verdict">
            {labVerdicts(setup.framework, outcome.answer, chain).map((verdict) => (
              <li key={verdict.text} class={verdict.ok ? undefined : styles.problem}>
                {verdict.ok ? 'OK: ' : 'Problem: '}
                {verdict.text}
                {verdict.fix && (
                  <>
                    {' Fix: '}
                    <span class={styles.fix}>{verdict.fix}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <div>
        <Button onClick={() => setSpoof(true)}>Spoof test</Button>
      </div>
      {spoof && <SpoofResult setup={setup} chain={chain} />}
      <section aria-labelledby="lab-hops-title">
        <h3 id="lab-hops-title">Hop by hop</h3>
        <p class={styles.lead}>{chain.description}</p>
        <ol class={styles.hops} aria-label="Hops">
          {steps.map((step) => (
            <li key={step.receiver}>
              <h4>{step.receiver} receives</h4>
              <WireText request={step.request} />
            </li>
          ))}
        </ol>
      </section>
      {outcome.kind === 'ok' && (
        <>
          <section aria-labelledby="lab-values-title">
            <h3 id="lab-values-title">
              What {FRAMEWORK_NAMES[setup.framework]} computes (
              {outcome.answer[setup.framework].modelled})
            </h3>
            <Values
              label="Framework values"
              entries={frameworkValues(setup.framework, outcome.answer)}
            />
          </section>
          <section aria-labelledby="lab-app-title">
            <h3 id="lab-app-title">
              {setup.framework === 'starlette'
                ? 'The scope the app gets'
                : 'The environ the app gets'}
            </h3>
            <Values label="App input" entries={appInput(setup.framework, outcome.answer)} />
          </section>
        </>
      )}
    </section>
  )
}
